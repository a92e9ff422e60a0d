"""Exactly-once posting: claim the idempotency key in the store, send, record.

Every post has a key (kind, channel, item, slot) and a row in the deliveries table:

    planned -> sending -> sent | empty (a digest with nothing to say) | failed -> sending ... | missed

The claim is a compare-and-set in one statement, so two ticks (or a tick and a
`digest --post`) can never both send one key. A row left in "sending" by a process
that died is checked with `poster.already_posted(channel_id, key)` before anything is
resent: Slack finds the key in message metadata, Discord in the message nonce or its
reference mark. Only a post with every part there counts as found; otherwise it is sent
again with `resume=True`, and the poster posts only the parts not already in the channel
(Slack: later parts into the thread of the first part found).

The window that remains: a post or part the platform accepts after that lookup has run
(a request still in flight from the dead process), or one the lookup cannot see (Slack:
beyond its recent history or thread pages; Discord: beyond the last 50 messages, once
its short nonce memory has passed), is posted twice. A resumed digest is rendered anew
for the window of its first attempt (Store.fix_delivery_window), so news that arrived
meanwhile waits for the next digest and the parts match; only an LLM briefing, which
is not deterministic, can come out with another number of parts, and is then posted
whole again. A send that failed with a PostError part-way is resumed the same way when
it is retried. A post whose answer was lost with its connection (PostUncertain: the
platform may have it) is looked up and completed the same way at once; the clients
never resend it blindly. Console posts cannot be looked up at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from bot.posting import Poster, PostError, PostUncertain
from bot.schedule import EARLY, LATE, MISSED, decide, iso, parse_iso

MAX_ATTEMPTS = 5  # failed sends are retried on later ticks, backing off, then given up as missed
FIRST_BACKOFF = dt.timedelta(minutes=1)
CLAIM_STALE = dt.timedelta(minutes=10)  # another host's claim this old is taken for dead
FINAL = ("sent", "empty", "missed")
UNCERTAIN_RESENDS = 2  # a post whose answer was lost: looked up and completed at once, this many times


def owner_id() -> str:
    """This process, as recorded in claims and the lock: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_alive(owner: str | None) -> bool | None:
    """True/False for a process on this host (a zombie counts as dead); None for another host."""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def delivery_key(kind: str, channel: str, item: str, slot: str) -> str:
    return f"{kind}:{channel}:{item}:{slot}"


@dataclass(frozen=True)
class Job:
    """One post to make: who, what, and from when it is due (None: now, e.g. `digest --post`)."""

    kind: str  # "digest" | "reminder"
    channel: str  # "platform:id"
    item: str
    slot: str
    fire_at: dt.datetime | None = None

    @property
    def key(self) -> str:
        return delivery_key(self.kind, self.channel, self.item, self.slot)

    @property
    def platform(self) -> str:
        return self.channel.split(":", 1)[0]

    @property
    def channel_id(self) -> str:
        return self.channel.split(":", 1)[1]


@dataclass(frozen=True)
class Sent:
    """What a send function reports: the message ids, or that a digest had nothing to post."""

    messages: list[str]
    empty: bool = False
    covers_until: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    job: Job
    status: str  # sent | late | empty | missed | failed | found (already on the platform) | busy
    detail: str = ""

    def line(self) -> str:
        """The one line `worker --once` prints for it."""
        item = "" if self.job.kind == "digest" else f" {self.job.item}"
        what = f"{self.job.kind} {self.job.channel}{item} {self.job.slot}"
        return f"{self.status:<6} {what}" + (f" ({self.detail})" if self.detail else "")


SendFn = Callable[[Poster, bool], Sent]  # (poster, late) -> Sent


def deliver(store, job: Job, *, now: dt.datetime, grace: dt.timedelta, poster: Callable[[], Poster],
            send: SendFn, owner: str | None = None) -> Outcome | None:
    """Make the job's post at most once; None when there is nothing to do (done, early, or backing off).

    `poster` is called only when a post or a lookup is needed (a missing token is then a
    recorded failure, not a crash).
    """
    owner = owner or owner_id()
    key, at = job.key, iso(now)
    resume = False
    store.plan_delivery({"key": key, "channel": job.channel, "kind": job.kind, "item": job.item, "slot": job.slot,
                         "created_at": at, "fire_at": iso(job.fire_at or now)})
    row = store.delivery(key)
    status = row["status"]
    if status in FINAL:
        return None
    fire_at = parse_iso(row["fire_at"]) if row.get("fire_at") else now
    decision = decide(fire_at, now, grace)
    if decision == EARLY:
        return None
    if status == "sending":
        if not _claim_is_dead(row, now):
            return None  # another live process is sending it right now
        try:
            found = poster().already_posted(job.channel_id, key)
        except PostError as err:
            if decision == MISSED:
                store.finish_delivery(key, "missed", at=at, detail=f"could not check for an earlier post: {err}")
                return Outcome(job, "missed", "could not check for an earlier post")
            return Outcome(job, "failed", f"could not check for an earlier post: {err}")
        if found:
            store.finish_delivery(key, "sent", at=at, detail=json.dumps({"found_after_restart": True}),
                                  covers_until=row.get("covers_until") or (row.get("claimed_at") if job.kind == "digest" else None))
            return Outcome(job, "found", "posted before a restart; not sent again")
        resume = True  # none or only some of its parts are there: send the missing ones
    elif status == "failed":
        if row.get("retry_at") and row["retry_at"] > at and decision != MISSED:
            return None
        resume = True  # the failed attempt may have got some parts out before it stopped
    if decision == MISSED:
        store.finish_delivery(key, "missed", at=at, detail=f"due {row['fire_at']}, beyond the grace")
        return Outcome(job, "missed", f"due {row['fire_at']}")
    if (row.get("attempts") or 0) >= MAX_ATTEMPTS:
        store.finish_delivery(key, "missed", at=at, detail=f"gave up after {row['attempts']} attempts: {row['detail']}")
        return Outcome(job, "missed", f"gave up after {row['attempts']} attempts")
    if not store.claim_delivery(key, expect_status=status, expect_owner=row.get("claimed_by"), owner=owner, at=at):
        return None  # someone else claimed it between our read and our write
    late = decision == LATE
    try:
        sent = _send(send, poster, late, resume)
    except PostError as err:
        attempts = (row.get("attempts") or 0) + 1
        retry_at = iso(now + FIRST_BACKOFF * 2 ** (attempts - 1))
        store.finish_delivery(key, "failed", at=at, detail=str(err), retry_at=retry_at)
        return Outcome(job, "failed", str(err))
    except BaseException:
        # Not a post failure (a bug, an interrupt): the post may or may not be out; the
        # row stays "sending" and the next tick checks the platform before resending.
        raise
    if sent.empty:
        store.finish_delivery(key, "empty", at=at, detail=sent.note, covers_until=sent.covers_until)
        return Outcome(job, "empty", sent.note)
    store.finish_delivery(key, "sent", at=at, covers_until=sent.covers_until,
                          detail=json.dumps({"late": late, "messages": sent.messages, "note": sent.note}))
    return Outcome(job, "late" if late else "sent", sent.note)


def _send(send: SendFn, poster: Callable[[], Poster], late: bool, resume: bool) -> Sent:
    """Send; when the answer to a post was lost (PostUncertain), look for it and send only what is missing.

    Clients never resend a post on their own (it may have gone out): this is where that is decided.
    """
    for resend in range(UNCERTAIN_RESENDS + 1):
        try:
            return send(Resuming(poster()) if resume else poster(), late)
        except PostUncertain:
            if resend == UNCERTAIN_RESENDS:
                raise
            resume = True  # a resumed post looks up its parts on the platform first
    raise AssertionError("unreachable")


class Resuming:
    """A poster whose posts all pass `resume=True`: how a post left half sent is completed.

    The send functions call `post_*` without knowing about crashes or earlier failures.
    """

    def __init__(self, poster: Poster):
        self._poster = poster

    def __getattr__(self, name: str):
        method = getattr(self._poster, name)
        if name.startswith("post_"):
            return lambda *args, **kwargs: method(*args, **kwargs, resume=True)
        return method


def _claim_is_dead(row: dict, now: dt.datetime) -> bool:
    """A "sending" row whose claimer is gone (or is this very process, whose ticks never overlap)."""
    claimer = row.get("claimed_by")
    if claimer == owner_id():
        return True
    alive = owner_alive(claimer)
    if alive is not None:
        return not alive
    claimed = parse_iso(row["claimed_at"]) if row.get("claimed_at") else None
    return claimed is None or now - claimed > CLAIM_STALE
