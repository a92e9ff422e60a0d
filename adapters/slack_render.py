"""Slack Block Kit rendering of briefings, answers, deadlines, reminders and command replies.

Each function returns Slack message payloads `{"text": ..., "blocks": [...]}` that
stay inside the platform's limits (50 blocks a message, 3,000 characters a section,
150 for a header): a long digest becomes several messages and loses nothing but
over-long quotes, which are shortened the same way as in the markdown rendering.
`text` is the notification fallback and carries the same content as the blocks.
Every piece of document or user text goes through `escape_slack`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from adapters.markdown import (
    MAX_ANSWER,
    MAX_QUOTE,
    QUOTES,
    _quote,
    _when,
    answered_note,
    around,
    by_model,
    conflict_note,
    due_phrase,
    engine_line,
    first_quote,
    in_quotes,
    stance_text,
    void_note,
)
from adapters.safety import ZWSP, defang, escape_slack
from adapters.stories import story_groups
from summarizer.model import Answer, Briefing, Citation, Deadline

if TYPE_CHECKING:
    from bot.commands import Reply

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_CONTEXT = 2000  # one context element; Slack allows 3,000, the rest is margin
MAX_MESSAGE_CHARS = 12000  # the `text` fallback is cut by Slack at 40,000; a message this size reads well
MAX_LINE = 2800  # one item; room for a heading in the same section
MAX_CITATIONS = 20
NOTHING = "I found nothing on that in the sources for this channel."

Message = dict


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _inert(text: str, limit: int) -> str:
    """Escaped and clipped; defanged before clipping so a cut cannot leave half a link unrecognized."""
    return escape_slack(_clip(defang(text), limit))


def _q(text: str, limit: int = MAX_QUOTE) -> str:
    """A quote shortened at a word boundary, as in the markdown rendering, then escaped."""
    return escape_slack(_quote(defang(text), limit))


def _sources(citations: Iterable[Citation], total: int | None = None) -> str:
    """"[Harbour Wire]" or "[Harbour Wire +2]", escaped."""
    names = list(dict.fromkeys(c.source for c in citations))
    if not names:
        return ""
    others = max(len(names), total or 0) - 1
    return f"[{_inert(names[0], 100)}{f' +{others}' if others else ''}]"


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, MAX_SECTION)}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text, MAX_CONTEXT)}]}


def _header(text: str) -> dict:
    # plain_text is never parsed for mentions or links; break every "<" anyway so nothing reads as one.
    inert = re.sub(f"<(?!{ZWSP})", f"<{ZWSP}", defang(text))
    return {"type": "header", "text": {"type": "plain_text", "text": _clip(inert, MAX_HEADER), "emoji": False}}


def _block_text(block: dict) -> str:
    """The block's text as mrkdwn (what the `text` fallback is made of)."""
    if block["type"] == "header":
        return escape_slack(block["text"]["text"])
    if block["type"] == "section":
        return block["text"]["text"]
    if block["type"] == "context":
        return " ".join(e.get("text", "") for e in block["elements"])
    return ""


def _message(blocks: list[dict]) -> Message:
    return {"text": "\n".join(t for t in map(_block_text, blocks) if t), "blocks": blocks}


def _sections(heading: str, lines: list[str]) -> list[dict]:
    """A heading and its lines packed into as few sections as the 3,000-character limit allows."""
    blocks: list[dict] = []
    current = f"*{heading}*"
    for line in lines:
        line = _clip(line, MAX_LINE)
        if len(current) + 1 + len(line) > MAX_SECTION:
            blocks.append(_section(current))
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(_section(current))
    return blocks


def _split(blocks: list[dict], title: str) -> list[Message]:
    """Blocks spread over messages within the block and size limits; later ones say they continue."""
    room = MAX_BLOCKS - 1  # one block kept for the "continued" line
    groups: list[list[dict]] = [[]]
    size = 0
    for block in blocks:
        length = len(_block_text(block))
        if groups[-1] and (len(groups[-1]) >= room or size + length > MAX_MESSAGE_CHARS):
            groups.append([])
            size = 0
        groups[-1].append(block)
        size += length
    total = len(groups)
    for i, group in enumerate(groups[1:], start=2):
        group.insert(0, _context(f"{title}, continued ({i}/{total})"))
    return [_message(g) for g in groups]


# -- briefings -------------------------------------------------------------------------------

def _meta(briefing: Briefing) -> str:
    n, s = briefing.documents, len(briefing.sources)
    text = (f"{n} document{'s' if n != 1 else ''} from {s} source{'s' if s != 1 else ''}, "
            f"{_when(briefing.since)} to {_when(briefing.until)}")
    if briefing.duplicates:
        text += f"; {briefing.duplicates} near-duplicate{'s' if briefing.duplicates != 1 else ''}"
    if briefing.undated:
        text += f"; {briefing.undated} undated (their dates are approximate)"
    return text


def _cited(citations: list[Citation], needle: str | None = None) -> str:
    """The verified quote shown beside the model's own words."""
    quote = escape_slack(first_quote(citations, needle))  # defanged, then shortened
    return f" \u2014 {in_quotes(quote, QUOTES)}" if quote else ""


def _deadline_line(d: Deadline, today: dt.date, model: bool = False) -> str:
    what = _q(d.what) + _cited(d.citations, d.due_text) if model else escape_slack(around(defang(d.what), d.due_text))
    line = (f"• *{due_phrase(d.due, d.due_end, d.approximate, today, void=d.status == 'void')}*: "
            f"{what} {_sources(d.citations, d.sources)}")
    for v in d.voided_by[:1]:
        line += void_note(_inert(v.source, 200), _inert(v.quote, 200))
    for c in d.conflicts:
        line += conflict_note(c, today, _inert(", ".join(c["sources"]), 200), _inert(c["due_text"], 100))
    return line


def _story_blocks(briefing: Briefing, items_of, today: dt.date) -> list[dict]:
    blocks: list[dict] = []
    model = by_model(briefing)

    def cited(citations) -> str:
        return _cited(citations) if model else ""

    if positions := items_of(briefing.positions):
        blocks += _sections("Positions", [
            f"• *{_inert(p.actor, 100)}*: "
            f"{_q(stance_text(p.actor, p.stance), MAX_QUOTE + 40)}{cited(p.citations)} "
            f"{_sources(p.citations, p.sources)}"
            for p in positions])
    if deadlines := items_of(briefing.deadlines):
        blocks += _sections("Deadlines", [_deadline_line(d, today, model) for d in deadlines])
    if questions := items_of(briefing.open_questions):
        blocks += _sections("Open questions", [
            f"• {_q(q.question)}{cited(q.citations)} {_sources(q.citations)}"
            + "".join(answered_note(_q(a.quote), _inert(a.source, 100), QUOTES) for a in q.answered_by)
            for q in questions])
    if developments := items_of(briefing.developments):
        blocks += _sections("Developments", [
            f"• {_q(d.summary) if model else in_quotes(_q(d.summary), QUOTES)}{cited(d.citations)} "
            f"{_sources(d.citations, d.sources)}" for d in developments])
    return blocks


def briefing_messages(briefing: Briefing) -> list[Message]:
    """A digest as one or more messages: header, sections per story, and the sources at the end."""
    today = dt.datetime.fromisoformat(briefing.until).date()
    title = f"Briefing: {briefing.topic}"
    blocks = [_header(title), _context(_meta(briefing))]
    footer = _context(escape_slack(engine_line(briefing.engine, briefing.llm)))
    if briefing.documents == 0:
        blocks += [_section("Nothing new arrived in this window."), footer]
        return [_message(blocks)]
    groups = story_groups(briefing)
    for group in groups:
        label, items_of = group.label, group.items_of
        story = _story_blocks(briefing, items_of, today)
        if len(groups) > 1 or label is not None:
            meta = group.meta
            count = f" ({meta['documents']} documents)" if meta else ""
            if story or meta:
                story.insert(0, _section(f"*{_inert(label or 'Other', 300)}*{count}"))
        blocks += story
    if briefing.is_empty():
        blocks.append(_section("The documents in this window hold no statement I can cite with confidence."))
    if briefing.sources:
        blocks.append(_sources_context(briefing.sources))
    blocks.append(footer)
    return _split(blocks, _inert(title, 200))


def _sources_context(names: list[str]) -> dict:
    """Source names (a name may be a URL or a file name: shown as text, never as a link we make)."""
    shown: list[str] = []
    length = len("Sources: ")
    for i, name in enumerate(names):
        item = _inert(name, 200)
        rest = len(names) - i - 1
        if length + len(item) + 3 > MAX_CONTEXT - 20:
            shown.append(f"+{rest + 1} more")
            break
        shown.append(item)
        length += len(item) + 3
    return _context("Sources: " + " · ".join(shown))


# -- answers, deadlines, reminders, plain replies ---------------------------------------------

def answer_message(answer: Answer) -> Message:
    """A cited answer, or "I found nothing" with the closest passages; the question echoed, defanged."""
    blocks = [_context(f"Q: {_inert(' '.join(answer.question.split()), 500)}")]
    if answer.answerable:
        blocks.append(_section(_q(answer.answer or "", MAX_ANSWER)))
        cited = answer.citations
        heading = "Sources"
    else:
        blocks.append(_section(escape_slack(answer.answer or NOTHING)))
        cited = answer.related
        heading = "Closest related passages (they do not answer the question)"
    lines = [f"• \u201c{_q(c.quote, MAX_ANSWER)}\u201d [{_inert(c.source, 100)}]"
             for c in cited[:MAX_CITATIONS]]
    if len(cited) > MAX_CITATIONS:
        lines.append(f"…and {len(cited) - MAX_CITATIONS} more")
    if lines:
        blocks += _sections(heading, lines)
    blocks = blocks[:MAX_BLOCKS - 1]
    blocks.append(_context(escape_slack(engine_line(answer.engine, answer.llm))))
    return _message(blocks)


def deadlines_message(deadlines: list[Deadline], today: dt.date) -> Message:
    """`deadlines`: soonest first, each with its date, days left and source; one message."""
    if not deadlines:
        return text_message("No upcoming deadline in the sources for this channel.")
    lines, size = [], 0
    for d in deadlines:  # the soonest ones, as many as one message holds
        line = _clip(_deadline_line(d, today), MAX_LINE)
        if lines and size + len(line) > MAX_MESSAGE_CHARS - 100:
            break
        lines.append(line)
        size += len(line) + 1
    blocks = _sections("Deadlines", lines)
    if len(lines) < len(deadlines):
        blocks.append(_section(f"…and {len(deadlines) - len(lines)} more"))
    return _message(blocks)


def reminder_message(deadline: Deadline, today: dt.date, late: bool = False) -> Message:
    """One deadline reminder: what is due, when, how many days are left, and the source."""
    head = "Reminder" + (" (sent late)" if late else "")
    when = due_phrase(deadline.due, deadline.due_end, deadline.approximate, today)
    what = escape_slack(around(defang(deadline.what), deadline.due_text))
    body = f"{what} {_sources(deadline.citations, deadline.sources)}"
    return _message([_section(f"*{head}: {when}*\n{_clip(body, MAX_LINE)}")])


def text_message(text: str) -> Message:
    """A short line of our own (help, errors, "nothing new"), escaped like everything else."""
    return _message([_section(escape_slack(text.rstrip("\n")))])


def reply_messages(reply: Reply) -> list[Message]:
    """Whatever `Commands.handle` returned, as Slack messages."""
    if reply.kind == "digest" and reply.briefing is not None:
        return briefing_messages(reply.briefing)
    if reply.kind == "answer" and reply.answer is not None:
        return [answer_message(reply.answer)]
    if reply.kind == "deadlines" and reply.deadlines is not None:
        return [deadlines_message(reply.deadlines, reply.today or dt.date.today())]
    if reply.kind == "help":
        return [_message([_section(f"```{escape_slack(reply.text.rstrip())}```")])]
    return [text_message(reply.text)]
