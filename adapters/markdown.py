"""Markdown and plain-text rendering of briefings and answers (console, `--format markdown`)."""

from __future__ import annotations

import datetime as dt

from adapters.safety import defang
from summarizer.model import Answer, Briefing, Citation

MAX_QUOTE = 220


def _sources(citations: list[Citation], limit: int = 3) -> str:
    names = list(dict.fromkeys(defang(c.source) for c in citations))
    shown = ", ".join(names[:limit]) + (f" +{len(names) - limit}" if len(names) > limit else "")
    return f"[{shown}; {len(names)} source{'s' if len(names) != 1 else ''}]"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"
    return defang(text)


def _when(iso: str | None) -> str:
    if not iso:
        return "?"
    try:
        return dt.datetime.fromisoformat(iso).strftime("%-d %b %Y %H:%M UTC")
    except ValueError:
        return iso


def render_markdown(briefing: Briefing) -> str:
    lines = [f"# Briefing: {defang(briefing.topic)}"]
    span = f"{_when(briefing.since)} to {_when(briefing.until)}"
    lines.append(
        f"_{briefing.documents} document{'s' if briefing.documents != 1 else ''} from "
        f"{len(briefing.sources)} source{'s' if len(briefing.sources) != 1 else ''}, {span}"
        + (f"; {briefing.duplicates} near-duplicate{'s' if briefing.duplicates != 1 else ''}" if briefing.duplicates else "")
        + (f"; {briefing.undated} undated" if briefing.undated else "")
        + "_"
    )
    if briefing.documents == 0:
        lines.append("\nNothing new arrived in this window.")
        return "\n".join(lines) + "\n"
    if briefing.positions:
        lines.append("\n## Positions")
        for p in briefing.positions:
            lines.append(f"- **{defang(p.actor)}**: {_quote(p.stance)} {_sources(p.citations)}")
    if briefing.deadlines:
        lines.append("\n## Deadlines")
        for d in briefing.deadlines:
            lines.append(f"- {d.due or 'date unknown'} ({d.status}): {_quote(d.what)} {_sources(d.citations)}")
    if briefing.open_questions:
        lines.append("\n## Open questions")
        for q in briefing.open_questions:
            lines.append(f"- {_quote(q.question)} {_sources(q.citations)}")
    if briefing.developments:
        lines.append("\n## Key sentences")
        for d in briefing.developments:
            lines.append(f"- \"{_quote(d.summary)}\" {_sources(d.citations)}")
    if briefing.is_empty():
        lines.append("\nThe documents in this window hold no statement I can cite with confidence.")
    return "\n".join(lines) + "\n"


def render_answer_text(answer: Answer) -> str:
    if not answer.answerable:
        lines = [answer.answer or "I found nothing on that in the sources for this channel."]
        if answer.related:
            lines.append("Closest related passages (they do not answer the question):")
            lines += [f"  - \"{_quote(c.quote)}\" [{defang(c.source)}]" for c in answer.related]
        return "\n".join(lines) + "\n"
    lines = [_quote(answer.answer or "")]
    for c in answer.citations:
        lines.append(f"  - \"{_quote(c.quote)}\" [{defang(c.source)}, chars {c.start}-{c.end}]")
    return "\n".join(lines) + "\n"
