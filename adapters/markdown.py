"""Markdown and plain-text rendering of briefings and answers (console, `--format markdown`)."""

from __future__ import annotations

import datetime as dt

from adapters.safety import defang
from adapters.stories import story_groups
from summarizer.model import FAILED_VERIFICATION, Answer, Briefing, Citation, Deadline

MAX_QUOTE = 110  # a briefing line
STORY_WORDS = 300  # a day's briefing on one story fits in about this many words
SHORTER_QUOTES = (110, 90, 75, 60)  # tried in turn until a story fits its word budget
MAX_ANSWER = 600  # an answer is read in full


def _sources(citations: list[Citation], total: int | None = None) -> str:
    """"[Harbour Wire]", "[Harbour Wire +2]": the first source, and how many others carry it."""
    names = list(dict.fromkeys(defang(c.source) for c in citations))
    if not names:
        return ""
    others = max(len(names), total or 0) - 1
    return f"[{names[0]}{f' +{others}' if others else ''}]"


def around(text: str, needle: str, limit: int = MAX_QUOTE) -> str:
    """A line of at most `limit` characters that keeps `needle` (a deadline's date words) in view."""
    text = " ".join(text.split())
    at = text.find(needle)
    if len(text) <= limit or at < 0 or at + len(needle) <= limit - 1:
        return _quote(text, limit)
    start = max(0, min(at - limit // 2, len(text) - limit + 2))
    start = text.find(" ", start) + 1 or start
    return _quote("…" + text[start:], limit)


def stance_text(actor: str, stance: str) -> str:
    """The stance without a leading "Actor:" that the heading already says."""
    for prefix in (f"{actor}:", f"{actor} -"):
        if stance.startswith(prefix):
            stance = stance[len(prefix):].strip()
    # When it will not fit, keep the whole quote rather than a quote and half a list of demands.
    closing = max(stance.find("\u201d"), stance.find('"', 1))
    if len(stance) > MAX_QUOTE + 40 and stance[:1] in "\u201c\"" and 0 < closing < len(stance) - 1:
        return stance[: closing + 1]
    return stance


QUOTES = ("\u201c", "\u201d")  # how chat renderings quote a development
_OPENING_QUOTES = ('"', "\u201c", "\u2018", "'", "``", "\u00ab")


def in_quotes(text: str, marks: tuple[str, str] = ('"', '"')) -> str:
    """A sentence shown as a quotation, unless it opens with one of its own (not ""The EU's ...")."""
    return text if text.startswith(_OPENING_QUOTES) else f"{marks[0]}{text}{marks[1]}"


def engine_line(engine: str, llm: dict | None) -> str:
    """Who wrote a briefing or an answer, for its foot: "offline engine", "model gpt-4o-mini",
    "offline engine: the model failed (timeout)". Plain text: each renderer escapes it."""
    info = llm or {}
    if engine == "openai":
        line = f"model {info['model']}" if info.get("model") else "model"
        if left := info.get("passages_left_out"):
            line += f" ({left} passage{'s' if left != 1 else ''} left out to fit its context)"
        return line
    if engine == "extractive":
        return "offline engine"
    if engine.startswith("extractive ("):
        failure = info.get("failure")
        if failure == FAILED_VERIFICATION:
            return "offline engine: the model's output failed verification"
        return f"offline engine: the model failed ({failure})" if failure else "offline engine: the model failed"
    return f"engine: {engine}"


def by_model(briefing: Briefing) -> bool:
    """Are the briefing's texts (stances, summaries, questions) the model's own words, not the sources'?

    Then each is shown as plain text beside its verified quote: only source text goes in quotation marks.
    """
    return briefing.engine == "openai"


def first_quote(citations: list[Citation], needle: str | None = None, limit: int = MAX_QUOTE) -> str:
    """The first citation's quote, shortened around `needle` (a deadline's date words) when given; unquoted."""
    if not citations:
        return ""
    quote = citations[0].quote
    return around(quote, needle, limit) if needle else _quote(quote, limit)


def _quote(text: str, limit: int = MAX_QUOTE) -> str:
    """Defanged first, then cut: a link cut in half would no longer be recognised as one."""
    text = defang(" ".join(text.split()))
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def _when(iso: str | None) -> str:
    if not iso:
        return "?"
    try:
        return dt.datetime.fromisoformat(iso).strftime("%-d %b %Y %H:%M UTC")
    except ValueError:
        return iso


def due_phrase(due: str | None, due_end: str | None, approximate: bool, today: dt.date, *,
               void: bool = False) -> str:
    """"Tue 2 Sep 2025 (in 40 days)", "week of Mon 28 Jul 2025 (in 4 days)", "date unknown"; for a deadline a
    newer report says no longer holds (`void`), "Fri 20 Mar 2026 (no longer holds)"."""
    if not due:
        return "date unknown"
    start = dt.date.fromisoformat(due)
    text = start.strftime("%a %-d %b %Y")
    if due_end:
        end = dt.date.fromisoformat(due_end)
        text = f"{text} to {end.strftime('%a %-d %b')}"
    if approximate:
        text = f"about {text}"
    if void:
        return f"{text} (no longer holds)"
    days = (start - today).days
    last = (dt.date.fromisoformat(due_end) - today).days if due_end else days
    if last < 0:
        when = f"{-last} day{'s' if last != -1 else ''} ago"
    elif days <= 0 and due_end:  # today falls inside the stretch: the event may come any day of it
        when = "open, ends today" if last == 0 else f"open, ends in {last} day{'s' if last != 1 else ''}"
    elif days <= 0:
        when = "today"
    else:
        when = f"in {days} day{'s' if days != 1 else ''}"
    return f"{text} ({when})"


def conflict_note(conflict: dict, today: dt.date, names: str, due_text: str, marks: tuple[str, str] = ('"', '"')) -> str:
    """What a deadline says of another date for it: revised from an older one, or given by other sources.

    `names` and `due_text` come escaped the way the platform needs; every renderer words it alike.
    """
    other = due_phrase(conflict["due"], None, conflict["approximate"], today).split(" (")[0]
    quoted = f"{marks[0]}{due_text}{marks[1]}"
    if conflict.get("void"):
        return f" The earlier date, {other}, no longer holds ({names}: {quoted})."
    if conflict.get("superseded"):
        return f" Revised from {other} ({names}: {quoted})."
    return f" Sources disagree: {names} give{'s' if len(conflict['sources']) == 1 else ''} {other} ({quoted})."


def void_note(names: str, quote: str, marks: tuple[str, str] = ('"', '"')) -> str:
    """What a deadline that no longer holds says of the report that says so; `names` and `quote` come escaped
    the way the platform needs."""
    return f" A newer report says it no longer holds: {marks[0]}{quote}{marks[1]} ({names})."


def answered_note(quote: str, source: str, marks: tuple[str, str] = ('"', '"')) -> str:
    """What a newer report says about an open question ("A later report says: ..."); `quote` and `source` come
    escaped the way the platform needs. Worded as the evidence it is, not as a verdict."""
    return f" A later report says: {in_quotes(quote, marks)} ({source})"


def render_markdown(briefing: Briefing) -> str:
    today = dt.datetime.fromisoformat(briefing.until).date()
    lines = [f"# Briefing: {defang(briefing.topic)}"]
    span = f"{_when(briefing.since)} to {_when(briefing.until)}"
    lines.append(
        f"_{briefing.documents} document{'s' if briefing.documents != 1 else ''} from "
        f"{len(briefing.sources)} source{'s' if len(briefing.sources) != 1 else ''}, {span}"
        + (f"; {briefing.duplicates} near-duplicate{'s' if briefing.duplicates != 1 else ''}" if briefing.duplicates else "")
        + (f"; {briefing.undated} undated (their dates are approximate)" if briefing.undated else "")
        + "_"
    )
    footer = f"\n_{defang(engine_line(briefing.engine, briefing.llm))}_"
    if briefing.documents == 0:
        lines += ["\nNothing new arrived in this window.", footer]
        return "\n".join(lines) + "\n"
    groups = story_groups(briefing)
    for group in groups:
        if len(groups) > 1 or group.label is None:
            count = f" ({group.meta['documents']} documents)" if group.meta else ""
            lines.append(f"\n## {defang(group.label or 'Other')}{count}")
        lines += _fitted_story_lines(briefing, group.items_of, today)
    if briefing.is_empty():
        lines.append("\nThe documents in this window hold no statement I can cite with confidence.")
    lines.append(footer)
    return "\n".join(lines) + "\n"


def _fitted_story_lines(briefing: Briefing, items_of, today: dt.date) -> list[str]:
    """A story's lines with quotes cut shorter, step by step, until it fits in about STORY_WORDS words."""
    for limit in SHORTER_QUOTES:
        lines = _story_lines(briefing, items_of, today, limit)
        if sum(len(line.split()) for line in lines) <= STORY_WORDS:
            break
    return lines


def _story_lines(briefing: Briefing, mine, today: dt.date, limit: int = MAX_QUOTE) -> list[str]:
    lines: list[str] = []
    model = by_model(briefing)

    def cited(citations, needle=None) -> str:  # the verified quote beside the model's words
        return f' — {in_quotes(first_quote(citations, needle, limit))}' if model and citations else ""

    if positions := mine(briefing.positions):
        lines.append("\n**Positions**")
        for p in positions:
            lines.append(f"- **{defang(p.actor)}**: {_quote(stance_text(p.actor, p.stance), limit + 40)}"
                         f"{cited(p.citations)} {_sources(p.citations, p.sources)}")
    if deadlines := mine(briefing.deadlines):
        lines.append("\n**Deadlines**")
        for d in deadlines:
            what = _quote(d.what, limit) if model else around(d.what, d.due_text, limit)
            line = (f"- {due_phrase(d.due, d.due_end, d.approximate, today, void=d.status == 'void')}: "
                    f"{what}{cited(d.citations, d.due_text)} {_sources(d.citations, d.sources)}")
            for v in d.voided_by[:1]:
                line += void_note(defang(v.source), _quote(v.quote, limit))
            for c in d.conflicts:
                line += conflict_note(c, today, defang(", ".join(c["sources"])), defang(c["due_text"]))
            lines.append(line)
    if questions := mine(briefing.open_questions):
        lines.append("\n**Open questions**")
        for q in questions:
            line = f"- {_quote(q.question, max(limit, 90))}{cited(q.citations)} {_sources(q.citations)}"
            for a in q.answered_by:
                line += answered_note(defang(_quote(a.quote, limit)), defang(a.source))
            lines.append(line)
    if developments := mine(briefing.developments):
        lines.append("\n**Developments**")
        for d in developments:
            summary = _quote(d.summary, limit) if model else in_quotes(_quote(d.summary, limit))
            lines.append(f"- {summary}{cited(d.citations)} {_sources(d.citations)}")
    return lines


def render_answer_text(answer: Answer) -> str:
    footer = f"\u2014 {defang(engine_line(answer.engine, answer.llm))}"
    if not answer.answerable:
        lines = [answer.answer or "I found nothing on that in the sources for this channel."]
        if answer.related:
            lines.append("Closest related passages (they do not answer the question):")
            lines += [f"  - \"{_quote(c.quote, MAX_ANSWER)}\" [{defang(c.source)}]" for c in answer.related]
        return "\n".join(lines + [footer]) + "\n"
    lines = [_quote(answer.answer or "", MAX_ANSWER)]
    for c in answer.citations:
        lines.append(f"  - \"{_quote(c.quote, MAX_ANSWER)}\" [{defang(c.source)}, chars {c.start}-{c.end}]")
    return "\n".join(lines + [footer]) + "\n"


def render_deadlines(deadlines: list[Deadline], today: dt.date) -> str:
    """`deadlines` in a chat or terminal: soonest first, each with its date, days left and source."""
    if not deadlines:
        return "No upcoming deadline in the sources for this channel.\n"
    lines = ["**Deadlines**"]
    for d in deadlines:
        lines.append(f"- {due_phrase(d.due, d.due_end, d.approximate, today)}: {around(d.what, d.due_text)} "
                     f"{_sources(d.citations, d.sources)}")
    return "\n".join(lines) + "\n"


def render_reminder(deadline: Deadline, today: dt.date, *, late: bool = False) -> str:
    """One deadline reminder: what is due, when, how many days are left, and the source."""
    head = "Reminder" + (" (sent late)" if late else "")
    return (f"**{head}: {due_phrase(deadline.due, deadline.due_end, deadline.approximate, today)}**\n"
            f"{around(deadline.what, deadline.due_text)} {_sources(deadline.citations, deadline.sources)}\n")


def render_deadline_rows(rows: list[dict], now: dt.datetime) -> str:
    """The text form: one deadline per paragraph, its reminders below it."""
    if not rows:
        return "No upcoming deadline in the sources.\n"
    out = []
    for r in rows:
        sources = sorted({defang(c["source"]) for c in r["citations"]})
        out.append(f"{due_phrase(r['due'], r['due_end'], r['approximate'], now.date())}: "
                   f"{around(r['what'], r['due_text'])} [{', '.join(sources)}]")
        for p in r["plan"]:
            out.append(f"  reminder {p['offset']:>3} {p['channel']} {p['fire_at']} {p['status']}")
        if not r["plan"]:
            out.append("  no reminders (no configured channel follows this topic)")
    return "\n".join(out) + "\n"
