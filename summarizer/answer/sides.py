"""Who "the other side" is, in a follow-up to an answer that quoted one side.

"and what did the other side say?" after an answer quoting the Kremlin asks for Kyiv's words.
The sources never write "the other side", so searching for it finds nothing; the follow-up is
read with the actor named instead. Which actor: of those quoted in the documents on the
question's topic, the one quoted in most of them that is not the side the last answer quoted
(nor anyone speaking for it). A third party quoted now and then (a mediator, an analyst) ranks
below the two sides of a dispute because the dispute's coverage quotes both sides throughout.

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
    documents, statements = Counter(), Counter()
    for doc_id in speakers.documents:
        said = [st.actor for st in speakers.statements(doc_id) if st.actor not in quoted]
        documents.update(set(said))
        statements.update(said)
    ranked = sorted(documents, key=lambda a: (-documents[a], -statements[a], a))
    if not ranked:
        return Reading(question, problem=f"The sources on this quote only {_names(quoted)}: I found no other side.")
    if len(ranked) > 1 and (documents[ranked[0]], statements[ranked[0]]) == (documents[ranked[1]],
                                                                             statements[ranked[1]]):
        return Reading(question, problem=f"I can't tell who \"{phrase.group(0)}\" is: the sources quote "
                                         f"{ranked[0]} and {ranked[1]} as often. Ask about one of them by name.")
    side = ranked[0]
    return Reading(question[:phrase.start()] + side + question[phrase.end():], side=side)


def _names(actors: set[str]) -> str:
    return " and ".join(sorted(actors))
