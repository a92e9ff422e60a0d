"""Discord rendering of briefings, answers, deadlines, reminders and command replies.

Each function returns the JSON bodies Discord's REST API takes for a message:
`{"content": ..., "embeds": [...], "allowed_mentions": {"parse": []}}`. They stay inside
the platform's limits (embed title 256, description 4,096, 25 fields of 256/1,024,
footer 2,048, 6,000 characters over all embeds of a message, 10 embeds, content 2,000):
a long digest becomes several messages and loses nothing but over-long quotes, which
are shortened the same way as in the markdown rendering. Every piece of document or
user text goes through `escape_discord` (defanged, Discord markdown escaped).
`to_send_kwargs` turns a payload into discord.py objects for interaction follow-ups.
"""

from __future__ import annotations

import datetime as dt
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
from adapters.safety import escape_discord
from adapters.stories import story_groups
from summarizer.model import Answer, Briefing, Citation, Deadline

if TYPE_CHECKING:
    from bot.commands import Reply

MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_EMBED_TOTAL = 6000  # all embeds of one message together
MAX_EMBEDS = 10
MAX_CONTENT = 2000
MESSAGE_BUDGET = 5800  # of MAX_EMBED_TOTAL: room for the poster's reference mark in a footer
MAX_LINE = 1500  # one item of a list; quotes are much shorter already
MAX_CITATIONS = 20
COLOR = 0x3B6EA5
NO_MENTIONS = {"parse": []}

Message = dict


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _e(text: str, limit: int = 300) -> str:
    """Untrusted text, shortened to `limit` before escaping (so an escape is never cut in half)."""
    return escape_discord(_clip(" ".join(text.split()), limit))


def _sources(citations: Iterable[Citation], total: int | None = None) -> str:
    """"[Harbour Wire]" or "[Harbour Wire +2]", escaped (the brackets are ours, the name is not)."""
    names = list(dict.fromkeys(c.source for c in citations))
    if not names:
        return ""
    others = max(len(names), total or 0) - 1
    return f"\\[{_e(names[0], 100)}{f' +{others}' if others else ''}\\]"


def embed_size(embed: dict) -> int:
    """The characters Discord counts toward the 6,000 a message may carry in its embeds."""
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += sum(len(f.get("name", "")) + len(f.get("value", "")) for f in embed.get("fields", []))
    size += len((embed.get("footer") or {}).get("text", "")) + len((embed.get("author") or {}).get("name", ""))
    return size


def _embed(description: str = "", *, title: str | None = None, footer: str | None = None,
           fields: list[dict] | None = None) -> dict:
    embed: dict = {"color": COLOR}
    if title:
        embed["title"] = _clip(title, MAX_TITLE)
    if description:
        embed["description"] = _clip(description, MAX_DESCRIPTION)
    if fields:
        embed["fields"] = fields[:MAX_FIELDS]
    if footer:
        embed["footer"] = {"text": _clip(footer, MAX_FOOTER)}
    return embed


def _message(embeds: list[dict], content: str = "") -> Message:
    return {"content": _clip(content, MAX_CONTENT), "embeds": embeds, "allowed_mentions": dict(NO_MENTIONS)}


def _chunks(units: list[str], first: str = "", limit: int = MAX_DESCRIPTION) -> list[str]:
    """Units (an item, or a heading with its first item) packed into descriptions of at most `limit`."""
    chunks: list[str] = []
    current = first
    for unit in units:
        unit = _clip(unit.rstrip("\n"), limit)
        if current and len(current) + 1 + len(unit) > limit:
            chunks.append(current)
            current = unit.lstrip("\n")
        else:
            current = f"{current}\n{unit}" if current else unit.lstrip("\n")
    if current:
        chunks.append(current)
    return chunks


def _section(heading: str, lines: list[str]) -> list[str]:
    """A heading kept together with its first line, so no chunk ends on a bare heading."""
    lines = [_clip(line, MAX_LINE) for line in lines]
    return [f"\n**{heading}**\n{lines[0]}", *lines[1:]] if lines else []


def split_messages(embeds: list[dict], content: str, continued: str) -> list[Message]:
    """Embeds spread over messages within 10 embeds and the character budget; later ones say they continue."""
    groups: list[list[dict]] = [[]]
    size = 0
    for embed in embeds:
        length = embed_size(embed)
        if groups[-1] and (len(groups[-1]) >= MAX_EMBEDS or size + length > MESSAGE_BUDGET):
            groups.append([])
            size = 0
        groups[-1].append(embed)
        size += length
    total = len(groups)
    return [_message(g, content if i == 1 else f"{continued}, continued ({i}/{total})")
            for i, g in enumerate(groups, start=1)]


# -- briefings -------------------------------------------------------------------------------

def _meta(briefing: Briefing) -> str:
    n, s = briefing.documents, len(briefing.sources)
    text = (f"{n} document{'s' if n != 1 else ''} from {s} source{'s' if s != 1 else ''}, "
            f"{_when(briefing.since)} to {_when(briefing.until)}")
    if briefing.duplicates:
        text += f"; {briefing.duplicates} near-duplicate{'s' if briefing.duplicates != 1 else ''}"
    if briefing.undated:
        text += f"; {briefing.undated} undated (their dates are approximate)"
    return f"*{text}*"


def _cited(citations: list[Citation], needle: str | None = None) -> str:
    """The verified quote shown beside the model's own words."""
    quote = _e(first_quote(citations, needle), MAX_LINE)
    return f" \u2014 {in_quotes(quote, QUOTES)}" if quote else ""


def _deadline_line(d: Deadline, today: dt.date, model: bool = False) -> str:
    what = (_e(_quote(d.what), MAX_LINE) + _cited(d.citations, d.due_text) if model
            else _e(around(d.what, d.due_text), MAX_LINE))
    line = (f"• **{due_phrase(d.due, d.due_end, d.approximate, today, void=d.status == 'void')}**: "
            f"{what} {_sources(d.citations, d.sources)}")
    for v in d.voided_by[:1]:
        line += void_note(_e(v.source, 200), _e(_quote(v.quote), 200), ("\u201c", "\u201d"))
    for c in d.conflicts:
        line += conflict_note(c, today, _e(", ".join(c["sources"]), 200), _e(c["due_text"], 100), ("\u201c", "\u201d"))
    return line


def _story_units(briefing: Briefing, items_of, today: dt.date) -> list[str]:
    units: list[str] = []
    model = by_model(briefing)

    def cited(citations) -> str:
        return _cited(citations) if model else ""

    if positions := items_of(briefing.positions):
        units += _section("Positions", [
            f"• **{_e(p.actor, 100)}**: {_e(_quote(stance_text(p.actor, p.stance), MAX_QUOTE + 40), MAX_LINE)}"
            f"{cited(p.citations)} {_sources(p.citations, p.sources)}" for p in positions])
    if deadlines := items_of(briefing.deadlines):
        units += _section("Deadlines", [_deadline_line(d, today, model) for d in deadlines])
    if questions := items_of(briefing.open_questions):
        units += _section("Open questions", [
            f"• {_e(_quote(q.question, max(MAX_QUOTE, 90)), MAX_LINE)}{cited(q.citations)} {_sources(q.citations)}"
            + "".join(answered_note(_e(_quote(a.quote), MAX_LINE), _e(a.source, 100), QUOTES) for a in q.answered_by)
            for q in questions])
    if developments := items_of(briefing.developments):
        units += _section("Developments", [
            f"• {_e(_quote(d.summary), MAX_LINE) if model else in_quotes(_e(_quote(d.summary), MAX_LINE), QUOTES)}"
            f"{cited(d.citations)} {_sources(d.citations, d.sources)}" for d in developments])
    return units


def _sources_footer(names: list[str], room: int = MAX_FOOTER - 20) -> str:
    """Source names as plain text (a footer renders no markdown and no links), within `room` characters."""
    shown: list[str] = []
    length = len("Sources: ")
    for i, name in enumerate(names):
        item = _e(name, 200)
        if length + len(item) + 3 > room:
            shown.append(f"+{len(names) - i} more")
            break
        shown.append(item)
        length += len(item) + 3
    return "Sources: " + " · ".join(shown)


def briefing_messages(briefing: Briefing) -> list[Message]:
    """A digest as one or more messages: a titled first embed, the stories, the sources in the last footer."""
    today = dt.datetime.fromisoformat(briefing.until).date()
    title = f"Briefing: {_e(briefing.topic, 200)}"
    meta = _meta(briefing)
    content = f"**{title}**"
    footer = _e(engine_line(briefing.engine, briefing.llm), 300)
    if briefing.documents == 0:
        return [_message([_embed(f"{meta}\n\nNothing new arrived in this window.", title=title, footer=footer)],
                         content)]
    groups = story_groups(briefing)
    units: list[str] = []
    for group in groups:
        label, items_of = group.label, group.items_of
        story = _story_units(briefing, items_of, today)
        if len(groups) > 1 or label is not None:
            meta_story = group.meta
            count = f" ({meta_story['documents']} documents)" if meta_story else ""
            if story:
                story[0] = f"\n__**{_e(label or 'Other', 200)}**__{count}\n{story[0].lstrip(chr(10))}"
        units += story
    if briefing.is_empty():
        units.append("\nThe documents in this window hold no statement I can cite with confidence.")
    chunks = _chunks(units, first=meta)
    embeds = [_embed(chunk, title=title if i == 0 else None) for i, chunk in enumerate(chunks)]
    sources = _sources_footer(briefing.sources, MAX_FOOTER - 20 - len(footer) - 1) + "\n" if briefing.sources else ""
    embeds[-1]["footer"] = {"text": _clip(sources + footer, MAX_FOOTER)}
    return split_messages(embeds, content, title)


# -- answers, deadlines, reminders, plain replies ---------------------------------------------

def answer_message(answer: Answer) -> Message:
    """A cited answer (each quote a field named for its source), or "I found nothing" with the closest passages."""
    question = f"**Q:** {_e(answer.question, 500)}"
    if answer.answerable:
        body = _e(_quote(answer.answer or "", MAX_ANSWER), MAX_ANSWER + 100)
        cited, heading = answer.citations, "Sources"
    else:
        body = _e(answer.answer or "I found nothing on that in the sources for this channel.", 1000)
        cited, heading = answer.related, "Closest related passages (they do not answer the question)"
    embed = _embed(f"{question}\n\n{body}" + (f"\n\n**{heading}**" if cited else ""))
    fields: list[dict] = []
    for c in cited[:MAX_CITATIONS]:
        field = {"name": _clip(_e(c.source, 200), MAX_FIELD_NAME),
                 "value": _clip(f"\u201c{_e(_quote(c.quote, MAX_ANSWER), MAX_ANSWER + 100)}\u201d", MAX_FIELD_VALUE),
                 "inline": False}
        if embed_size(embed) + sum(len(f["name"]) + len(f["value"]) for f in fields) + len(field["name"]) + \
                len(field["value"]) > MESSAGE_BUDGET - 100:
            break
        fields.append(field)
    if fields:
        embed["fields"] = fields
    footer = []
    if len(cited) > len(fields):
        footer.append(f"…and {len(cited) - len(fields)} more")
    footer.append(_e(engine_line(answer.engine, answer.llm), 300))
    embed["footer"] = {"text": " · ".join(footer)}
    return _message([embed])


def deadlines_messages(deadlines: list[Deadline], today: dt.date) -> list[Message]:
    """`deadlines`, soonest first, each with its date, days left and source; as many messages as it takes."""
    if not deadlines:
        return [text_message("No upcoming deadline in the sources for this channel.")]
    chunks = _chunks([_clip(_deadline_line(d, today), MAX_LINE) for d in deadlines])
    embeds = [_embed(chunk, title="Deadlines" if i == 0 else None) for i, chunk in enumerate(chunks)]
    return split_messages(embeds, "", "Deadlines")


def deadlines_message(deadlines: list[Deadline], today: dt.date) -> Message:
    """`deadlines` in one message: those that fit, then how many more there are."""
    messages = deadlines_messages(deadlines, today)
    if len(messages) == 1:
        return messages[0]
    first = messages[0]
    shown = sum(e.get("description", "").count("\n") + 1 for e in first["embeds"])  # one line per deadline
    first["embeds"][-1]["footer"] = {"text": f"…and {len(deadlines) - shown} more"}
    first["content"] = ""
    return first


def reminder_message(deadline: Deadline, today: dt.date, late: bool = False) -> Message:
    """One deadline reminder: what is due, when, how many days are left, and the source."""
    head = "Reminder" + (" (sent late)" if late else "")
    when = due_phrase(deadline.due, deadline.due_end, deadline.approximate, today)
    body = f"{_e(around(deadline.what, deadline.due_text), MAX_LINE)} {_sources(deadline.citations, deadline.sources)}"
    return _message([_embed(body, title=f"{head}: {when}")], f"**{head}: {when}**")


def text_message(text: str) -> Message:
    """A short line of our own (errors, "nothing new"), escaped like everything else."""
    return _message([_embed(_clip(escape_discord(text.rstrip("\n")), MAX_DESCRIPTION))])


def help_message(text: str) -> Message:
    """The help text as it is written, in a code block (it is ours; only a fence could break it)."""
    return _message([_embed(f"```\n{text.rstrip().replace('```', '`‵`')}\n```", title="/brief")])


def reply_messages(reply: Reply) -> list[Message]:
    """Whatever `Commands.handle` returned, as Discord messages."""
    if reply.kind == "digest" and reply.briefing is not None:
        return briefing_messages(reply.briefing)
    if reply.kind == "answer" and reply.answer is not None:
        return [answer_message(reply.answer)]
    if reply.kind == "deadlines" and reply.deadlines is not None:
        return deadlines_messages(reply.deadlines, reply.today or dt.date.today())
    if reply.kind == "help":
        return [help_message(reply.text)]
    return [text_message(reply.text)]


def to_send_kwargs(message: Message) -> dict:
    """A payload as keyword arguments for discord.py's `send` (interaction follow-ups), mentions off."""
    import discord

    kwargs: dict = {"embeds": [discord.Embed.from_dict(e) for e in message.get("embeds", [])],
                    "allowed_mentions": discord.AllowedMentions.none()}
    if message.get("content"):
        kwargs["content"] = message["content"]
    return kwargs
