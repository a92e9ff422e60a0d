"""A window's documents with their facts: what every briefing stage asks of a document or a sentence.

The facts come from the store (read once per document at ingest) or, for documents
given without them, are read here in one batch. A document read against one
anchor whose story gives it another (an undated article dated by a corroborating
source) has its deadline candidates worked out again for that anchor.
"""

from __future__ import annotations

import sys

from summarizer.briefing.deadlines import Reading, candidates_of
from summarizer.dates.anchors import Anchor, document_anchors
from summarizer.facts.deadlines import document_candidates
from summarizer.facts.document import DocumentFacts, read_documents


class WindowFacts:
    def __init__(self, documents: list[dict], sentences: list[dict], facts: dict[str, DocumentFacts] | None = None,
                 aliases: dict[str, list[str]] | None = None):
        facts = {i: f for i, f in (facts or {}).items() if f.current(aliases)}
        missing = [d for d in documents if d["id"] not in facts]
        if missing:
            ids = {d["id"] for d in missing}
            facts.update(read_documents(missing, [s for s in sentences if s["document_id"] in ids], aliases))
        self.facts = facts
        self._by_doc: dict[str, list[dict]] | None = None
        self._sentences = sentences
        # Asked of every sentence by several stages: each document's kinds decoded once, and one set of words
        # per distinct sentence (near-duplicate articles repeat most of theirs).
        self._kinds: dict[str, list[int]] = {}
        self._word_sets: dict[str, set[str]] = {}

    # -- what the stages ask ---------------------------------------------------------------
    def bag_of(self, document: dict) -> dict[str, int]:
        """The document's word counts (`DocumentFacts.bag`), its words interned: a window's thousands of
        counts then hold one copy of each word, not one per document."""
        parts = self.facts[document["id"]].counts.split()
        return dict(zip(map(sys.intern, parts[::2]), map(int, parts[1::2])))

    def words_of(self, sentence: dict) -> set[str]:
        """The sentence's content words: one set shared by the sentences of the same words, not to be changed."""
        words, idx = self.facts[sentence["document_id"]].words, sentence["idx"]
        if idx >= len(words):
            return set()
        found = self._word_sets.get(words[idx])
        if found is None:
            found = self._word_sets[words[idx]] = set(words[idx].split())
        return found

    def kind_of(self, sentence: dict) -> int:
        kinds = self._kinds.get(sentence["document_id"])
        if kinds is None:
            kinds = self._kinds[sentence["document_id"]] = [int(k, 16) for k in
                                                            self.facts[sentence["document_id"]].kinds]
        return kinds[sentence["idx"]] if sentence["idx"] < len(kinds) else 0

    def word_list(self, sentence: dict) -> list[str]:
        """The sentence's content words, as a list (no set to build where they are only counted)."""
        words = self.facts[sentence["document_id"]].words
        return words[sentence["idx"]].split() if sentence["idx"] < len(words) else []

    def cues_of(self, sentence: dict) -> list:
        return self.facts[sentence["document_id"]].cues.get(sentence["idx"], [])

    def claims_of(self, sentence: dict):
        return self.facts[sentence["document_id"]].sentence_claims(sentence["idx"])

    def speech(self, documents: list[dict]) -> dict:
        return {d["id"]: self.facts[d["id"]].speech for d in documents if self.facts[d["id"]].speech is not None}

    def stated(self, document: dict) -> str | None:
        return self.facts[document["id"]].stated

    def document_words(self, document: dict) -> set[str]:
        return set(" ".join(self.facts[document["id"]].words).split())

    def anchors(self, documents: list[dict]) -> dict[str, Anchor]:
        return document_anchors(documents, stated=self.stated, words=self.document_words)

    def deadline_candidates(self, documents: list[dict], sentences: list[dict]) -> list[Reading]:
        """The candidates of a story's documents, from its sentences only, against the story's anchors."""
        anchors = self.anchors(documents)
        kept = {(s["document_id"], s["idx"]) for s in sentences}
        out: list[Reading] = []
        for d in documents:
            facts, anchor = self.facts[d["id"]], anchors[d["id"]]
            if anchor.date == facts.anchor.date:
                found = facts.deadlines
            else:  # its story dates it otherwise: read its dates again against that anchor
                found = document_candidates(d, self._document_sentences(d["id"]), anchor)
            out += candidates_of(d, [c for c in found if (d["id"], c.idx) in kept], anchor)
        return out

    def _document_sentences(self, document_id: str) -> list[dict]:
        if self._by_doc is None:
            self._by_doc = {}
            for s in self._sentences:
                self._by_doc.setdefault(s["document_id"], []).append(s)
        return self._by_doc.get(document_id, [])

