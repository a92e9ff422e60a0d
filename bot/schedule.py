"""Pure planning: when each digest and reminder is due, and what to do with one that is late.

No clock, no store, no I/O: `now` is always passed in, so every rule here is testable
as of any moment, including daylight-saving changes.

Time rules
- A digest slot is one local calendar day of the channel. Its identity is that date, so a
  day whose digest time occurs twice (fall-back: 02:30 on the last Sunday of October in
  Berlin) still has exactly one slot, fired at the first occurrence; a day on which the
  time does not exist (spring-forward: 02:30 on the last Sunday of March) fires once, when
  the clocks have just jumped: 03:30 local, the same instant as 02:30 in the old offset.
- A reminder "Nd" fires N local days before the deadline's (first) due day, at the
  channel's digest time; "0d" fires on the day itself. "Nw" is N weeks.
- A post is on time up to LATE_AFTER past its moment, late (sent, and marked so) up to the
  grace, and missed (recorded, never sent) after that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from summarizer.model import Citation, Deadline

UTC = dt.timezone.utc
LATE_AFTER = dt.timedelta(minutes=5)  # a tick this close after the moment is still "on time"
CATCH_UP_DAYS = 7  # after a long outage, digest slots older than this are not even recorded as missed

_OFFSET = re.compile(r"^\s*(\d{1,3})\s*([dw])\s*$", re.I)
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")

ON_TIME, LATE, MISSED, EARLY = "on_time", "late", "missed", "early"


def parse_offset(text: str) -> int:
    """Days before the due day: "7d" -> 7, "0d" -> 0, "2w" -> 14. ValueError otherwise."""
    m = _OFFSET.match(str(text))
    if not m:
        raise ValueError(f"reminder offset {text!r} is not a number of days or weeks (e.g. 7d, 1d, 0d, 2w)")
    return int(m.group(1)) * (7 if m.group(2).lower() == "w" else 1)


def parse_digest_time(text: str) -> dt.time:
    """ "08:30" -> 08:30 (24-hour HH:MM). ValueError otherwise."""
    m = _TIME.match(str(text).strip())
    if not m:
        raise ValueError(f"digest_time {text!r} is not a 24-hour HH:MM time (e.g. 08:30)")
    return dt.time(int(m.group(1)), int(m.group(2)))


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"timezone {name!r} is not an IANA time zone (e.g. Europe/Berlin, UTC)") from None


@dataclass(frozen=True)
class ChannelPlan:
    """A configured channel, parsed once: where it is, when its digest goes out, which offsets."""

    key: str  # "platform:id"
    zone: ZoneInfo
    at: dt.time
    offsets: tuple[tuple[str, int], ...]  # ("7d", 7), ...

    @classmethod
    def from_config(cls, channel) -> ChannelPlan:
        return cls(f"{channel.platform}:{channel.id}", parse_zone(channel.timezone),
                   parse_digest_time(channel.digest_time),
                   tuple((o, parse_offset(o)) for o in dict.fromkeys(channel.reminders)))

    def local_day(self, now: dt.datetime) -> dt.date:
        return now.astimezone(self.zone).date()

    def digest_at(self, day: dt.date) -> dt.datetime:
        """The UTC moment of this channel's digest on a local day."""
        return local_moment(day, self.at, self.zone)


def local_moment(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of wall time `at` on `day` in `zone`.

    Ambiguous (fall-back) times take the first occurrence (fold=0). Nonexistent
    (spring-forward) times are read with the offset in force before the jump, which
    lands just after it: 02:30 on 30 March 2025 in Berlin is 01:30 UTC, 03:30 CEST.
    """
    return dt.datetime.combine(day, at).replace(tzinfo=zone, fold=0).astimezone(UTC)


def iso(moment: dt.datetime) -> str:
    """The store's time format: UTC, seconds, comparable as text."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def decide(fire_at: dt.datetime, now: dt.datetime, grace: dt.timedelta) -> str:
    """early (not yet), on_time, late (send and say so) or missed (record, never send)."""
    lag = now - fire_at
    if lag < dt.timedelta(0):
        return EARLY
    if lag <= LATE_AFTER:
        return ON_TIME
    return LATE if lag <= grace else MISSED


# -- digests ----------------------------------------------------------------------------
def digest_days_to_plan(channel: ChannelPlan, last_planned: dt.date | None, now: dt.datetime,
                        grace: dt.timedelta) -> list[dt.date]:
    """Local days whose digest slot must be recorded now, ending with the next one still to come.

    After an outage every slot since the last planned one is returned (at most CATCH_UP_DAYS
    back) so that each is sent late or recorded missed. A channel never planned before starts
    with the earliest slot still within the grace: a fresh start does not invent missed digests.
    """
    today = channel.local_day(now)
    if last_planned is not None and channel.digest_at(last_planned) > now:
        return []  # the next slot is already planned
    if last_planned is None:
        day = today - dt.timedelta(days=1)
        while channel.digest_at(day) < now - grace:
            day += dt.timedelta(days=1)
    else:
        day = max(last_planned + dt.timedelta(days=1), today - dt.timedelta(days=CATCH_UP_DAYS))
    days = []
    while True:
        days.append(day)
        if channel.digest_at(day) > now:
            return days
        day += dt.timedelta(days=1)


# -- reminders --------------------------------------------------------------------------
def deadline_item(deadline: Deadline, arrivals: Mapping[str, str]) -> str:
    """A deadline's stable identity: its first report (the earliest-arrived sentence that gives it).

    Later articles that confirm, contest or move the date join the same group in
    find_deadlines and only add later sentences, so the earliest one, and with it the
    identity, survives a re-plan; the due date, the wording and the citations shown may
    change. `deadline.first_report` names that sentence; a deadline without one (the LLM
    engine's) falls back to its earliest-arrived citation. `arrivals` maps document id ->
    ingested_at.
    """
    first = deadline.first_report
    if first:
        return "d" + hashlib.sha1(f"{first['document_id']}:{first['start']}:{first['end']}".encode()).hexdigest()[:16]
    cites = [(c.document_id, c.start, c.end) for c in deadline.citations]
    cites += [(c["document_id"], c["start"], c["end"]) for x in deadline.conflicts for c in x.get("citations", ())]
    if not cites:
        return "d" + hashlib.sha1(f"{deadline.what}|{deadline.due_text}".encode()).hexdigest()[:16]
    first = min(cites, key=lambda c: (arrivals.get(c[0]) or "~", c[0], c[1]))
    return "d" + hashlib.sha1(f"{first[0]}:{first[1]}:{first[2]}".encode()).hexdigest()[:16]


def identify(deadlines: Sequence[Deadline], arrivals: Mapping[str, str]) -> list[tuple[str, Deadline]]:
    """(item, deadline) pairs; two items first reported by one sentence ("by March 31 ... from
    April 1") are told apart by their date wording."""
    items = [deadline_item(d, arrivals) for d in deadlines]
    seen: dict[str, int] = {}
    for item in items:
        seen[item] = seen.get(item, 0) + 1
    out = []
    for item, d in zip(items, deadlines):
        if seen[item] > 1:
            item = item + "-" + hashlib.sha1(d.due_text.encode()).hexdigest()[:6]
        out.append((item, d))
    return out


def deadline_to_data(deadline: Deadline) -> dict:
    """What a reminder keeps of its deadline (the JSON of `dataclasses.asdict`, built without its deep copies)."""
    return {**vars(deadline), "citations": [dict(vars(c)) for c in deadline.citations]}


def deadline_json(deadline: Deadline) -> str:
    return json.dumps(deadline_to_data(deadline), sort_keys=True, ensure_ascii=False)


def deadline_from_data(data: Mapping) -> Deadline:
    fields = dict(data)
    fields["citations"] = [Citation(**c) for c in fields.get("citations", [])]
    fields["voided_by"] = [Citation(**c) for c in fields.get("voided_by", [])]
    return Deadline(**fields)


@dataclass(frozen=True)
class PlannedReminder:
    channel: str
    item: str
    offset: str
    due: str  # YYYY-MM-DD
    fire_at: dt.datetime
    status: str  # "planned", or "skipped" when its moment was past the grace before it was known
    deadline: Deadline
    data: str  # the deadline as JSON, what the reminder will say

    def row(self) -> dict:
        return {"item": self.item, "offset": self.offset, "due": self.due, "fire_at": iso(self.fire_at),
                "status": self.status, "data": self.data}


def plan_reminders(channel: ChannelPlan, items: Iterable[tuple[str, Deadline]], now: dt.datetime,
                   grace: dt.timedelta, *, with_data: bool = True) -> list[PlannedReminder]:
    """Every reminder of every offset for the channel's current deadlines.

    A deadline with no date, or whose (last) day has passed in the channel's zone, gets none.
    A reminder whose moment was already beyond the grace when the deadline became known is
    "skipped": it never could have been sent, so it is neither sent nor reported missed.
    `with_data=False`: without the deadline's JSON (a listing, not a plan to store).
    """
    today = channel.local_day(now)
    planned = []
    moments: dict[dt.date, dt.datetime] = {}  # many deadlines share a day
    for item, deadline in items:
        if not deadline.due:
            continue
        due = dt.date.fromisoformat(deadline.due[:10])
        if dt.date.fromisoformat((deadline.due_end or deadline.due)[:10]) < today:
            continue
        data = deadline_json(deadline) if with_data else ""  # what a reminder will say; not for a listing
        for text, days in channel.offsets:
            day = due - dt.timedelta(days=days)
            fire_at = moments.get(day) or moments.setdefault(day, channel.digest_at(day))
            status = "skipped" if now - fire_at > grace else "planned"
            planned.append(PlannedReminder(channel.key, item, text, due.isoformat(), fire_at, status, deadline, data))
    return planned


def days_left(due: str, today: dt.date) -> int:
    return (dt.date.fromisoformat(due[:10]) - today).days
