"""Text: cleaning page and wire furniture, sentences, published dates, content words, spaCy.

The bottom stage: imports nothing else from `summarizer`.
"""
