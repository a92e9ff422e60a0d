"""Who "the other side" is, in a follow-up to an answer that quoted one side.

"and what did the other side say?" after an answer quoting the Kremlin asks for Kyiv's words.
The sources never write "the other side", so searching for it finds nothing; the follow-up is
read with the actor named instead. Which actor: of those quoted in the documents on the
question's topic, the one quoted in most of them that is not the side the last answer quoted
(nor anyone speaking for it), and that answers it: its statements name the side quoted, or that side's
statements name it. A mediator inviting "both sides" to talks, or fellow members of an alliance quoted
side by side, answer no one and are no other side.

When that cannot be told (the last answer quoted no one, or two actors are quoted as often),
the bot says so and asks for a name rather than guessing a side.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from summarizer.answer.query import FRAME
from summarizer.answer.speakers import Speakers
from summarizer.model import Citation
from summarizer.text.words import content_words

# "the other side", "the other party", "the opposing camp", "the others", "their opponents"...
OTHER_SIDE = re.compile(
    r"\b(?:the\s+other\s+(?:side|party|parties|camp|delegation|negotiators)|the\s+opposing\s+(?:side|party|camp)"
    r"|the\s+others|(?:their|its|his|her)\s+(?:opponents?|rivals?|counterparts?|adversar(?:y|ies)))\b", re.I)
DOCUMENTS = 30  # documents on the topic whose speakers are counted: enough for a story, few enough to read fast


@dataclass
class Reading:
    """The question with "the other side" named, or why it cannot be."""

    question: str
    side: str | None = None  # the actor read for "the other side"
    problem: str | None = None  # said to the user instead of an answer


def name_other_side(store, question: str, cited: list[Citation], *, topic: str,
                    topics: list[str] | None = None) -> Reading:
    """`question` with its "the other side" replaced by the actor it means; unchanged when it has none.

    `cited`: what the previous answer quoted. `topic`: words of the conversation's questions, to find the
    documents on the same story.
    """
    phrase = OTHER_SIDE.search(question)
    if phrase is None:
        return Reading(question)
    if not cited:
        return Reading(question, problem=f"I can't tell who \"{phrase.group(0)}\" is: my last answer quoted no one. "
                                         "Ask about them by name.")
    ids = list(dict.fromkeys(c.document_id for c in cited))
    words = " ".join(sorted(content_words(OTHER_SIDE.sub(" ", topic)) - FRAME))
    for hit in store.search_sentences(words, limit=200, topics=topics) if words.strip() else []:
        if len(ids) >= DOCUMENTS:
            break
        if hit["document_id"] not in ids:
            ids.append(hit["document_id"])
    speakers = Speakers(store, store.documents(ids))
    quoted = {st.actor for c in cited for st in speakers.in_passage(
        {"document_id": c.document_id, "start": c.start, "end": c.end})}
    if not quoted:
        return Reading(question, problem=f"I can't tell who \"{phrase.group(0)}\" is: my last answer quotes no "
                                         "speaker I can place on a side. Ask about them by name.")
    documents, statements, answers = Counter(), Counter(), Counter()
    names = _Names(speakers.table)
    for doc_id in speakers.documents:
        text = speakers.documents[doc_id]["text"]
        said = speakers.statements(doc_id)
        others = [st.actor for st in said if st.actor not in quoted]
        documents.update(set(others))
        statements.update(others)
        for st in said:  # a side answers the other: its words name the other side, or the other side's name it
            passage = text[st.start:st.end]
            if st.actor not in quoted and any(names.named(a, passage) for a in quoted):
                answers[st.actor] += 1
            elif st.actor in quoted:
                answers.update(a for a in set(others) if names.named(a, passage))
    def weight(a: str) -> tuple[int, int, int]:
        return answers[a], documents[a], statements[a]

    ranked = sorted((a for a in documents if answers[a]), key=lambda a: (tuple(-w for w in weight(a)), a))
    if not ranked:
        return Reading(question, problem=f"I can't tell who \"{phrase.group(0)}\" is: no one in the sources answers "
                                         f"{_names(quoted)} or is answered by them. Ask about them by name.")
    if len(ranked) > 1 and weight(ranked[0]) == weight(ranked[1]):
        return Reading(question, problem=f"I can't tell who \"{phrase.group(0)}\" is: the sources quote "
                                         f"{ranked[0]} and {ranked[1]} as often. Ask about one of them by name.")
    side = ranked[0]
    return Reading(question[:phrase.start()] + side + question[phrase.end():], side=side)


def _names(actors: set[str]) -> str:
    return " and ".join(sorted(actors))


_NOT_NOUNS = frozenset("national international united states federal state city port the".split())


class _Names:
    """Whether a passage names an actor: by a name the story's table gives it ("Moscow", "the Kremlin"), a person
    speaking for it, or the noun the story calls it by ("the union")."""

    def __init__(self, table):
        self.table = table
        self.patterns: dict[str, re.Pattern | None] = {}

    def named(self, actor: str, passage: str) -> bool:
        if actor not in self.patterns:
            names, nouns = self.table.names_of(actor)
            # and its name's own nouns ("the employers" for the "Calloway Port Employers' Association"), with an
            # article, as the story's nouns ("the union"): not a bare "port" of any port
            nouns |= {w.lower() for w in re.findall(r"[A-Z][a-z]{3,}", actor) if w.lower() not in _NOT_NOUNS}
            parts = [re.escape(n) for n in sorted(names, key=len, reverse=True) if len(n) > 1] + \
                [rf"(?i:the\s+{re.escape(g)})" for g in sorted(nouns)]
            self.patterns[actor] = re.compile(rf"\b(?:{'|'.join(parts)})\b") if parts else None
        pattern = self.patterns[actor]
        return bool(pattern and pattern.search(passage))
