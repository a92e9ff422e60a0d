"""Digest time for 1,000 new articles in one window (generated from the examples), median of runs."""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate
from bot.commands import Commands
from bot.ingest import Ingester
from bot.store import Store

COUNT = 1000
REPEATS = 3


def run() -> list[tuple[str, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="briefbot-bench-"))
    now = dt.datetime(2025, 7, 24, 9, 0, tzinfo=dt.timezone.utc)
    try:
        generate(work / "drop", COUNT)
        store = Store(work / "bench.db")
        list(Ingester(store, now=lambda: now).ingest_paths([work / "drop"]))
        commands = Commands(store, now=lambda: now + dt.timedelta(hours=1))
        commands.digest()  # warm: the spaCy model loads once per process
        times, briefing = [], None
        for _ in range(REPEATS):
            started = time.perf_counter()
            briefing = commands.digest()
            times.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [
        ("digest", f"{COUNT} new articles in one window (warm process)", f"{statistics.median(times):.2f} s"),
        ("digest", "stories / positions / deadlines / questions shown",
         f"{len(briefing.stories)} / {len(briefing.positions)} / {len(briefing.deadlines)} / "
         f"{len(briefing.open_questions)}"),
    ]
