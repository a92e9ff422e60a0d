"""Turning stored documents into briefings and answers, in stages whose imports run one way.

- `text/`: cleaning, sentences, published dates, content words, the spaCy pipeline.
- `dates/`: time expressions resolved to calendar dates (the resolver, its rules,
  document anchors, the TimeML scorer).
- `facts/`: what one document says (actors, speech, typed spans), independent of
  any other document.
- `briefing/`: merging a window's documents across sources into stories, positions,
  deadlines, open questions and developments.
- `answer/`: questions answered from the store, with cited quotes.
- `llm/`: the optional model engine and the verifier that checks it against the sources.

`text` -> `dates` -> `facts` -> `briefing` -> `answer`; `llm` beside them. `model`
holds the data classes every stage returns. A module never imports from a stage
to its right.
"""
