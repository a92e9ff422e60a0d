"""Pure planning: offsets, time zones, daylight-saving days, grace decisions, deadline identity.

Every expected instant below was worked out by hand from the zone's offsets:
Berlin is UTC+1 (CET) in winter and UTC+2 (CEST) in summer, switching at 01:00 UTC on the
last Sundays of March and October; New York is UTC-5 (EST) / UTC-4 (EDT), switching at
02:00 local on the second Sunday of March and the first Sunday of November.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.config import Channel, ConfigError, load_config
from bot.schedule import (
    EARLY,
    LATE,
    MISSED,
    ON_TIME,
    ChannelPlan,
    deadline_item,
    decide,
    digest_days_to_plan,
    identify,
    parse_offset,
    plan_reminders,
)
from summarizer.model import Citation, Deadline

UTC = dt.timezone.utc
GRACE = dt.timedelta(hours=6)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def channel(tz="Europe/Berlin", at="08:30", reminders=("7d", "1d", "0d")) -> ChannelPlan:
    return ChannelPlan.from_config(Channel("slack", "C1", ("default",), at, tz, tuple(reminders)))


def deadline(due, *, due_end=None, doc="doc-a", start=0, conflicts=()) -> Deadline:
    cite = Citation(doc, "Harbour Wire", "The deadline expires on September 2.", start, start + 36)
    return Deadline("The deadline expires on September 2.", due, "September 2", "upcoming", [cite],
                    due_end=due_end, conflicts=list(conflicts))


# -- parsing and validation --------------------------------------------------------------
def test_offsets_are_days_or_weeks():
    assert [parse_offset(o) for o in ("7d", "1d", "0d", "2w", " 3D ")] == [7, 1, 0, 14, 3]
    for bad in ("12h", "d", "-1d", "tomorrow", ""):
        with pytest.raises(ValueError, match="days or weeks"):
            parse_offset(bad)


@pytest.mark.parametrize("key, value, message", [
    ("digest_time", '"8.30"', "digest_time '8.30' is not a 24-hour HH:MM"),
    ("digest_time", '"24:00"', "digest_time '24:00'"),
    ("timezone", '"Europe/Atlantis"', "timezone 'Europe/Atlantis' is not an IANA time zone"),
    ("reminders", '["7d", "12h"]', "reminder offset '12h'"),
])
def test_bad_channel_schedule_is_a_config_error(tmp_path, key, value, message):
    path = tmp_path / "b.toml"
    path.write_text(f'[[channels]]\nplatform = "slack"\nid = "C9"\n{key} = {value}\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "channel slack:C9: " + message in str(err.value)


# -- local moments and daylight saving ---------------------------------------------------
def test_spring_forward_nonexistent_time_fires_once_just_after_the_jump():
    berlin = channel(at="02:30")
    # 30 March 2025: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist -> 01:30 UTC = 03:30 CEST.
    assert berlin.digest_at(dt.date(2025, 3, 30)) == utc(2025, 3, 30, 1, 30)
    assert berlin.digest_at(dt.date(2025, 3, 29)) == utc(2025, 3, 29, 1, 30)  # 02:30 CET
    assert berlin.digest_at(dt.date(2025, 3, 31)) == utc(2025, 3, 31, 0, 30)  # 02:30 CEST
    ny = channel("America/New_York", at="02:30")
    # 9 March 2025: 02:00 EST jumps to 03:00 EDT -> 07:30 UTC = 03:30 EDT.
    assert ny.digest_at(dt.date(2025, 3, 9)) == utc(2025, 3, 9, 7, 30)
    assert ny.digest_at(dt.date(2025, 3, 9)).astimezone(ny.zone).strftime("%H:%M %Z") == "03:30 EDT"


def test_fall_back_ambiguous_time_takes_the_first_occurrence():
    # 26 October 2025: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice, first at 00:30 UTC.
    assert channel(at="02:30").digest_at(dt.date(2025, 10, 26)) == utc(2025, 10, 26, 0, 30)
    # 2 November 2025 in New York: 01:30 happens at 05:30 UTC (EDT) and 06:30 UTC (EST).
    assert channel("America/New_York", at="01:30").digest_at(dt.date(2025, 11, 2)) == utc(2025, 11, 2, 5, 30)


@pytest.mark.parametrize("tz, at, days, expected", [
    # Berlin, across the fall-back night: 00:30 (CEST), 00:30 (first 02:30), 01:30 (CET).
    ("Europe/Berlin", "02:30", [(2025, 10, 25), (2025, 10, 26), (2025, 10, 27)],
     [(2025, 10, 25, 0, 30), (2025, 10, 26, 0, 30), (2025, 10, 27, 1, 30)]),
    # Berlin, across the spring-forward night.
    ("Europe/Berlin", "02:30", [(2025, 3, 29), (2025, 3, 30), (2025, 3, 31)],
     [(2025, 3, 29, 1, 30), (2025, 3, 30, 1, 30), (2025, 3, 31, 0, 30)]),
    ("America/New_York", "09:00", [(2025, 11, 1), (2025, 11, 2), (2025, 11, 3)],
     [(2025, 11, 1, 13, 0), (2025, 11, 2, 14, 0), (2025, 11, 3, 14, 0)]),
])
def test_one_digest_slot_per_local_day_across_dst(tz, at, days, expected):
    plan = channel(tz, at=at)
    first = dt.date(*days[0])
    # Planned day by day as a worker would, starting before the first slot.
    planned, last, now = [], first - dt.timedelta(days=1), plan.digest_at(first) - dt.timedelta(hours=1)
    while len(planned) < 3:
        for day in digest_days_to_plan(plan, last, now, GRACE):
            planned.append(day)
            last = day
        now += dt.timedelta(hours=1)
    assert planned == [dt.date(*d) for d in days]
    assert [plan.digest_at(d) for d in planned] == [utc(*e) for e in expected]


def test_digest_planning_after_an_outage_and_on_a_fresh_start():
    plan = channel()  # 08:30 Berlin = 06:30 UTC in July
    now = utc(2025, 7, 24, 9, 0)
    # Fresh: yesterday's slot is beyond the grace, today's (2.5 h ago) is within it, tomorrow's is next.
    assert digest_days_to_plan(plan, None, now, GRACE) == [dt.date(2025, 7, 24), dt.date(2025, 7, 25)]
    assert digest_days_to_plan(plan, None, utc(2025, 7, 24, 13, 0), GRACE) == [dt.date(2025, 7, 25)]
    # Down since the 21st: every slot since is returned (to be sent late or recorded missed).
    assert digest_days_to_plan(plan, dt.date(2025, 7, 21), now, GRACE) == [
        dt.date(2025, 7, 22), dt.date(2025, 7, 23), dt.date(2025, 7, 24), dt.date(2025, 7, 25)]
    # The next slot already planned: nothing to add.
    assert digest_days_to_plan(plan, dt.date(2025, 7, 25), now, GRACE) == []


# -- grace -------------------------------------------------------------------------------
def test_on_time_late_missed_around_the_grace():
    fire = utc(2025, 7, 24, 6, 30)
    assert decide(fire, fire - dt.timedelta(seconds=1), GRACE) == EARLY
    assert decide(fire, fire, GRACE) == ON_TIME
    assert decide(fire, fire + dt.timedelta(minutes=5), GRACE) == ON_TIME
    assert decide(fire, fire + dt.timedelta(minutes=6), GRACE) == LATE
    assert decide(fire, fire + GRACE, GRACE) == LATE
    assert decide(fire, fire + GRACE + dt.timedelta(seconds=1), GRACE) == MISSED


# -- reminders ----------------------------------------------------------------------------
def test_a_reminder_per_offset_at_the_channel_digest_time():
    items = [("d1", deadline("2025-09-02"))]
    now = utc(2025, 7, 24, 9, 0)
    berlin = plan_reminders(channel(), items, now, GRACE)
    assert [(r.offset, r.fire_at, r.status) for r in berlin] == [
        ("7d", utc(2025, 8, 26, 6, 30), "planned"),  # Tue 26 Aug 08:30 CEST
        ("1d", utc(2025, 9, 1, 6, 30), "planned"),
        ("0d", utc(2025, 9, 2, 6, 30), "planned"),
    ]
    ny = plan_reminders(channel("America/New_York", at="09:00", reminders=("2w", "0d")), items, now, GRACE)
    assert [(r.offset, r.fire_at) for r in ny] == [("2w", utc(2025, 8, 19, 13, 0)), ("0d", utc(2025, 9, 2, 13, 0))]


def test_reminders_across_dst_changes():
    now = utc(2025, 10, 1, 12, 0)
    # Due Mon 3 Nov: 7d is Mon 27 Oct, after Berlin's fall-back (CET, UTC+1).
    berlin = plan_reminders(channel(reminders=("7d", "1d")), [("d", deadline("2025-11-03"))], now, GRACE)
    assert [r.fire_at for r in berlin] == [utc(2025, 10, 27, 7, 30), utc(2025, 11, 2, 7, 30)]
    # Due Wed 5 Nov in New York: 7d is 29 Oct (EDT), 0d is after the change (EST).
    ny = plan_reminders(channel("America/New_York", at="09:00", reminders=("7d", "0d")),
                        [("d", deadline("2025-11-05"))], now, GRACE)
    assert [r.fire_at for r in ny] == [utc(2025, 10, 29, 13, 0), utc(2025, 11, 5, 14, 0)]


def test_passed_and_undated_deadlines_get_no_reminder_and_late_ones_are_skipped():
    now = utc(2025, 9, 3, 9, 0)
    assert plan_reminders(channel(), [("d", deadline("2025-09-02"))], now, GRACE) == []
    assert plan_reminders(channel(), [("d", deadline(None))], now, GRACE) == []
    # A period still under way ("next week", ends on the 7th) keeps its reminders, all past: skipped.
    under_way = plan_reminders(channel(), [("d", deadline("2025-09-01", due_end="2025-09-07"))], now, GRACE)
    assert [r.status for r in under_way] == ["skipped", "skipped", "skipped"]
    # Learned on the 1st at 10:00: the 7d reminder could never have gone out, the 1d one is 3.5 h late.
    learned = plan_reminders(channel(), [("d", deadline("2025-09-02"))], utc(2025, 9, 1, 10, 0), GRACE)
    assert [(r.offset, r.status) for r in learned] == [("7d", "skipped"), ("1d", "planned"), ("0d", "planned")]


def test_identity_is_the_earliest_arrived_citation_even_when_the_date_moves():
    arrivals = {"doc-a": "2025-07-20T10:00:00+00:00", "doc-b": "2025-07-22T10:00:00+00:00"}
    first = deadline("2025-09-02", doc="doc-a", start=5)
    # Later, a second source wins with another date; the first report is now only a conflict.
    moved = Deadline("It now expires on September 5.", "2025-09-05", "September 5", "upcoming",
                     [Citation("doc-b", "Nordic Wire", "It now expires on September 5.", 0, 30)],
                     conflicts=[{"due": "2025-09-02", "citations": [vars(first.citations[0])]}])
    assert deadline_item(moved, arrivals) == deadline_item(first, arrivals)
    other = deadline("2025-09-02", doc="doc-b", start=0)
    assert deadline_item(other, arrivals) != deadline_item(first, arrivals)


def test_two_deadlines_first_reported_by_one_sentence_get_two_items():
    a = deadline("2025-03-31")
    b = Deadline(a.what, "2025-04-01", "April 1", "upcoming", list(a.citations))
    items = identify([a, b], {})
    assert len({item for item, _ in items}) == 2
