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
    if about and _SAY.match(about.group("what").rstrip("?").strip()):
        return body  # "and what did Kyiv say?" after "What did Albright say?": a question of its own, not "about" one
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


# --- follow-ups as queries: the earlier question's topic, the follow-up's own subject -------------------

_WH = re.compile(r"^(?:who|whom|whose|what|when|where|why|how|which|is|are|was|were|did|does|do|has|have|had|will|"
                 r"can|could|would|should)\b", re.I)
_PERSONAL = re.compile(r"\b(?:he|she|him|her|his|they|them|their|it|its)\b", re.I)
CONTEXT_WEIGHT = 0.5  # an earlier question's words rank a passage, at half a word of the follow-up's own


def looks_like_followup(question: str) -> bool:
    """Whether a question leans on the one before it: "and in Dar?", "why there?", "what's he accused of?"."""
    body = _LEAD.sub("", question.strip()).rstrip("?!. ").strip()
    words = body.split()
    if not words or len(words) > 8:
        return False
    return bool(_LEAD.match(question.strip()) or _ABOUT.match(question.strip()) or not _WH.match(body)
                or _POINTER.search(body) or _PERSONAL.search(body) or len(content_words(body) - FRAME) <= 1)


def merge_followup(query, previous, previous_answer: str | None = None) -> None:
    """Give a follow-up query the earlier question's topic, keeping its own subject. In place.

    - A follow-up with no question word of its own ("and in Dar?", "and the one in Dar es Salaam?")
      asks the same kind of thing as the question before.
    - The earlier question's words join at CONTEXT_WEIGHT, never required; its names are left out
      when the follow-up names someone or something else ("and in Dar?" after "... in Nairobi?").
    - A pronoun with no name of its own ("what's he accused of?") points at the names in the
      previous answer, when there is one.
    """
    from summarizer.answer.query import Term

    body = _LEAD.sub("", query.text.strip())
    if not _WH.match(body) or query.kind == "what" and previous.kind != "what" and len(body.split()) <= 4:
        for name in ("kind", "focus", "deadline", "ahead", "until", "upcoming", "measured"):
            setattr(query, name, getattr(previous, name))
        query.speaker = query.speaker or previous.speaker
    elif query.kind == previous.kind and query.kind in ("count", "amount") and query.focus is None:
        query.focus = previous.focus  # "and how many did it start with?" counts the members asked of before
    own = {t.word for t in query.terms}
    names = any(t.key for t in query.terms)
    for t in previous.terms:
        if t.word in own or (names and t.key):
            continue
        query.terms.append(Term(t.word, [], key=False, weight=t.weight * CONTEXT_WEIGHT, pos=t.pos,
                                optional=t.optional, share=t.share))
        own.add(t.word)
    if previous_answer and not names and _PERSONAL.search(body):
        from summarizer.text.nlp import english

        for ent in english()(previous_answer).ents:
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                parts = [w.lower() for w in re.findall(r"[\w\u00C0-\u024F]+", ent.text) if len(w) > 1]
                for w in parts:
                    if w not in own:
                        query.terms.append(Term(w, [], key=False, weight=1.0, pos="PROPN", share=1 / len(parts)))
                        own.add(w)
