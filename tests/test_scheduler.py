"""The scheduler against a real store and real ingestion, with a recording poster and a clock passed in.

(The real Slack client against a fake Slack API, with real processes, is tests/test_worker.py.)
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Channel, Config, SchedulerConfig
from bot.delivery import MAX_ATTEMPTS, Job, deliver, owner_id
from bot.ingest import Ingester
from bot.posting import PostError
from bot.scheduler import LockHeld, Scheduler, SchedulerLock
from bot.store import Store

UTC = dt.timezone.utc
QUOTA_A = ("GENEVA, July 20, 2025 (Harbour Wire) - The deadline for the fishing quota agreement expires on "
           "September 2, the commission said. Negotiators from both fleets met in Geneva.\n")
QUOTA_B = ("OSLO, July 22, 2025 (Nordic Wire) - The commission extended the deadline for the fishing quota "
           "agreement, the fishing quota agreement deadline now expires on September 5.\n")
QUOTA_C = ("BERGEN, July 23, 2025 (Coast Post) - The deadline for the fishing quota agreement now expires on "
           "September 5, the commission said.\n")


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


class RecordingPoster:
    """A Poster that remembers every post (and can fail), so already_posted answers truthfully."""

    def __init__(self):
        self.posts: list[dict] = []
        self.failures = 0  # the next N posts raise PostError

    def _post(self, kind, channel_id, key, **extra):
        if self.failures:
            self.failures -= 1
            raise PostError("HTTP 503")
        self.posts.append({"kind": kind, "channel": channel_id, "key": key, **extra})
        return [f"m{len(self.posts)}"]

    def post_briefing(self, channel_id, briefing, *, key=None, resume=False):
        return self._post("digest", channel_id, key, topic=briefing.topic, documents=briefing.documents,
                          until=briefing.until, resume=resume)

    def post_reminder(self, channel_id, deadline, today, *, offset, late=False, key=None, resume=False):
        return self._post("reminder", channel_id, key, due=deadline.due, offset=offset, late=late, today=today)

    def post_text(self, channel_id, text, *, key=None, resume=False):
        return self._post("text", channel_id, key, text=text)

    def already_posted(self, channel_id, key):
        return any(p["key"] == key for p in self.posts)


def config_for(db: Path, *, reminders=("7d", "1d", "0d"), empty="skip", topics=("default",)) -> Config:
    return Config(db_path=db, channels=(Channel("slack", "C1", tuple(topics), "08:30", "Europe/Berlin",
                                                tuple(reminders)),),
                  scheduler=SchedulerConfig(grace=dt.timedelta(hours=6), empty_digest=empty))


def add(store: Store, folder: Path, name: str, text: str, at: dt.datetime) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    assert Ingester(store, now=lambda: at).ingest_file(folder / name).status == "added"


@pytest.fixture
def poster():
    return RecordingPoster()


def scheduler(store, config, poster, **kw) -> Scheduler:
    return Scheduler(store, config, posters=lambda platform: poster, **kw)


def test_a_moved_deadline_is_replanned_as_the_same_item(store, tmp_path, poster):
    sched = scheduler(store, config_for(store.path), poster)
    add(store, tmp_path / "drop", "a.txt", QUOTA_A, utc(2025, 7, 20, 10))
    sched.tick(utc(2025, 7, 20, 12))
    (item,) = {r["item"] for r in store.reminders()}
    assert [(r["offset"], r["due"], r["fire_at"]) for r in store.reminders()] == [
        ("7d", "2025-09-02", "2025-08-26T06:30:00+00:00"),
        ("1d", "2025-09-02", "2025-09-01T06:30:00+00:00"),
        ("0d", "2025-09-02", "2025-09-02T06:30:00+00:00")]
    add(store, tmp_path / "drop", "b.txt", QUOTA_B, utc(2025, 7, 22, 10))
    add(store, tmp_path / "drop", "c.txt", QUOTA_C, utc(2025, 7, 23, 10))
    sched.tick(utc(2025, 7, 23, 12))
    rows = store.reminders()
    assert {r["item"] for r in rows} == {item}  # moved, not duplicated
    assert [(r["offset"], r["due"], r["fire_at"], r["status"]) for r in rows] == [
        ("7d", "2025-09-05", "2025-08-29T06:30:00+00:00", "planned"),
        ("1d", "2025-09-05", "2025-09-04T06:30:00+00:00", "planned"),
        ("0d", "2025-09-05", "2025-09-05T06:30:00+00:00", "planned")]
    # The 1d reminder goes out on the new day, once, citing the date of the move.
    sched.tick(utc(2025, 9, 4, 6, 31))
    sched.tick(utc(2025, 9, 4, 6, 40))
    reminders = [p for p in poster.posts if p["kind"] == "reminder"]
    assert [(p["due"], p["offset"], p["late"], p["today"]) for p in reminders] == [
        ("2025-09-05", "1d", False, dt.date(2025, 9, 4))]


QUOTA_BODY = (
    "Negotiators from both fleets met in Geneva on Sunday and said the mood was constructive. Officials from "
    "Norway and the European Union will meet again in Bergen, with fishery ministers expected to attend the "
    "closing session. Environmental groups have urged both sides to cut the cod quota by a third, citing new "
    "survey data from the Barents Sea.\n\nThe Norwegian delegation is led by Kari Holm, a veteran of three "
    "earlier rounds, who told reporters that her government would not accept any cut deeper than fifteen percent "
    "without compensation for coastal communities. The European side wants a joint inspection regime and shared "
    "catch data for mackerel.\n\nIndustry groups in Tromso and Brest have warned of job losses if no agreement "
    "is reached, and several trawler owners said they had postponed investment decisions until the talks "
    "conclude.\n")


def test_a_better_worded_copy_arriving_later_is_the_same_deadline_not_a_second_reminder(store, tmp_path, poster):
    """The copy's sentence names the deadline outright, so the briefing now cites it instead of the
    original's; the reminder that already went out must not go out again under a new identity."""
    sched = scheduler(store, config_for(store.path), poster)
    add(store, tmp_path / "drop", "a.txt", "GENEVA, July 20, 2025 (Harbour Wire) - Talks on the fishing quota "
        "agreement must conclude by September 2, the commission said. " + QUOTA_BODY, utc(2025, 7, 20, 10))
    sched.tick(utc(2025, 7, 20, 12))
    sched.tick(utc(2025, 8, 26, 6, 31))  # the 7d reminder
    copy = tmp_path / "drop" / "a-copy.txt"
    copy.write_text("GENEVA, July 20, 2025 (Harbour Wire) - The deadline for the fishing quota agreement expires "
                    "on September 2, the commission said. " + QUOTA_BODY, encoding="utf-8")
    assert Ingester(store, now=lambda: utc(2025, 8, 26, 6, 40)).ingest_file(copy).status == "duplicate"
    (shown,) = sched._commands(utc(2025, 8, 26, 7)).deadlines(["default"])
    assert shown.citations[0].quote.startswith("The deadline for the fishing quota agreement expires")
    sched.tick(utc(2025, 8, 26, 6, 45))  # re-plans: still within the grace of the 7d moment
    assert [(p["kind"], p["offset"]) for p in poster.posts if p["kind"] == "reminder"] == [("reminder", "7d")]
    assert sorted((r["offset"], r["status"]) for r in store.reminders()) == [
        ("0d", "planned"), ("1d", "planned"), ("7d", "sent")]


def test_reminders_are_cancelled_when_the_deadline_leaves_the_channel(store, tmp_path, poster):
    config = config_for(store.path, topics=())  # the channel follows "quota" by subscription only
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.txt").write_text(QUOTA_A)
    Ingester(store, now=lambda: utc(2025, 7, 20, 10), topic_for=lambda p: "quota").ingest_file(folder / "a.txt")
    store.subscribe("slack:C1", "quota", "2025-07-20T10:00:00+00:00")
    sched = scheduler(store, config, poster)
    sched.tick(utc(2025, 7, 20, 12))
    assert [r["status"] for r in store.reminders()] == ["planned"] * 3
    store.unsubscribe("slack:C1", "quota")
    sched.tick(utc(2025, 7, 20, 13))
    assert [r["status"] for r in store.reminders()] == ["cancelled"] * 3
    sched.tick(utc(2025, 9, 2, 6, 30))
    assert not [p for p in poster.posts if p["kind"] == "reminder"]


QUOTA_VOID = ("BRUSSELS, July 25, 2025 (Coast Post) - After the court in Luxembourg annulled the mandate on "
              "Thursday, the commission said the September 2 deadline for the fishing quota agreement no longer "
              "applies.\n\nNo new date has been set, a spokeswoman said.\n")


def test_reminders_are_cancelled_when_a_newer_report_says_the_deadline_no_longer_holds(store, tmp_path, poster):
    # Before, "the September 2 deadline no longer applies" (and no date to replace it) left the deadline live:
    # its reminders fired for a date nobody had to meet any more.
    sched = scheduler(store, config_for(store.path), poster)
    add(store, tmp_path / "drop", "a.txt", QUOTA_A, utc(2025, 7, 20, 10))
    sched.tick(utc(2025, 7, 20, 12))
    assert [r["status"] for r in store.reminders()] == ["planned"] * 3
    add(store, tmp_path / "drop", "v.txt", QUOTA_VOID, utc(2025, 7, 25, 10))
    sched.tick(utc(2025, 7, 25, 12))
    assert [(r["due"], r["status"]) for r in store.reminders()] == [("2025-09-02", "cancelled")] * 3
    for day in (26, 27):
        sched.tick(utc(2025, 8, day, 6, 31))
    sched.tick(utc(2025, 9, 2, 6, 31))
    assert not [p for p in poster.posts if p["kind"] == "reminder"]


def test_no_reminder_for_a_passed_deadline(store, tmp_path, poster):
    add(store, tmp_path / "drop", "a.txt", QUOTA_A, utc(2025, 7, 20, 10))
    scheduler(store, config_for(store.path), poster).tick(utc(2025, 9, 3, 12))
    assert store.reminders() == []


def test_replanning_waits_for_new_documents_and_touches_only_their_deadlines(store, tmp_path, poster):
    calls = []

    class Counting(Scheduler):
        def _identified_deadlines(self, commands, topics, **kw):
            found = super()._identified_deadlines(commands, topics, **kw)
            calls.append((tuple(topics), kw.get("items") is None, len(found)))
            return found

    sched = Counting(store, config_for(store.path), posters=lambda platform: poster)
    add(store, tmp_path / "drop", "a.txt", QUOTA_A, utc(2025, 7, 20, 10))
    for minute in range(5):
        sched.tick(utc(2025, 7, 20, 12, minute))
    assert calls == [(("default",), True, 1)]  # the first plan: every deadline of the channel
    add(store, tmp_path / "drop", "b.txt", QUOTA_B, utc(2025, 7, 20, 12, 30))
    sched.tick(utc(2025, 7, 20, 12, 31))
    sched.tick(utc(2025, 7, 20, 12, 32))
    # Once more for the new document, and only for the deadline it joined (a rival date for it).
    assert calls == [(("default",), True, 1), (("default",), False, 1)]
    assert sorted(r["offset"] for r in store.reminders() if r["status"] == "planned") == ["0d", "1d", "7d"]
    add(store, tmp_path / "drop", "u.txt", "ROME, July 20, 2025 (Wire) - Ministers met in Rome to discuss olive "
        "oil prices, and no agreement was reached on the export rules.\n", utc(2025, 7, 20, 13))
    sched.tick(utc(2025, 7, 20, 13, 1))
    assert len(calls) == 2  # a document without a deadline changes no plan


def test_digest_late_within_grace_missed_after_and_never_twice(store, tmp_path, poster):
    add(store, tmp_path / "drop", "a.txt", QUOTA_A, utc(2025, 7, 23, 20))
    sched = scheduler(store, config_for(store.path, reminders=()), poster)
    sched.tick(utc(2025, 7, 23, 21))  # plans the 24th, 08:30 Berlin = 06:30 UTC
    out = sched.tick(utc(2025, 7, 24, 9, 0))  # 2.5 h late
    assert [(o.status, o.job.slot) for o in out] == [("late", "2025-07-24")]
    assert [(p["kind"], p["key"]) for p in poster.posts] == [("digest", "digest:slack:C1:daily:2025-07-24")]
    assert "late digest, due 08:30" in poster.posts[0]["topic"] and poster.posts[0]["documents"] == 1
    assert sched.tick(utc(2025, 7, 24, 9, 0)) == []
    # The 25th's digest: the worker is down until 13:00 UTC, 6.5 h after: recorded missed, not sent.
    out = sched.tick(utc(2025, 7, 25, 13, 0))
    assert [(o.status, o.job.slot) for o in out] == [("missed", "2025-07-25")]
    assert len(poster.posts) == 1
    assert store.delivery("digest:slack:C1:daily:2025-07-25")["status"] == "missed"


def test_one_digest_per_day_through_the_fall_back_night(store, poster, tmp_path):
    config = Config(db_path=store.path, channels=(Channel("slack", "C1", ("default",), "02:30", "Europe/Berlin", ()),),
                    scheduler=SchedulerConfig(empty_digest="line"))
    sched = scheduler(store, config, poster)
    now = utc(2025, 10, 24, 12)
    while now < utc(2025, 10, 28, 12):
        sched.tick(now)
        now += dt.timedelta(minutes=15)
    assert [(p["kind"], p["key"].rsplit(":", 1)[1]) for p in poster.posts] == [
        ("text", "2025-10-25"), ("text", "2025-10-26"), ("text", "2025-10-27"), ("text", "2025-10-28")]
    fired = [store.delivery(f"digest:slack:C1:daily:2025-10-{d}")["sent_at"] for d in (25, 26, 27)]
    assert fired == ["2025-10-25T00:30:00+00:00", "2025-10-26T00:30:00+00:00", "2025-10-27T01:30:00+00:00"]


def test_failed_posts_are_retried_with_backoff_then_given_up(store, poster, tmp_path):
    add(store, tmp_path / "drop", "a.txt", QUOTA_A, utc(2025, 7, 23, 20))
    sched = scheduler(store, config_for(store.path, reminders=(), empty="line"), poster)
    sched.tick(utc(2025, 7, 23, 21))
    poster.failures = 2
    assert [o.status for o in sched.tick(utc(2025, 7, 24, 6, 30))] == ["failed"]
    assert sched.tick(utc(2025, 7, 24, 6, 30, 30)) == []  # backing off (1 min)
    assert [o.status for o in sched.tick(utc(2025, 7, 24, 6, 31))] == ["failed"]
    assert [o.status for o in sched.tick(utc(2025, 7, 24, 6, 33))] == ["sent"]
    assert len(poster.posts) == 1 and store.delivery("digest:slack:C1:daily:2025-07-24")["attempts"] == 3
    # Next day it never works: bounded attempts, then recorded missed.
    poster.failures = 100
    statuses = [o.status for minute in range(0, 6 * 60, 5)
                for o in sched.tick(utc(2025, 7, 25, 6, 30) + dt.timedelta(minutes=minute))]
    assert statuses == ["failed"] * MAX_ATTEMPTS + ["missed"]
    assert len(poster.posts) == 1


def dead_owner() -> str:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return owner_id().rsplit(":", 1)[0] + ":" + proc.stdout.strip()


@pytest.mark.parametrize("reached_slack", [True, False])
def test_a_post_left_sending_by_a_dead_process_is_checked_before_resending(store, poster, reached_slack):
    job = Job("reminder", "slack:C1", "d1", "1d@2025-09-02", utc(2025, 9, 1, 6, 30))
    now = utc(2025, 9, 1, 6, 31)
    store.plan_delivery({"key": job.key, "channel": job.channel, "kind": job.kind, "item": job.item,
                         "slot": job.slot, "created_at": "x", "fire_at": "2025-09-01T06:30:00+00:00"})
    assert store.claim_delivery(job.key, expect_status="planned", expect_owner=None, owner=dead_owner(), at="x")
    if reached_slack:
        poster.posts.append({"kind": "reminder", "key": job.key})

    def send(p, late):
        from bot.delivery import Sent

        return Sent(p.post_text("C1", "reminder", key=job.key))

    outcome = deliver(store, job, now=now, grace=dt.timedelta(hours=6), poster=lambda: poster, send=send)
    assert outcome.status == ("found" if reached_slack else "sent")
    assert [p["key"] for p in poster.posts] == [job.key]
    assert store.delivery(job.key)["status"] == "sent"


def test_a_live_claim_is_left_alone(store, poster):
    job = Job("digest", "slack:C1", "now", "now@x", None)
    now = utc(2025, 9, 1, 6, 31)
    store.plan_delivery({"key": job.key, "channel": job.channel, "kind": job.kind, "item": job.item,
                         "slot": job.slot, "created_at": "x", "fire_at": "2025-09-01T06:31:00+00:00"})
    parent = owner_id().rsplit(":", 1)[0] + f":{__import__('os').getppid()}"  # pytest's parent: alive
    assert store.claim_delivery(job.key, expect_status="planned", expect_owner=None, owner=parent, at="x")
    assert deliver(store, job, now=now, grace=dt.timedelta(hours=6), poster=lambda: poster,
                   send=lambda p, late: pytest.fail("sent a post another process is sending")) is None


def test_a_retried_digest_covers_the_window_of_its_first_attempt(store, tmp_path, poster):
    """News that arrives between a failed attempt and its retry waits for the next digest, so the
    retry renders the same digest again (and a resumed post finds its parts) instead of a new one."""
    add(store, tmp_path / "drop", "a.txt", QUOTA_A, utc(2025, 7, 23, 20))
    sched = scheduler(store, config_for(store.path, reminders=()), poster)
    sched.tick(utc(2025, 7, 23, 21))
    poster.failures = 1
    assert [o.status for o in sched.tick(utc(2025, 7, 24, 6, 30))] == ["failed"]
    add(store, tmp_path / "drop", "b.txt", QUOTA_B, utc(2025, 7, 24, 6, 31))
    assert [o.status for o in sched.tick(utc(2025, 7, 24, 6, 32))] == ["sent"]
    (retry,) = poster.posts
    assert (retry["documents"], retry["until"], retry["resume"]) == (1, "2025-07-24T06:30:00+00:00", True)
    assert store.delivery("digest:slack:C1:daily:2025-07-24")["covers_until"] == "2025-07-24T06:30:00+00:00"
    # The next morning's digest starts where the first attempt's window ended: b.txt is in it.
    sched.tick(utc(2025, 7, 25, 6, 30))
    assert [(p["documents"], p["until"]) for p in poster.posts[1:]] == [(1, "2025-07-25T06:30:00+00:00")]


def test_digest_post_now_moves_the_window(store, tmp_path, poster):
    add(store, tmp_path / "drop", "a.txt", QUOTA_A, utc(2025, 7, 24, 8))
    sched = scheduler(store, config_for(store.path, reminders=(), empty="line"), poster)
    first = sched.post_digest_now("slack:C1", utc(2025, 7, 24, 9))
    second = sched.post_digest_now("slack:C1", utc(2025, 7, 24, 9, 5))
    assert (first.status, second.status) == ("sent", "sent")
    assert [p["kind"] for p in poster.posts] == ["digest", "text"]
    assert poster.posts[1]["text"].startswith("Nothing new on default since the last digest")
    # The scheduled digest the next morning starts where the manual one stopped: nothing new either.
    add(store, tmp_path / "drop", "b.txt", QUOTA_B, utc(2025, 7, 24, 12))
    sched.tick(utc(2025, 7, 24, 13))
    sched.tick(utc(2025, 7, 25, 6, 30))
    assert poster.posts[-1]["kind"] == "digest" and poster.posts[-1]["documents"] == 1


def test_one_scheduler_per_store(tmp_path):
    a, b = Store(tmp_path / "s.db"), Store(tmp_path / "s.db")
    first = SchedulerLock(a, owner_id())
    first.acquire()
    parent = owner_id().rsplit(":", 1)[0] + f":{__import__('os').getppid()}"
    with pytest.raises(LockHeld, match="another scheduler is already running"):
        SchedulerLock(b, parent).acquire()
    first.release()
    SchedulerLock(b, dead_owner()).acquire()  # free again
    SchedulerLock(a, owner_id()).acquire()  # its owner is dead: taken over
    assert a.lock_row("scheduler")["owner"] == owner_id()
    # Another host's lock is taken over only once its heartbeat is stale.
    a.db.execute("update locks set owner = 'elsewhere:1', heartbeat_at = ?",
                 [dt.datetime.now(UTC).isoformat(timespec="seconds")])
    a.db.conn.commit()
    with pytest.raises(LockHeld):
        SchedulerLock(b).acquire()
    a.db.execute("update locks set heartbeat_at = '2020-01-01T00:00:00+00:00'")
    a.db.conn.commit()
    SchedulerLock(b).acquire()
    assert json.dumps(b.lock_row("scheduler")["owner"]) == json.dumps(owner_id())


def test_a_post_that_crashes_does_not_stop_the_others_and_is_bounded(store, tmp_path, poster):
    add(store, tmp_path / "drop", "a.txt", QUOTA_A, utc(2025, 8, 31, 18))
    sched = scheduler(store, config_for(store.path, reminders=("1d", "0d")), poster)
    sched.tick(utc(2025, 8, 31, 20))
    broken = RecordingPoster.post_briefing

    def crash(self, channel_id, briefing, *, key=None):
        raise RuntimeError("renderer bug")

    RecordingPoster.post_briefing = crash
    try:
        statuses = sorted(o.status for o in sched.tick(utc(2025, 9, 1, 6, 30)))
        assert statuses == ["error", "sent"]  # the digest crashed, the 1d reminder still went out
        for minute in range(1, 60):
            sched.tick(utc(2025, 9, 1, 6, 30 + minute // 60, minute % 60))
    finally:
        RecordingPoster.post_briefing = broken
    row = store.delivery("digest:slack:C1:daily:2025-09-01")
    assert row["status"] == "missed" and row["attempts"] == MAX_ATTEMPTS
    assert [p["kind"] for p in poster.posts] == ["reminder"]
