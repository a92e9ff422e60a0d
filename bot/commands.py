"""The platform-neutral command layer: every adapter (console, Slack, Discord) calls this.

Adapters translate a platform's request into a call here and render what comes
back; they hold no business logic and never touch the store directly.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.store import Store
from summarizer.answer import answer_question
from summarizer.briefing import Window, build_briefing
from summarizer.model import Answer, Briefing

DEFAULT_WINDOW = dt.timedelta(hours=24)
LLM_PASSAGES = 40  # retrieved sentences offered to the LLM; its token budget may keep fewer
log = logging.getLogger(__name__)

HELP = """Commands:
  digest            the briefing for what arrived in the last 24 hours
  ask QUESTION      a cited answer from the sources (or "I found nothing")
  help              this text
Anything else is taken as a question."""


@dataclass
class Session:
    """What a conversation (thread, chat session) remembers between messages."""

    topics: Sequence[str] | None = None
    history: list[str] = field(default_factory=list)


@dataclass
class Reply:
    kind: str  # "digest" | "answer" | "help" | "error"
    briefing: Briefing | None = None
    answer: Answer | None = None
    text: str = ""


class Commands:
    """`llm`, when given, is tried first; the offline engine answers whenever it fails, and says so."""

    def __init__(self, store: Store, *, now: Callable[[], dt.datetime],
                 aliases: dict[str, list[str]] | None = None, llm=None):
        self.store = store
        self.now = now
        self.aliases = aliases
        self.llm = llm

    def digest(self, *, since: dt.datetime | None = None, topics: Sequence[str] | None = None,
               label: str | None = None) -> Briefing:
        """The briefing for documents that arrived in (since, now]; read-only."""
        until = self.now().astimezone(dt.timezone.utc)
        since = (since or until - DEFAULT_WINDOW).astimezone(dt.timezone.utc)
        docs = self.store.documents_in_window(_iso(since), _iso(until), topics)
        sentences = self.store.sentences_of([d["id"] for d in docs])
        window = Window(label or (", ".join(topics) if topics else "all"), _iso(since), _iso(until))
        if self.llm is not None and docs:
            from summarizer.llm import LLMError

            try:
                briefing, _ = self.llm.brief(docs, sentences, today=until.date(), topic=window.topic,
                                             since=window.since, until=window.until)
                return briefing
            except LLMError as err:
                log.warning("LLM briefing failed, using the extractive engine: %s", err)
                fallback = build_briefing(docs, sentences, window, today=until.date(), aliases=self.aliases)
                fallback.engine = "extractive (LLM failed)"
                return fallback
        return build_briefing(docs, sentences, window, today=until.date(), aliases=self.aliases)

    def ask(self, question: str, *, topics: Sequence[str] | None = None) -> Answer:
        topics = list(topics) if topics else None
        if self.llm is not None:
            from summarizer.llm import LLMError

            passages = self.store.search_sentences(question, limit=LLM_PASSAGES, topics=topics)
            if passages:
                try:
                    answer, _ = self.llm.answer(question, passages,
                                                self.store.documents(p["document_id"] for p in passages))
                    return answer
                except LLMError as err:
                    log.warning("LLM answer failed, using the extractive engine: %s", err)
                    fallback = answer_question(self.store, question, topics=topics)
                    fallback.engine = "extractive (LLM failed)"
                    return fallback
        return answer_question(self.store, question, topics=topics)

    def handle(self, text: str, session: Session) -> Reply:
        """One chat message in, one reply out."""
        text = text.strip()
        word, _, rest = text.partition(" ")
        word = word.lower().lstrip("/!")
        if not text:
            return Reply("help", text=HELP)
        if word in ("help", "?"):
            return Reply("help", text=HELP)
        if word in ("digest", "today", "brief"):
            return Reply("digest", briefing=self.digest(topics=session.topics))
        question = rest if word == "ask" else text
        if not question.strip():
            return Reply("error", text="Ask what? Usage: ask QUESTION")
        from summarizer.followups import resolve_followup

        asked = resolve_followup(question, session.history)  # "and what did Kyiv say?" after a question
        session.history.append(question)
        return Reply("answer", answer=self.ask(asked, topics=session.topics))


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
