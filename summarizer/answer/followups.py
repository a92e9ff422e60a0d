"""Short follow-up questions rewritten against the conversation so far, so that retrieval sees a full question.

"and what did Kyiv say?" after "What did the Kremlin say about the summit?"
means "what did Kyiv say about the summit?"; "when is that due?" after "When
is the 50-day deadline?" is about the 50-day deadline. Deterministic rules:
a follow-up either swaps the speaker of a "what did X say" question, or
points back ("that", "it", "then", "what about ...") at the previous
question's last noun phrase. A question that stands on its own is left alone.
"""

from __future__ import annotations

import re

from summarizer.answer.query import _SAY, FRAME
from summarizer.text.words import content_words

_LEAD = re.compile(r"^(?:and|so|but|ok|okay|also|then)\b[,\s]*", re.I)
_ABOUT = re.compile(r"^(?:(?:and )?(?:what|how) about|and)\s+(?P<what>.+?)\s*\??$", re.I)
_POINTER = re.compile(r"\b(?:that|it|this|they|them|there|then)\b", re.I)
_PRONOUNS = {"it", "that", "this", "they", "them", "he", "she", "we", "you", "i", "what", "who", "which"}


def resolve_followup(question: str, history: list[str]) -> str:
    """The question made explicit from the most recent earlier question; unchanged when it needs no context."""
    previous = next((h for h in reversed(history) if h.strip() and h.strip() != question.strip()), None)
    if previous is None:
        return question
    q = question.strip()
    body = _LEAD.sub("", q)
    prev = _LEAD.sub("", previous.strip()).rstrip("?").strip()
    said = _SAY.match(body.rstrip("?").strip())
    prev_said = _SAY.match(prev)
    if said and prev_said and not said.group("rest").strip() and prev_said.group("rest").strip():
        # "and what did Kyiv say?" borrows "about the summit" from "What did the Kremlin say about the summit?"
        return body.rstrip("?").strip() + prev_said.group("rest").rstrip() + "?"
    about = _ABOUT.match(q)
    if about and not _POINTER.search(about.group("what")) and len(content_words(about.group("what"))) <= 3:
        if prev_said:  # "what about Kyiv?" after a "what did X say" question: the new speaker
            start, end = prev_said.span("who")
            return prev[:start] + about.group("what") + prev[end:] + "?"
        topic = _topic(prev)
        if topic and about.group("what").lower() not in prev.lower():
            return _swap_topic(prev, topic, about.group("what")) + "?"
        return question
    if _POINTER.search(body) and len(content_words(body) - FRAME) <= 1:
        topic = _topic(prev)
        if topic:
            text = re.sub(r"\bthen\b(?=\W*$)", f"after {topic}", body, count=1, flags=re.I)
            if text == body:
                text = re.sub(r"\b(?:that|it|this)\b", topic, body, count=1, flags=re.I)
            if text == body:
                text = body.rstrip("?").strip() + f" about {topic}?"
            return text
    return question


def _topic(question: str) -> str | None:
    """The previous question's subject: its last noun phrase that is not a pronoun ("the 50-day deadline")."""
    from summarizer.text.nlp import english

    chunks = [c for c in english()(question).noun_chunks if c.root.lower_ not in _PRONOUNS]
    return chunks[-1].text if chunks else None


def _swap_topic(previous: str, topic: str, new: str) -> str:
    return previous.replace(topic, new, 1)
