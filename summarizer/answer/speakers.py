"""Who speaks in a passage, as the stored facts of its document read it.

"What did X say" is answered by X's own words or by someone speaking for X. Reading that off
one sentence's parse misses whoever the sentence names only by surname or pronoun ("Kavan
said" for "the Czech foreign minister", "He said" after a paragraph about Freeh); the facts
read at ingest followed the whole document for that, so the answer reads them back.
"""

from __future__ import annotations

from collections import defaultdict

from summarizer.answer.roles import Role
from summarizer.briefing.positions import replay_statements, story_table
from summarizer.facts.actors import clean_name
from summarizer.facts.document import ENGINE, DocumentFacts
from summarizer.facts.speech import Statement


class Speakers:
    """The statements of some documents, by document, and the actor table they were resolved with."""

    def __init__(self, store, docs: dict[str, dict]):
        speech = {}
        for doc_id, row in store.facts_of(docs).items():
            if row["engine"] == ENGINE:  # stale facts are not read here: the sentence's own parse decides
                facts = DocumentFacts.from_bytes(row["data"])
                if facts.speech is not None:
                    speech[doc_id] = facts.speech
        documents = [docs[i] for i in speech]
        self.table = story_table(documents, speech)
        self.by_document: dict[str, list[Statement]] = defaultdict(list)
        for st in replay_statements(documents, speech, self.table)[0]:
            self.by_document[st.document_id].append(st)

    def in_passage(self, hit: dict) -> list[Statement]:
        """The statements made in the sentence `hit` (a stored sentence: document_id, start, end)."""
        return [st for st in self.by_document.get(hit["document_id"], ())
                if st.start < hit["end"] and hit["start"] < st.end]

    def speaks_for(self, statement: Statement, role: Role) -> bool:
        """Whether the statement is by the role's actor: the actor itself, someone speaking for it, or the
        person it names ("Freeh" for "FBI director Freeh")."""
        return any(self._is(statement, actor) for actor in role.actors)

    def _is(self, statement: Statement, actor: str) -> bool:
        canonical = self.table.resolve(actor)
        if canonical is not None and canonical == statement.actor:
            return True
        words = clean_name(actor).lower().split()
        return bool(words) and words[-1] in f"{statement.speaker} {statement.actor}".lower().split()
