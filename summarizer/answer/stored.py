"""The candidates' parses made at ingest, read instead of parsing the sentences again at question time.

A document's passages worth a parse (those that may report speech: `facts.statements.to_parse`)
were parsed once when it arrived and stored with it. A question checks up to sixty candidate
sentences for who did what; parsing them costs several milliseconds each, reading them back
from their document's stored parse about a tenth of that per document. Only a stored parse of
the current model is read; a sentence without one (a passage joined across a quote, a sentence
not worth a parse at ingest) is parsed as before.
"""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.facts.statements import worth_a_parse
from summarizer.text.datelines import blank_dateline
from summarizer.text.parses import MODEL_KEY, parses_from_bytes


class StoredParses:
    """`lookup(texts)` for `roles.stored_parses`: parses of these texts from the stored parse of a
    document they were retrieved from, each text looked up once."""

    def __init__(self, store):
        self.store = store
        self.sources: dict[str, set[str]] = {}  # sentence text -> documents it was retrieved from
        self.tried: set[str] = set()  # texts looked up: found in `docs`, or left to the parser
        self.docs: dict = {}

    def add(self, hits: Iterable[dict]) -> None:
        """Retrieved sentences (and the sentence before each, when known), which may be parsed next."""
        for h in hits:
            for text in (h["text"], h.get("before")):
                if text and worth_a_parse(blank_dateline(text)):  # only these have a stored parse
                    self.sources.setdefault(text, set()).add(h["document_id"])

    def __call__(self, texts: list[str]) -> dict:
        # One document per sentence: a sentence many outlets carry is read from the first that holds it.
        wanted = [t for t in texts if t in self.sources and t not in self.docs and t not in self.tried]
        by_document: dict[str, set[str]] = {}
        for t in wanted:
            sources = self.sources[t]
            chosen = next((i for i in sorted(sources) if i in by_document), None) or min(sources)
            by_document.setdefault(chosen, set()).add(t)
        if by_document:
            self.tried.update(wanted)
            for i, row in self.store.parses_of(sorted(by_document)).items():
                if row["model"] == MODEL_KEY:
                    # stored as ingest parsed them, a dateline blanked out (`statements.passages`)
                    keys = {blank_dateline(t): t for t in by_document[i]}
                    found = parses_from_bytes(row["data"], only=set(keys))
                    self.docs.update((keys[k], doc) for k, doc in found.items())
        return {t: self.docs[t] for t in texts if t in self.docs}
