"""What kind of sentence each one of a document is: body, page furniture, part of what the article is about.

Per document and decided from its own text, so worked out once and stored with its facts
(`DocumentFacts.kinds`): the story grouping keeps body sentences, the developments skip
furniture, a sentence whose words recur elsewhere in its article is "woven" into it, and one
that leaves a quotation open is read with the next.
"""

from __future__ import annotations

import re
from collections import Counter

from summarizer.text.sentences import quote_open

BODY, FURNITURE, WOVEN, OPEN = 1, 2, 4, 8
MIN_WORDS = 8  # below this, no development
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
_BYLINE = re.compile(r"^(?:\(?reporting by|editing by|\d\d/\d\d/\d{4}\s*/)", re.I)
_BY = re.compile(r"^by\s", re.I)
_BYLINE_GLUE = frozenset({"and", "in", "of", "the", "for", "at", "with", "from"})  # "By A in Kyiv and B in Rome"
_FINAL = re.compile(r"[.!?][\"'\u201d\u2019)]?$")


def is_body_sentence(sentence: dict, document: dict) -> bool:
    """A sentence of the article's body: not its headline, a byline, a label or a list of links."""
    text = sentence["text"].strip()
    if len(text.split()) < 5 or _is_byline(text) or not _SENTENCE_END.search(text):
        return False
    title = (document.get("title") or "").strip()
    return not (title and text.rstrip(".") == title.rstrip("."))


def _is_byline(text: str) -> bool:
    """"By Anna Petrova and John Smith, Lakeside Wire" is a byline; "By the end of the month the board must pay
    the contractors" and "By Friday, the union must answer" are sentences: after its "By", a byline has names
    and the words that join them, hardly a word in lower case."""
    if _BYLINE.match(text):
        return True
    return bool(_BY.match(text)) and sum(1 for w in text.split()[1:] if w[:1].islower() and w not in _BYLINE_GLUE) <= 2


def looks_like_furniture(sentence: dict, document: dict) -> bool:
    """Too short, a link, the headline again, or a label: no development is made of it."""
    text = sentence["text"]
    if len(text.split()) < MIN_WORDS:
        return True
    if "http://" in text or "https://" in text or "www." in text:
        return True
    if document.get("title") and text.strip().rstrip(".") == document["title"].strip().rstrip("."):
        return True
    # Headlines and labels: no sentence-final punctuation.
    return not _FINAL.search(text.strip())


def sentence_kinds(document: dict, sentences: list[dict], words: list[list[str]]) -> str:
    """One hex digit per sentence (in order): BODY, FURNITURE, WOVEN and OPEN (a quotation left open at its end)
    added up. `words`: each one's content words."""
    used = Counter(w for found in words for w in found)  # how many of the document's sentences use each word
    out = []
    for s, found in zip(sentences, words):
        kind = BODY * is_body_sentence(s, document) + FURNITURE * looks_like_furniture(s, document)
        kind += WOVEN * any(used[w] > 1 for w in found) + OPEN * quote_open(s["text"])
        out.append(f"{kind:x}")
    return "".join(out)
