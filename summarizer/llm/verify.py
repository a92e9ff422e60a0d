"""Checking what the LLM cites: every quote must be a verbatim slice of the cited passage's document.

The only tolerance is whitespace: runs of spaces, tabs and newlines compare equal
to one space, because models re-flow line breaks. Offsets are mapped back to the
stored text, and the citation is built by `Citation.from_document`, so what is
shown is always the document's own characters, never the model's copy.
"""

from __future__ import annotations

import logging
import re

from summarizer.llm.prompt import NEUTRAL_LT, Passage
from summarizer.model import Citation

log = logging.getLogger(__name__)
MIN_QUOTE_CHARS = 8  # shorter quotes ("Norway", "said") match almost anywhere and support nothing
_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> tuple[str, list[int]]:
    """Text with whitespace runs collapsed to one space, and the original index of each kept character."""
    out, where, last = [], [], 0
    for m in _SPACE.finditer(text):
        out.append(text[last : m.start()])
        where.extend(range(last, m.start()))
        out.append(" ")
        where.append(m.start())
        last = m.end()
    out.append(text[last:])
    where.extend(range(last, len(text)))
    return "".join(out), where


class Verifier:
    """Turns the model's (passage number, quote) pairs into verified citations, counting rejects."""

    def __init__(self, passages: list[Passage], documents: dict[str, dict]):
        self.passages = {p.number: p for p in passages}
        self.documents = documents
        self._squeezed: dict[str, tuple[str, list[int]]] = {}
        self.rejected = 0

    def cite(self, quotes) -> list[Citation]:
        """Verified citations for one item, in the model's order, duplicates merged; rejects are counted."""
        citations: list[Citation] = []
        for q in quotes:
            citation = self.locate(q.passage, q.quote)
            if citation is None:
                self.rejected += 1
                log.debug("rejected citation: passage %s, %d chars", q.passage, len(q.quote))
            elif citation not in citations:
                citations.append(citation)
        return citations

    def locate(self, number: int, quote: str) -> Citation | None:
        passage = self.passages.get(number)
        if passage is None:
            return None
        document = self.documents[passage.row["document_id"]]
        wanted = " ".join(quote.split())
        if len(wanted) < MIN_QUOTE_CHARS:
            return None
        text, where = self._squeezed.get(document["id"]) or self._squeeze(document)
        # The prompt showed "<" as U+2039 in tag-like text; the document has "<".
        for candidate in dict.fromkeys((wanted, wanted.replace(NEUTRAL_LT, "<"))):
            span = _best_match(text, candidate, where, passage.row["start"], passage.row["end"])
            if span is not None:
                return Citation.from_document(document, *span)
        return None

    def _squeeze(self, document: dict) -> tuple[str, list[int]]:
        self._squeezed[document["id"]] = squeeze(document["text"])
        return self._squeezed[document["id"]]


def _best_match(text: str, wanted: str, where: list[int], start: int, end: int) -> tuple[int, int] | None:
    """Offsets in the original text of the occurrence inside the cited passage, else the first one."""
    first = None
    i = text.find(wanted)
    while i >= 0:
        span = (where[i], where[i + len(wanted) - 1] + 1)
        if start <= span[0] and span[1] <= end:
            return span
        first = first or span
        i = text.find(wanted, i + 1)
    return first
