"""The platform-neutral command layer: every adapter (console, Slack, Discord) calls this.

Adapters translate a platform's request into a call here and render what comes
back; they hold no business logic and never touch the store directly.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from bot.store import Store
from summarizer.model import Answer, Briefing, Citation, Deadline

DEFAULT_WINDOW = dt.timedelta(hours=24)
# The `engine` field when the model was asked but the offline engine answered (JSON contract, DESIGN.md).
ENGINE_FALLBACK = "extractive (LLM failed)"
ENGINE_UNVERIFIED = "extractive (model output failed verification)"
LLM_PASSAGES = 40  # retrieved sentences offered to the LLM; its token budget may keep fewer
# From this many documents a window's words are thousands of index terms, which `Store.word_idf` counts in one pass
# over the whole vocabulary: started at once on another connection, while the window's facts are read.
COUNT_TERMS_MEANWHILE_FROM = 100
log = logging.getLogger(__name__)

HELP = """Commands:
  today             the briefing for what arrived in the last 24 hours (also: digest)
  ask QUESTION      a cited answer from the sources (or "I found nothing")
  deadlines         what is due, when, and how many days are left
  subscribe TOPIC   follow a topic in this channel (admins only)
  unsubscribe TOPIC stop following a topic in this channel (admins only)
  help              this text
Anything else is taken as a question."""
DEFAULT_TOPIC = "default"


@dataclass(frozen=True)
class Caller:
    """Who asks, and where: adapters fill this in from the platform's request.

    `is_admin` is the platform's answer (Slack admin list or workspace admin,
    Discord Manage Server); the command layer only enforces it.
    """

    platform: str  # "slack" | "discord" | "console"
    channel: str
    user: str = ""
    is_admin: bool = False

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.channel}"


@dataclass
class Session:
    """What a conversation (thread, chat session) remembers between messages."""

    topics: Sequence[str] | None = None
    history: list[str] = field(default_factory=list)
    last_answer: str | None = None  # what the bot answered last: "he" and "they" in a follow-up point at it
    last_cited: list[Citation] = field(default_factory=list)  # what it quoted: "the other side" is across from it


@dataclass
class Reply:
    kind: str  # "digest" | "answer" | "deadlines" | "help" | "info" | "error"
    briefing: Briefing | None = None
    answer: Answer | None = None
    deadlines: list[Deadline] | None = None
    today: dt.date | None = None  # the day "in N days" is counted from (deadlines)
    text: str = ""


class Commands:
    """`llm`, when given, is tried first; the offline engine answers whenever it fails, and says so."""

    def __init__(self, store: Store, *, now: Callable[[], dt.datetime],
                 aliases: dict[str, list[str]] | None = None, llm=None, config=None):
        self.store = store
        self.now = now
        self.aliases = aliases
        self.llm = llm
        self.config = config  # bot.config.Config: channels' configured topics; None in bare tests

    # -- access -----------------------------------------------------------------
    def channel_topics(self, channel_key: str) -> list[str]:
        """The topics a channel sees: its configured ones plus run-time subscriptions."""
        configured = self.config.channel(channel_key) if self.config else None
        topics = list(configured.topics) if configured else []
        return topics + [t for t in self.store.subscriptions(channel_key) if t not in topics]

    def known_topics(self) -> list[str]:
        names = [t.name for t in self.config.topics] if self.config else []
        return sorted({DEFAULT_TOPIC, *names, *self.store.known_topics()})

    def subscribe(self, caller: Caller, topic: str) -> Reply:
        topic = topic.strip()
        if not caller.is_admin:
            return Reply("error", text="Only an admin can change what this channel follows.")
        if not topic:
            return Reply("error", text="Subscribe to what? Usage: subscribe TOPIC. Topics: " + ", ".join(self.known_topics()))
        if topic not in self.known_topics():
            return Reply("error", text=f"No topic called {topic!r}. Topics: " + ", ".join(self.known_topics()))
        if topic in self.channel_topics(caller.key):
            return Reply("info", text=f"This channel already follows {topic}.")
        self.store.subscribe(caller.key, topic, _iso(self.now()))
        return Reply("info", text=f"This channel now follows {topic}.")

    def unsubscribe(self, caller: Caller, topic: str) -> Reply:
        topic = topic.strip()
        if not caller.is_admin:
            return Reply("error", text="Only an admin can change what this channel follows.")
        if self.store.unsubscribe(caller.key, topic):
            return Reply("info", text=f"This channel no longer follows {topic}.")
        configured = self.config.channel(caller.key) if self.config else None
        if configured and topic in configured.topics:
            return Reply("error", text=f"{topic} is set for this channel in the configuration file; remove it there.")
        return Reply("error", text=f"This channel does not follow {topic!r}.")

    def reader(self, *, without_model: bool = False):
        """Reads documents into facts with the aliases of every topic (as ingestion does).

        `without_model`: without the spaCy model, only index the deadlines of documents never read.
        """
        from bot.facts import FactReader

        return FactReader(self.store, aliases=self._reading_aliases(), without_model=without_model)

    def _reading_aliases(self) -> dict | None:
        return self.config.aliases_for(None) if self.config is not None else self.aliases

    def deadlines(self, topics: Sequence[str] | None = None, *, include_passed: bool = False,
                  items: Sequence[str] | None = None) -> list[Deadline]:
        """Every deadline in the stored documents of these topics, as of now; passed ones only on request.

        Kept merged as documents arrive (`bot.deadline_index`); `items`: only the deadlines of these
        identities (`deadline_index.base_item`).
        """
        from bot.deadline_index import stored_deadlines

        from summarizer.facts.version import ENGINE, aliases_key

        # Asked of the store first: the reader's modules (every rule that derives facts) load only when needed.
        stale = self.store.documents_needing_facts(ENGINE, aliases_key(self._reading_aliases()))
        if stale:  # documents stored before their facts were (an older store, an interrupted ingest)
            self.reader(without_model=True).read_ids(stale)  # listing deadlines needs no parse
        today = self.now().astimezone(dt.timezone.utc).date()
        return stored_deadlines(self.store, topics, today, include_passed=include_passed, items=items)

    def digest(self, *, since: dt.datetime | None = None, topics: Sequence[str] | None = None,
               label: str | None = None) -> Briefing:
        """The briefing for documents that arrived in (since, now]; read-only."""
        with _without_cycle_collection():
            return self._digest(since=since, topics=topics, label=label)

    def _digest(self, *, since: dt.datetime | None, topics: Sequence[str] | None, label: str | None) -> Briefing:
        from summarizer.briefing import Window, build_briefing, group_by_story  # 0.3 s of imports `deadlines` skips

        until = self.now().astimezone(dt.timezone.utc)
        since = (since or until - DEFAULT_WINDOW).astimezone(dt.timezone.utc)
        docs = self.store.documents_in_window(_iso(since), _iso(until), topics)
        if len(docs) >= COUNT_TERMS_MEANWHILE_FROM:
            self.store.count_terms_meanwhile()
        sentences = self.store.sentences_of([d["id"] for d in docs])
        window = Window(label or (", ".join(topics) if topics else "all"), _iso(since), _iso(until))

        def extractive() -> Briefing:
            facts = self.reader().facts_for(docs, self.aliases) if docs else {}
            return build_briefing(docs, sentences, window, today=until.date(), aliases=self.aliases, facts=facts,
                                  background=self.store.word_idf)

        if self.llm is not None and docs:
            from summarizer.llm import FAILED_VERIFICATION, LLMError

            try:
                briefing, _ = self.llm.brief(docs, sentences, today=until.date(), topic=window.topic,
                                             since=window.since, until=window.until)
                group_by_story(briefing, docs, sentences, background=self.store.word_idf)
                return briefing
            except LLMError as err:
                fallback = extractive()
                if err.reason == FAILED_VERIFICATION:
                    log.warning("the model's briefing failed verification (%s): the offline engine wrote it", err)
                    fallback.engine = ENGINE_UNVERIFIED
                else:
                    log.warning("the model failed (%s): the offline engine wrote the briefing", err)
                    fallback.engine = ENGINE_FALLBACK
                fallback.llm = _llm_json(self.llm, err)
                return fallback
        return extractive()

    def ask(self, question: str, *, topics: Sequence[str] | None = None, context: Sequence[str] | None = None,
            previous_answer: str | None = None) -> Answer:
        """A cited answer. `context`: the conversation's earlier questions; `previous_answer`: the bot's last answer."""
        from summarizer.answer import answer_question

        topics = list(topics) if topics else None
        session = {"context": list(context) if context else None, "previous_answer": previous_answer}
        if self.llm is not None:
            from summarizer.llm import LLMError

            passages = self.store.search_sentences(" ".join(search_terms(question)), limit=LLM_PASSAGES,
                                                   topics=topics)
            if passages:
                try:
                    answer, _ = self.llm.answer(question, passages,
                                                self.store.documents(p["document_id"] for p in passages))
                    return answer
                except LLMError as err:
                    log.warning("the model failed (%s): the offline engine answers", err)
                    fallback = answer_question(self.store, question, topics=topics, today=self.now().date(),
                                               **session)
                    fallback.engine = ENGINE_FALLBACK
                    fallback.llm = _llm_json(self.llm, err)
                    return fallback
        # The bot's clock, not the machine's: what is "next" or "passed" depends on it.
        return answer_question(self.store, question, topics=topics, today=self.now().date(), **session)

    def handle(self, text: str, session: Session, caller: Caller | None = None) -> Reply:
        """One chat message (or `/brief` subcommand) in, one reply out.

        With a caller, only that channel's topics are visible; without one (the
        console), the session's topics, or all of them.
        """
        text = text.strip()
        word, _, rest = text.partition(" ")
        word = word.lower().lstrip("/!")
        if word == "brief":  # "/brief today" typed in full
            return self.handle(rest, session, caller)
        if word in ("help", "?"):
            return Reply("help", text=HELP)
        if word in ("subscribe", "unsubscribe"):
            if caller is None:
                return Reply("error", text="Subscriptions belong to a chat channel; the console sees every topic.")
            return (self.subscribe if word == "subscribe" else self.unsubscribe)(caller, rest)
        topics = self.channel_topics(caller.key) if caller is not None else session.topics
        if caller is not None and not topics:
            # Topic names are not listed: this channel may see none of them (an admin is shown
            # them when subscribing).
            return Reply("error", text="This channel follows no topics yet. An admin can subscribe it with "
                         "`/brief subscribe TOPIC`, or add it to the configuration file.")
        if not text or word in ("digest", "today"):
            label = ", ".join(topics) if topics else None
            return Reply("digest", briefing=self.digest(topics=topics, label=label))
        if word == "deadlines":
            return Reply("deadlines", deadlines=self.deadlines(topics), today=self.now().date())
        question = rest if word == "ask" else text
        if not question.strip():
            return Reply("error", text="Ask what? Usage: ask QUESTION")
        from summarizer.answer.followups import resolve_followup
        from summarizer.answer.sides import name_other_side

        asked = resolve_followup(question, session.history)  # "and what did Kyiv say?" after a question
        # "and what did the other side say?": the side across from the one the last answer quoted, by name
        reading = name_other_side(self.store, asked, session.last_cited, topic=" ".join(session.history[-1:] + [asked]),
                                  topics=list(topics) if topics else None)
        if reading.problem:
            answer = Answer(asked, reading.problem, False, [])
        else:
            answer = self.ask(reading.question, topics=topics, context=list(session.history),
                              previous_answer=session.last_answer)
        session.history.append(question)
        session.last_answer = answer.answer if answer.answerable else None
        session.last_cited = list(answer.citations) if answer.answerable else []
        return Reply("answer", answer=answer, text=f"read as: {reading.question}" if reading.side else "")


def _llm_json(llm, err) -> dict:
    """The JSON `llm` block of an output the offline engine wrote after the model failed."""
    if err.report is not None:
        return err.report.to_json()
    return {"model": llm.settings.model, "failure": err.reason, "error": str(err)}


def search_terms(question: str) -> list[str]:
    """The words of a question worth searching the sources for: no stop words ("what", "did", "the"), which
    match most sentences and make the search rank all of them; an acronym stays ("US", "EU")."""
    from summarizer.text.stopwords import STOP_WORDS

    words = re.findall(r"\w+", question)
    kept = [w for w in words if w.lower() not in STOP_WORDS or (w.isupper() and len(w) > 1)]
    return kept or words


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while a digest reads and briefs its window. A window's documents, sentences
    and facts are hundreds of thousands of objects that live until the briefing is written and form no cycles:
    the collector's passes over them, more costly as they pile up, found nothing to free and took a second of
    a 3,000-article digest. Reference counting still frees as it goes; whatever cycles the digest leaves are
    collected once the collector is back on (as it was: a digest in another thread may have paused it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
