"""The scheduler: plan digests and reminders into the store, send what is due, hold the lock.

The store is the source of truth. A tick (a) re-plans a channel's reminders when the
documents, its topics or its settings changed since the last plan (a watermark: finding
deadlines groups every document into stories, so it is not redone on every tick),
(b) records the digest slots still to come, and (c) hands every due digest and reminder
to `bot.delivery.deliver`, which posts each key at most once. APScheduler only decides
*when* to tick (see `arm`); losing its jobs loses nothing, since the next tick after a
restart finds everything due in the tables.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence

from bot.delivery import (
    FINAL,
    Job,
    Outcome,
    Sent,
    deliver,
    delivery_key,
    owner_alive,
    owner_id,
)
from bot.posting import Poster, PosterFactory, PostError
from bot.schedule import (
    ChannelPlan,
    deadline_from_data,
    digest_days_to_plan,
    identify,
    iso,
    parse_iso,
    plan_reminders,
)
from bot.store import Store

log = logging.getLogger(__name__)

LOCK_NAME = "scheduler"
LOCK_STALE = dt.timedelta(minutes=2)  # a lock not refreshed for this long is taken over
HEARTBEAT_EVERY = 15  # seconds
TICK_EVERY = 60  # seconds: retries, re-plans after ingestion, anything the timed jobs did not cover
ARM_AHEAD = dt.timedelta(hours=48)


class LockHeld(Exception):
    """Another live scheduler holds the store's lock."""

    def __init__(self, row: dict):
        self.row = row
        super().__init__(f"another scheduler is already running on this store (owner {row['owner']}, "
                         f"since {row['acquired_at']}, last heartbeat {row['heartbeat_at']}); "
                         "only one worker may run at a time")


class SchedulerLock:
    """The single-scheduler lock: a row in `locks` with owner host:pid and a heartbeat.

    Heartbeats use the real clock (never --now): liveness is physical. A lock is taken
    over when its owner is on this host and its pid is gone (a SIGKILLed worker), or when
    its heartbeat is older than LOCK_STALE (another host, or a reused pid).
    """

    def __init__(self, store: Store, owner: str | None = None, *, stale: dt.timedelta = LOCK_STALE):
        self.store = store
        self.owner = owner or owner_id()
        self.stale = stale

    @staticmethod
    def _now() -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    def _dead(self, row: dict) -> bool:
        if owner_alive(row["owner"]) is False:
            return True
        beat = row.get("heartbeat_at")
        return not beat or self._now() - parse_iso(beat) > self.stale

    def acquire(self) -> None:
        holder = self.store.acquire_lock(LOCK_NAME, self.owner, iso(self._now()), self._dead)
        if holder is not None:
            raise LockHeld(holder)

    def heartbeat(self) -> bool:
        return self.store.heartbeat_lock(LOCK_NAME, self.owner, iso(self._now()))

    def release(self) -> None:
        self.store.release_lock(LOCK_NAME, self.owner)


class Scheduler:
    """Planning and sending for every configured channel; `tick(now)` is the whole job."""

    def __init__(self, store: Store, config, *, posters: PosterFactory, llm=None,
                 owner: str | None = None, report: Callable[[str], None] | None = None):
        self.store = store
        self.config = config
        self.grace: dt.timedelta = config.scheduler.grace
        self.channels = [ChannelPlan.from_config(c) for c in config.channels]
        self._by_key = {c.key: c for c in self.channels}
        self._make_poster = posters
        self._posters: dict[str, Poster] = {}
        self.llm = llm
        self.owner = owner or owner_id()
        self.report = report or (lambda line: None)
        self._lock = threading.Lock()

    # -- the tick ---------------------------------------------------------------------
    def tick(self, now: dt.datetime) -> list[Outcome]:
        """Re-plan if needed, then send (or record as missed) everything due as of `now`."""
        with self._lock:
            self.replan(now)
            self.plan_digests(now)
            outcomes = []
            for job, send, after in self._due(now):
                try:
                    outcome = deliver(self.store, job, now=now, grace=self.grace,
                                      poster=lambda p=job.platform: self._poster(p), send=send, owner=self.owner)
                except Exception as err:  # a bug in one post must not starve the others
                    # The row stays "sending": the next tick checks the platform first, and the
                    # attempt count and the grace bound how often this is tried again.
                    log.exception("posting %s failed unexpectedly", job.key)
                    outcome = Outcome(job, "error", f"{type(err).__name__}: {err}")
                if after is not None:
                    after(job)
                if outcome is not None:
                    outcomes.append(outcome)
                    self.report(outcome.line())
            self._settle_interrupted_manual_posts(now)
            return outcomes

    def _poster(self, platform: str) -> Poster:
        if platform not in self._posters:
            self._posters[platform] = self._make_poster(platform)
        return self._posters[platform]

    def _commands(self, now: dt.datetime):
        from bot.commands import Commands

        return Commands(self.store, now=lambda: now, aliases=self.config.aliases_for(None), llm=self.llm,
                        config=self.config)

    # -- reminders ----------------------------------------------------------------------
    def replan(self, now: dt.datetime, *, force: bool = False) -> dict[str, dict[str, int]]:
        """Re-plan the reminders of every channel whose inputs changed; the counts per channel.

        A channel whose topics or settings changed is planned afresh from all its deadlines. New
        documents only touch the deadlines they joined (the index logs them, `bot.deadline_index`):
        only those are planned again, so a new article costs the same in a store of any size.
        """
        latest = self.store.last_plan_change()
        commands = None  # importing the command layer loads the summarizer: only when something changed
        found: dict[tuple, list] = {}
        changes: list[dict] | None = None
        done = {}
        for channel in self.channels:
            topics = self._channel_topics(channel.key)
            signature = json.dumps([topics, channel.offsets, channel.at.isoformat(), channel.zone.key])
            name, seen_name = f"plan:{channel.key}", f"plan-seq:{channel.key}"
            seen = int(self.store.scheduler_value(seen_name) or 0)
            afresh = force or self.store.scheduler_value(name) != signature
            if not afresh and seen >= latest:
                continue
            items = None
            if not afresh:
                if changes is None:
                    changes = self.store.plan_changes_since(min(int(self.store.scheduler_value(f"plan-seq:{c.key}")
                                                                   or 0) for c in self.channels))
                items = sorted({i for c in changes if c["seq"] > seen and c["topic"] in topics
                                for i in json.loads(c["items"])})
            if afresh or items:
                key = (tuple(topics), tuple(items) if items is not None else None)
                if key not in found:
                    commands = commands or self._commands(now)
                    found[key] = self._identified_deadlines(commands, topics, items=items)
                plan = plan_reminders(channel, found[key], now, self.grace)
                done[channel.key] = self.store.sync_reminders(channel.key, [p.row() for p in plan], iso(now),
                                                              deadlines=items)
                log.info("re-planned reminders of %s: %s", channel.key, done[channel.key])
            self.store.set_scheduler_value(name, signature, iso(now))
            self.store.set_scheduler_value(seen_name, str(latest), iso(now))
        self.store.cancel_reminders_outside([c.key for c in self.channels])
        return done

    def _channel_topics(self, key: str) -> list[str]:
        """The rule of Commands.channel_topics (configured, then subscribed), without its imports."""
        configured = self.config.channel(key)
        topics = list(configured.topics) if configured else []
        return topics + [t for t in self.store.subscriptions(key) if t not in topics]

    def _identified_deadlines(self, commands, topics: Sequence[str], *, items: Sequence[str] | None = None) -> list:
        if not topics:
            return []
        return _identified(self.store, commands.deadlines(topics, items=items))

    def _reminder_job(self, row: dict, now: dt.datetime):
        channel = self._by_key[row["channel"]]
        job = Job("reminder", row["channel"], row["item"], f"{row['offset']}@{row['due']}", parse_iso(row["fire_at"]))

        def send(poster: Poster, late: bool) -> Sent:
            deadline = deadline_from_data(json.loads(row["data"]))
            ids = poster.post_reminder(job.channel_id, deadline, channel.local_day(now), offset=row["offset"],
                                       late=late, key=job.key)
            return Sent(ids, note=f"{row['offset']} before {row['due']}")

        def after(job: Job) -> None:
            delivery = self.store.delivery(job.key)
            if delivery and delivery["status"] in FINAL:
                self.store.set_reminder_status(row["id"], "missed" if delivery["status"] == "missed" else "sent")

        return job, send, after

    # -- digests ------------------------------------------------------------------------
    def plan_digests(self, now: dt.datetime) -> None:
        """Record each channel's digest slots up to the next one to come; follow digest_time changes."""
        for channel in self.channels:
            last = self.store.last_digest_slot(channel.key)
            days = digest_days_to_plan(channel, dt.date.fromisoformat(last) if last else None, now, self.grace)
            for day in days:
                slot = day.isoformat()
                self.store.plan_delivery({"key": delivery_key("digest", channel.key, "daily", slot),
                                          "channel": channel.key, "kind": "digest", "item": "daily", "slot": slot,
                                          "created_at": iso(now), "fire_at": iso(channel.digest_at(day))})
            for row in self.store.deliveries(channel=channel.key, kind="digest", statuses=["planned"]):
                if row["item"] == "daily" and row["fire_at"] > iso(now):
                    wanted = iso(channel.digest_at(dt.date.fromisoformat(row["slot"])))
                    if wanted != row["fire_at"]:
                        self.store.reschedule_delivery(row["key"], wanted)

    def digest_sender(self, channel_key: str, now: dt.datetime, key: str,
                      topics: Sequence[str] | None = None) -> Callable[[Poster, bool], Sent]:
        """The send function of a digest covering what arrived since the channel's last one."""
        channel = self._by_key.get(channel_key)
        channel_id = channel_key.split(":", 1)[1]

        def send(poster: Poster, late: bool) -> Sent:
            # A retried or resumed digest covers the window of its first attempt, so it renders
            # the same parts again and only the missing ones are posted; news that arrived
            # meanwhile goes into the next digest.
            until = self.store.fix_delivery_window(key, iso(now))
            commands = self._commands(parse_iso(until))
            chosen = list(topics or commands.channel_topics(channel_key))
            if not chosen and channel is not None:
                return Sent([], empty=True, covers_until=until, note="the channel follows no topics")
            since = self.store.last_digest_until(channel_key)
            label = ", ".join(chosen) or "all topics"  # an unconfigured channel (digest --post): everything
            if late and channel is not None:
                label += f" (late digest, due {channel.at.strftime('%H:%M')})"
            briefing = commands.digest(since=parse_iso(since) if since else None, topics=chosen or None,
                                       label=label)
            if briefing.documents == 0 or briefing.is_empty():
                if self.config.scheduler.empty_digest == "line":
                    ids = poster.post_text(channel_id, f"Nothing new on {', '.join(chosen) or 'any topic'} "
                                           "since the last digest.", key=key)
                    return Sent(ids, covers_until=until, note="nothing new: one line")
                return Sent([], empty=True, covers_until=until, note="nothing new")
            ids = poster.post_briefing(channel_id, briefing, key=key)
            return Sent(ids, covers_until=until, note=f"{briefing.documents} documents")

        return send

    def post_digest_now(self, channel_key: str, now: dt.datetime, *, topics: Sequence[str] | None = None,
                        poster: Poster | None = None) -> Outcome | None:
        """`digest --post`: one digest now, recorded like a scheduled one (it moves the channel's window)."""
        job = Job("digest", channel_key, "now", f"now@{iso(now)}")
        posting = (lambda: poster) if poster is not None else (lambda: self._poster(job.platform))
        return deliver(self.store, job, now=now, grace=self.grace, poster=posting,
                       send=self.digest_sender(channel_key, now, job.key, topics), owner=self.owner)

    def _settle_interrupted_manual_posts(self, now: dt.datetime) -> None:
        """A `digest --post` that died while sending: recorded sent if it reached the channel, else failed.

        Never resent: it was one person's request, not a scheduled post.
        """
        for row in self.store.deliveries(kind="digest", statuses=["sending"]):
            if row["item"] != "now" or owner_alive(row["claimed_by"]) is not False:
                continue
            job = Job("digest", row["channel"], "now", row["slot"])
            try:
                found = self._poster(job.platform).already_posted(job.channel_id, job.key)
            except PostError:
                continue
            self.store.finish_delivery(job.key, "sent" if found else "failed", at=iso(now),
                                       detail="interrupted `digest --post`",
                                       covers_until=(row.get("covers_until") or row["claimed_at"]) if found else None)

    # -- what is due --------------------------------------------------------------------
    def _due(self, now: dt.datetime) -> list[tuple[Job, Callable, Callable | None]]:
        at = iso(now)
        jobs = []
        for row in self.store.due_deliveries("digest", at):
            if row["item"] != "daily" or row["channel"] not in self._by_key:
                continue
            job = Job("digest", row["channel"], "daily", row["slot"], parse_iso(row["fire_at"]))
            jobs.append((job, self.digest_sender(row["channel"], now, job.key), None))
        for row in self.store.due_reminders(at):
            if row["channel"] in self._by_key:
                jobs.append(self._reminder_job(row, now))
        jobs.sort(key=lambda j: (j[0].fire_at, j[0].kind != "digest", j[0].key))
        return jobs

    def next_fire_times(self, now: dt.datetime, ahead: dt.timedelta = ARM_AHEAD) -> list[dt.datetime]:
        """When something planned falls due in the next `ahead`: the moments to arm timers for."""
        return [parse_iso(t) for t in self.store.next_fire_times(iso(now), iso(now + ahead))]


def real_now() -> dt.datetime:
    return dt.datetime.fromtimestamp(time.time(), dt.timezone.utc)


# -- APScheduler wiring ---------------------------------------------------------------
# Jobs are module-level callables taking a runtime name, so that they would survive a
# persistent job store; we keep the in-memory one because the store tables are the truth
# and the timers are re-armed from them at every start and after every tick. Both jobs are
# coroutines: they run on the event loop and hand their store work to the store's own thread
# (bot/store_thread.py), never to a shared executor.
_RUNTIMES: dict[str, "Timers"] = {}


async def _tick_job(name: str) -> None:
    timers = _RUNTIMES.get(name)
    if timers is not None:
        timers.request_tick("timer")


async def _heartbeat_job(name: str) -> None:
    timers = _RUNTIMES.get(name)
    if timers is not None:
        await timers.heartbeat()


class Timers:
    """Runs `Scheduler.tick` from an AsyncIOScheduler: at each planned moment, and every TICK_EVERY s.

    `clock()` is the scheduler's idea of now (shifted by --now); timers are armed on the real
    clock at the same distance. misfire_grace_time is the configured grace and jobs coalesce:
    a timer that fires late still runs once, and the tick itself decides late or missed.

    The scheduler's store lives on `home`, the lock's on `lock_home` (each a StoreThread), so
    heartbeats go on while a long tick runs, and stopping waits for the running tick before
    anything is closed. Ticks never overlap: one asked for while another runs is done once
    after it. A tick that fails is logged with its cause and the worker goes on.
    """

    def __init__(self, scheduler: Scheduler, home, lock: SchedulerLock, lock_home,
                 clock: Callable[[], dt.datetime], on_lost_lock: Callable[[], None], *,
                 heartbeat_every: float = HEARTBEAT_EVERY, tick_every: float = TICK_EVERY):
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self.scheduler = scheduler
        self.home, self.lock, self.lock_home = home, lock, lock_home
        self.clock = clock
        self.on_lost_lock = on_lost_lock
        self.heartbeat_every, self.tick_every = heartbeat_every, tick_every
        self.name = f"briefbot-{id(self)}"
        grace = max(1, int(scheduler.grace.total_seconds()))
        self.aps = AsyncIOScheduler(timezone=dt.timezone.utc,
                                    job_defaults={"misfire_grace_time": grace, "coalesce": True, "max_instances": 1})
        self.armed: set[str] = set()
        self._ticking: asyncio.Task | None = None
        self._beating: set[asyncio.Task] = set()
        self._again: list[str] = []
        self._stopping = False
        self._lost = False

    def _real(self, moment: dt.datetime) -> dt.datetime:
        return moment - (self.clock() - real_now())

    def start(self) -> None:
        _RUNTIMES[self.name] = self
        self.aps.add_job(_tick_job, "interval", seconds=self.tick_every, args=[self.name], id="tick")
        self.aps.add_job(_heartbeat_job, "interval", seconds=self.heartbeat_every, args=[self.name], id="heartbeat")
        self.aps.start()

    async def stop(self) -> None:
        """No new tick or heartbeat; wait for the ones running (their store work cannot be cut short)."""
        import asyncio  # here, not at the top: `briefbot deadlines` imports this module and needs no event loop

        self._stopping = True
        _RUNTIMES.pop(self.name, None)
        if self.aps.running:
            self.aps.shutdown(wait=False)
        # A job APScheduler launched just before has not run its first step yet: let it (it returns at once,
        # we are stopping), or asyncio.run cancels it at exit and APScheduler logs that as a job error.
        await asyncio.sleep(0)
        running = [t for t in (self._ticking, *self._beating) if t is not None and t is not asyncio.current_task()]
        if running:
            await asyncio.gather(*running, return_exceptions=True)

    def request_tick(self, reason: str) -> None:
        """Tick soon, on the event loop's thread; asked for during a tick, it runs once right after."""
        import asyncio

        if self._stopping:
            return
        if self._ticking is not None and not self._ticking.done():
            self._again.append(reason)
            return
        self._ticking = asyncio.ensure_future(self._guarded_ticks(reason))

    async def tick_now(self, reason: str) -> None:
        """A tick (after the one running, if any), awaited; its failure is logged, not raised."""
        self.request_tick(reason)
        while self._ticking is not None and not self._ticking.done():
            await self._ticking

    async def _guarded_ticks(self, reason: str) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("scheduler tick (%s) failed as of %s; the next tick tries again",
                              reason, iso(self.clock()))
            if not self._again or self._stopping:
                self._again.clear()
                return
            reason = f"{self._again[0]}, during the previous tick" + (f", and {len(self._again) - 1} more"
                                                                       if len(self._again) > 1 else "")
            self._again.clear()

    async def tick(self) -> list[Outcome]:
        now = self.clock()
        outcomes = await self.home.run(self.scheduler.tick, now)
        await self.arm(now)
        return outcomes

    async def arm(self, after: dt.datetime) -> None:
        """One date job per distinct moment something planned falls due after `after` (the tick's now).

        A moment that passed while the tick ran gets a job in the past, which APScheduler runs
        at once (within misfire_grace_time), so nothing waits for the next interval tick.
        """
        from apscheduler.triggers.date import DateTrigger

        for moment in await self.home.run(self.scheduler.next_fire_times, after):
            job_id = f"fire:{iso(moment)}"
            if job_id in self.armed or self._stopping:
                continue
            self.aps.add_job(_tick_job, DateTrigger(run_date=self._real(moment)), args=[self.name], id=job_id,
                             replace_existing=True)
            self.armed.add(job_id)

    async def heartbeat(self) -> None:
        import asyncio

        if self._lost or self._stopping:
            return
        task = asyncio.current_task()
        self._beating.add(task)
        try:
            held = await self.lock_home.run(self.lock.heartbeat)
        except Exception:
            # The store busy past its timeout, say: the lease allows a few missed beats.
            log.exception("the scheduler lock's heartbeat failed; trying again in %.1fs", self.heartbeat_every)
            return
        finally:
            self._beating.discard(task)
        if not held:
            self._lost = True
            log.error("the scheduler lock was taken over by another worker; stopping")
            self.on_lost_lock()


# -- `briefbot deadlines`: each deadline with its reminders ---------------------------------
def _identified(store: Store, deadlines: list) -> list:
    """Each deadline with its reminder identity, which needs when its sources (cited, or cited by a rival date)
    arrived."""
    ids = {c.document_id for d in deadlines for c in d.citations}
    ids |= {c["document_id"] for d in deadlines for x in d.conflicts for c in x.get("citations", ())}
    return identify(deadlines, store.arrivals(ids))


def deadline_rows(commands, config, now: dt.datetime, *, topics: Sequence[str] | None = None,
                  channel: str | None = None) -> list[dict]:
    """The deadlines JSON of DESIGN.md, plus item, days_left and the reminder plan per channel.

    "reminders" lists the moments still to come (ISO, in each channel's zone); "plan" has every
    offset with its state: planned, sent, missed, skipped or cancelled (the store's word when
    the worker has planned it, else what the worker would plan now).
    """
    from bot.schedule import days_left

    grace = config.scheduler.grace
    plans = [ChannelPlan.from_config(c) for c in config.channels if channel is None or f"{c.platform}:{c.id}" == channel]
    if channel is not None:
        topics = topics or commands.channel_topics(channel) or None
    store = commands.store

    by_topic: dict[str, list] = {}  # each topic's deadlines worked out once, however many channels follow it

    def identified(chosen) -> list:
        chosen = list(chosen) if chosen else store.known_topics()
        for topic in chosen:
            if topic not in by_topic:
                by_topic[topic] = _identified(store, commands.deadlines([topic]))
        return sorted((pair for topic in dict.fromkeys(chosen) for pair in by_topic[topic]),
                      key=lambda pair: (pair[1].due or "9999", pair[1].what))

    listed = identified(topics)
    planned: dict[str, list[dict]] = {}
    stored = {(r["channel"], r["item"], r["offset"], r["due"]): r["status"] for r in store.reminders()}
    for plan in plans:
        seen = list(topics or commands.channel_topics(plan.key))
        for p in plan_reminders(plan, identified(seen) if seen else [], now, grace, with_data=False):
            state = stored.get((p.channel, p.item, p.offset, p.due), p.status)
            planned.setdefault(p.item, []).append({
                "channel": p.channel, "offset": p.offset, "fire_at": p.fire_at.astimezone(plan.zone).isoformat(),
                "status": "planned" if state == "planned" and p.fire_at >= now - grace else state,
                "_at": p.fire_at})
    rows = []
    today = now.date()
    for item, d in listed:
        plan = sorted(planned.get(item, []), key=lambda r: (r["_at"], r["channel"]))
        rows.append({
            "what": d.what, "due": d.due, "due_text": d.due_text, "status": d.status,
            "reminders": [r["fire_at"] for r in plan if r["status"] == "planned" and r["_at"] >= now],
            "citations": [dict(vars(c)) for c in d.citations],  # asdict's deep copy of five plain fields cost 0.1 s at 5k
            "item": item, "days_left": days_left(d.due, today) if d.due else None, "due_end": d.due_end,
            "approximate": d.approximate, "sources": d.sources, "conflicts": d.conflicts,
            "plan": [{k: v for k, v in r.items() if k != "_at"} for r in plan],
        })
    return rows
