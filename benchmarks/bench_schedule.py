"""Scheduler cost: planning reminders for 10,000 deadlines across 100 channels, and a tick with nothing due.

Deadlines are synthetic (finding them is the digest benchmark's business): 100 channels
with 100 deadlines each, three offsets, so 30,000 reminders. Medians of several runs.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from adapters.posters import ConsolePoster
from bot.config import Channel, Config
from bot.schedule import ChannelPlan, identify, plan_reminders
from bot.scheduler import Scheduler
from bot.store import Store
from summarizer.model import Citation, Deadline

CHANNELS = 100
DEADLINES = 10_000
REPEATS = 5
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")
NOW = dt.datetime(2025, 7, 24, 9, 0, tzinfo=dt.timezone.utc)


def _deadlines(count: int, start: int) -> list[Deadline]:
    out = []
    for i in range(start, start + count):
        due = (NOW.date() + dt.timedelta(days=1 + i % 300)).isoformat()
        quote = f"Deadline number {i} expires on that day."
        out.append(Deadline(quote, due, "that day", "upcoming", [Citation(f"doc{i}", "Wire", quote, 0, len(quote))]))
    return out


def _config(db: Path) -> Config:
    return Config(db_path=db, channels=tuple(
        Channel("console", f"c{n}", (f"topic{n}",), f"{6 + n % 12:02d}:{n % 60:02d}", ZONES[n % len(ZONES)],
                ("7d", "1d", "0d")) for n in range(CHANNELS)))


class _Synthetic(Scheduler):
    """The real scheduler with the deadline search replaced by the synthetic lists."""

    def __init__(self, *args, lists: dict[str, list], **kw):
        super().__init__(*args, **kw)
        self.lists = lists

    def _identified_deadlines(self, commands, topics):
        return self.lists[topics[0]]


def _median(fn) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run() -> list[tuple[str, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="briefbot-bench-"))
    per = DEADLINES // CHANNELS
    config = _config(work / "bench.db")
    lists = {f"topic{n}": identify(_deadlines(per, n * per), {}) for n in range(CHANNELS)}
    plans = [ChannelPlan.from_config(c) for c in config.channels]
    grace = config.scheduler.grace
    try:
        pure = _median(lambda: [plan_reminders(p, lists[f"topic{n}"], NOW, grace) for n, p in enumerate(plans)])
        count = sum(len(plan_reminders(p, lists[f"topic{n}"], NOW, grace)) for n, p in enumerate(plans))
        store = Store(config.db_path)
        sink = ConsolePoster(io.StringIO())
        sched = _Synthetic(store, config, lists=lists, posters=lambda platform: sink)
        sched._commands(NOW)  # warm: importing the command layer loads the summarizer once per process
        started = time.perf_counter()
        sched.replan(NOW, force=True)  # first plan: every row inserted
        first = time.perf_counter() - started
        again = _median(lambda: sched.replan(NOW, force=True))  # same deadlines: rows compared, none written
        sched.tick(NOW)  # records the digest slots, sends what is due at NOW
        idle = _median(lambda: sched.tick(NOW + dt.timedelta(seconds=30)))
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    label = f"{DEADLINES:,} deadlines x 3 offsets, {CHANNELS} channels"
    return [
        ("schedule", f"plan reminders, pure ({label}; {count:,} reminders)", f"{pure * 1000:.0f} ms"),
        ("schedule", "plan and write to the store, first time", f"{first * 1000:.0f} ms"),
        ("schedule", "re-plan, nothing moved (compare only)", f"{again * 1000:.0f} ms"),
        ("schedule", f"one tick with nothing due ({count:,} planned reminders)", f"{idle * 1000:.1f} ms"),
    ]
