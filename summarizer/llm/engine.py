"""The optional LLM engine (any OpenAI-compatible endpoint) that cannot make things up.

The model sees documents only as numbered, delimited passages (chosen to fit its
context: see `selection`), must reply with JSON matching a schema, and must back
every item with a (passage, quote) pair. Each quote is checked against the stored
documents (see `verify`); items without a verified quote are dropped and counted,
and the model's own words keep quotation marks only around verified text. When
verification leaves (nearly) nothing of a briefing, or anything else goes wrong,
`LLMError` is raised and the caller uses the extractive engine instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import openai

from summarizer.dates.anchors import document_anchors
from summarizer.facts.deadlines import voided_days
from summarizer.llm import selection
from summarizer.llm.prompt import ANSWER_TASK, BRIEF_TASK, estimate_tokens, neutralize, system_prompt, user_message
from summarizer.llm.request import CallStats, LLMError, request_structured
from summarizer.llm.schema import AnswerOut, BriefOut, strict_schema
from summarizer.llm.verify import Verifier, unquote_unverified
from summarizer.model import (
    FAILED_VERIFICATION,
    Answer,
    Briefing,
    Citation,
    Deadline,
    Development,
    OpenQuestion,
    Position,
    source_name,
)

__all__ = ["LLMEngine", "LLMError", "LLMReport", "LLMSettings", "DONT_KNOW", "VerificationFailed",
           "FAILED_VERIFICATION"]

log = logging.getLogger(__name__)
DONT_KNOW = "I don't know: the sources I have do not support an answer."
ANSWER_RESERVE = 800  # tokens kept free for the reply
BRIEF_RESERVE = 2000
BRIEF_LIMIT = 6  # items per list
# The model's briefing is replaced by the offline one when verification keeps fewer than MIN_KEPT items and
# fewer than KEPT_SHARE of those it returned (1 of 6 is "nearly nothing"; 2 of 6, or 1 of 2, are kept), or none.
MIN_KEPT = 2
KEPT_SHARE = 1 / 3
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class LLMSettings:
    model: str
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    max_retries: int = 3
    context_tokens: int = 8000


@dataclass
class LLMReport:
    """What one engine call cost and what it threw away; safe to log (no key, no document text)."""

    model: str
    engine: str = "openai"
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    attempts: int = 0
    dropped: int = 0  # citations rejected (quote not verbatim, unknown passage) + items that cited nothing
    invalid: int = 0  # items dropped for another bad field (unparseable date, date words not in the quote)
    budget_dropped: int = 0  # passages left out to fit the context window
    passages: int = 0  # passages sent
    duplicates: int = 0  # near-identical sentences sent once
    items: int = 0  # items the model returned (briefing: up to BRIEF_LIMIT a list)
    kept: int = 0  # items that survived verification
    repaired: int = 0  # citations found only after repair (typography, ellipsis, another passage)
    mode: str = "json_schema"
    error: str | None = None
    failure: str | None = None  # LLMError.reason: "timeout", "tool call", FAILED_VERIFICATION...

    def to_json(self) -> dict:
        """What the JSON output says about the model's part (no key, no document text, no timing)."""
        return {"model": self.model, "mode": self.mode, "attempts": self.attempts, "passages": self.passages,
                "passages_left_out": self.budget_dropped, "duplicates_merged": self.duplicates,
                "items": self.items, "kept": self.kept, "dropped": self.dropped, "invalid": self.invalid,
                "repaired": self.repaired, "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens, "failure": self.failure, "error": self.error}


class VerificationFailed(LLMError):
    """The model answered, but (nearly) nothing it said could be verified against the sources."""


class LLMEngine:
    def __init__(self, settings: LLMSettings, *, client: openai.OpenAI | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        """`client` is for tests and shared pools; its own retries are disabled either way (see request)."""
        self.settings = settings
        if client is None:
            # A placeholder key lets keyless local servers work and keeps the client
            # from reading OPENAI_API_KEY itself (bot.config reads the environment).
            client = openai.OpenAI(api_key=settings.api_key or "unset", base_url=settings.base_url,
                                   timeout=settings.timeout, max_retries=0)
        self.client = client.with_options(max_retries=0, timeout=settings.timeout)
        self.sleep = sleep

    def answer(self, question: str, passages: list[dict], documents: dict[str, dict]) -> tuple[Answer, LLMReport]:
        """A cited answer from the passages (best first), or "I don't know" when no citation holds."""
        report = LLMReport(self.settings.model)
        request = "Question: " + neutralize(" ".join(question.split()))
        budget = self._budget(ANSWER_TASK, AnswerOut, request, ANSWER_RESERVE)
        chosen = selection.for_answer(passages, documents, budget)
        self._note(report, chosen)
        if not chosen.passages:
            if report.budget_dropped:
                self._fail("answer", report, LLMError(f"context of {self.settings.context_tokens} tokens too small",
                                                      reason="context too small"))
            return Answer(question, DONT_KNOW, False, [], engine="openai", llm=report.to_json()), report
        out = self._call("answer", ANSWER_TASK, user_message(chosen.rendered, request), AnswerOut, report)
        verifier = Verifier(chosen.passages, documents)
        citations = verifier.cite(out.citations)
        report.dropped = verifier.rejected
        report.repaired = sum(verifier.repaired.values())
        report.items = int(out.answerable)
        if out.answerable and not out.citations:
            report.dropped += 1  # an answer that cites nothing is dropped as a whole
        text = unquote_unverified(out.answer.strip(), citations)
        if out.answerable and citations and text:
            report.kept = 1
            self._log("answer", report)
            return Answer(question, text, True, citations, engine="openai", llm=report.to_json()), report
        self._log("answer", report)
        return Answer(question, DONT_KNOW, False, [], related=citations, engine="openai",
                      llm=report.to_json()), report

    def brief(self, documents: list[dict], sentences: list[dict], *, today: dt.date, topic: str,
              since: str | None, until: str) -> tuple[Briefing, LLMReport]:
        """The briefing for these documents; only items with verified quotes survive.

        Raises VerificationFailed when (nearly) nothing survives: an empty or one-line
        briefing from a model that made things up is worse than the offline one.
        """
        report = LLMReport(self.settings.model)
        by_id = {d["id"]: d for d in documents}
        briefing = Briefing(topic=topic, generated_at=until, since=since, until=until, documents=len(documents),
                            sources=sorted({source_name(d) for d in documents}),
                            duplicates=sum(1 for d in documents if d.get("duplicate_of")),
                            undated=sum(1 for d in documents if d.get("undated")), engine="openai")
        task = BRIEF_TASK.format(limit=BRIEF_LIMIT)
        request = (f"Topic: {neutralize(topic)}\nToday: {today.isoformat()}\n"
                   f"Window: {since or 'start'} to {until}")
        budget = self._budget(task, BriefOut, request, BRIEF_RESERVE)
        chosen = selection.for_briefing(sentences, documents, budget)
        self._note(report, chosen)
        if not chosen.passages:
            if report.budget_dropped:
                self._fail("brief", report, LLMError(f"context of {self.settings.context_tokens} tokens too small",
                                                     reason="context too small"))
            briefing.llm = report.to_json()
            return briefing, report
        out = self._call("brief", task, user_message(chosen.rendered, request), BriefOut, report)
        verifier = Verifier(chosen.passages, by_id)

        def cited(items):
            for item in items[:BRIEF_LIMIT]:
                report.items += 1
                citations = verifier.cite(item.citations)
                if not item.citations:
                    report.dropped += 1
                if citations:
                    yield item, citations

        for item, cites in cited(out.positions):
            if _kept(report, item.actor, item.stance):
                briefing.positions.append(Position(_own(item.actor, cites), _own(item.stance, cites), cites,
                                                   sources=_sources(cites)))
        for item, cites in cited(out.deadlines):
            deadline = _deadline(item, cites, today)
            if deadline is None:
                report.invalid += 1
            else:
                briefing.deadlines.append(deadline)
        _mark_void(briefing.deadlines, documents, sentences, by_id)
        for item, cites in cited(out.open_questions):
            if _kept(report, item.question):
                briefing.open_questions.append(OpenQuestion(_own(item.question, cites), cites))
        for item, cites in cited(out.developments):
            if _kept(report, item.summary):
                briefing.developments.append(Development(_own(item.summary, cites), cites, sources=_sources(cites)))
        report.dropped += verifier.rejected
        report.repaired = sum(verifier.repaired.values())
        report.kept = len(briefing.positions) + len(briefing.deadlines) + len(briefing.open_questions) + \
            len(briefing.developments)
        if report.items == 0:
            self._fail("brief", report, LLMError("the model returned no item", reason="returned nothing"))
        if report.kept == 0 or (report.kept < MIN_KEPT and report.kept < KEPT_SHARE * report.items):
            self._fail("brief", report, VerificationFailed(
                f"verification kept {report.kept} of the {report.items} items the model returned",
                reason=FAILED_VERIFICATION))
        self._log("brief", report)
        briefing.llm = report.to_json()
        return briefing, report

    # -- plumbing ------------------------------------------------------------------
    def _budget(self, task: str, out, request: str, reserve: int) -> int:
        """Tokens left for passages: the window minus the largest system prompt, the request and the reply."""
        fixed = estimate_tokens(system_prompt(task, strict_schema(out), "json_object")) + estimate_tokens(request)
        return self.settings.context_tokens - fixed - min(reserve, self.settings.context_tokens // 3) - 50

    def _call(self, what: str, task: str, user: str, out, report: LLMReport):
        stats = CallStats()
        try:
            result = request_structured(self.client, model=self.settings.model,
                                        system=lambda mode, schema: system_prompt(task, schema, mode), user=user,
                                        out=out, stats=stats, max_retries=self.settings.max_retries,
                                        timeout=self.settings.timeout, sleep=self.sleep)
        except LLMError as err:
            _record(stats, report)
            self._fail(what, report, err)
        _record(stats, report)
        return result

    @staticmethod
    def _note(report: LLMReport, chosen: selection.Selection) -> None:
        report.passages, report.budget_dropped, report.duplicates = \
            len(chosen.passages), chosen.left_out, chosen.duplicates

    def _fail(self, what: str, report: LLMReport, err: LLMError):
        report.error, report.failure = str(err), err.reason
        err.report = report
        log.warning("llm %s failed (model=%s mode=%s attempts=%d): %s", what, report.model, report.mode,
                    report.attempts, report.error)
        raise err

    @staticmethod
    def _log(what: str, report: LLMReport) -> None:
        log.info("llm %s: model=%s mode=%s attempts=%d tokens=%d+%d latency=%.2fs dropped=%d invalid=%d "
                 "budget_dropped=%d", what, report.model, report.mode, report.attempts, report.prompt_tokens,
                 report.completion_tokens, report.latency_s, report.dropped, report.invalid, report.budget_dropped)


def _record(stats: CallStats, report: LLMReport) -> None:
    report.mode, report.attempts = stats.mode, stats.attempts
    report.prompt_tokens, report.completion_tokens = stats.prompt_tokens, stats.completion_tokens
    report.latency_s = round(stats.latency_s, 3)


def _own(text: str, citations) -> str:
    """The model's words for an item, trimmed, with quotation marks only around what its quotes say."""
    return unquote_unverified(" ".join(text.split()), citations)


def _kept(report: LLMReport, *texts: str) -> bool:
    if all(t.strip() for t in texts):
        return True
    report.invalid += 1
    return False


def _sources(citations) -> int:
    return len({c.document_id for c in citations})


def _mark_void(deadlines: list[Deadline], documents: list[dict], sentences: list[dict], by_id: dict) -> None:
    """A deadline the model gives for a day a report in the window says no longer holds, newer than the
    reports the model cites, is "void", as the offline briefing has it (the model may not have seen the
    report, or not have read it so)."""
    dated = [d for d in deadlines if d.due]
    if not dated:
        return
    voids = voided_days(documents, sentences, lambda: document_anchors(documents))
    for d in dated:
        written = max((by_id[c.document_id].get("published") or "")[:10] for c in d.citations)
        found = [(doc, c) for doc, c in voids.get(dt.date.fromisoformat(d.due), []) if c.written.isoformat() >= written]
        if found:
            d.status = "void"
            doc, c = found[0]
            d.voided_by = [Citation.from_document(doc, c.start, c.end)]


def _deadline(item, citations, today: dt.date) -> Deadline | None:
    """A deadline whose date is ISO and whose date words appear in a verified quote; None drops it."""
    what, due, due_text = _own(item.what, citations), item.due.strip(), " ".join(item.due_text.split())
    if not what:
        return None
    if not due:
        return Deadline(what, None, due_text, "unknown", citations, sources=_sources(citations))
    if not _ISO_DATE.fullmatch(due) or not due_text:
        return None
    try:
        day = dt.date.fromisoformat(due)
    except ValueError:
        return None
    if not any(due_text.lower() in " ".join(c.quote.split()).lower() for c in citations):
        return None  # the date must come from the sources, not from the model
    status = "passed" if day < today else "today" if day == today else "upcoming"
    return Deadline(what, due, due_text, status, citations, sources=_sources(citations))

