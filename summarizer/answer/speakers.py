"""Who speaks in a passage, as the stored facts of its document read it.

"What did X say" is answered by X's own words or by someone speaking for X. Reading that off
one sentence's parse misses whoever the sentence names only by surname or pronoun ("Kavan
said" for "the Czech foreign minister", "He said" after a paragraph about Freeh); the facts
read at ingest followed the whole document for that, so the answer reads them back.
"""

from __future__ import annotations

import re

from summarizer.answer.roles import Role
from summarizer.briefing.positions import replay_statements, story_table
from summarizer.facts.actors import clean_name
from summarizer.facts.document import ENGINE, DocumentFacts
from summarizer.facts.speech import Statement

_WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")


class Speakers:
    """The statements of some documents, by document, and the actor table they were resolved with."""

    def __init__(self, store, docs: dict[str, dict]):
        speech = {}
        for doc_id, row in store.facts_of(docs).items():
            if row["engine"] == ENGINE:  # stale facts are not read here: the sentence's own parse decides
                facts = DocumentFacts.from_bytes(row["data"])
                if facts.speech is not None:
                    speech[doc_id] = facts.speech
        self.documents = {i: docs[i] for i in speech}
        self.speech = speech
        self.table = story_table(list(self.documents.values()), speech)
        self.by_document: dict[str, list[Statement]] = {}

    def statements(self, document_id: str) -> list[Statement]:
        """The statements of one document. Each document is replayed on its own, from its first passage,
        against the table all of them taught: a question reads the speakers of a few of them only."""
        if document_id not in self.by_document:
            doc = self.documents.get(document_id)
            self.by_document[document_id] = [] if doc is None else \
                replay_statements([doc], {document_id: self.speech[document_id]}, self.table)[0]
        return self.by_document[document_id]

    def in_passage(self, hit: dict) -> list[Statement]:
        """The statements made in the sentence `hit` (a stored sentence: document_id, start, end)."""
        return [st for st in self.statements(hit["document_id"]) if st.start < hit["end"] and hit["start"] < st.end]

    def speaks_for(self, statement: Statement, role: Role) -> bool:
        """Whether the statement is by the role's actor: the actor itself, someone speaking for it, or the
        person it names ("Freeh" for "FBI director Freeh")."""
        return any(self._is(statement, actor) for actor in role.actors)

    def _is(self, statement: Statement, actor: str) -> bool:
        canonical = self.table.resolve(actor)
        if canonical is not None and canonical == statement.actor:
            return True
        # Words, not space-separated chunks: "employers" is a word of "Calloway Port Employers' Association".
        words = _WORD.findall(clean_name(actor).lower())
        return bool(words) and words[-1] in _WORD.findall(f"{statement.speaker} {statement.actor}".lower())
