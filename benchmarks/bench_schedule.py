"""The worker's cost of one new article at 1,000, 5,000 and 10,000 stored, and `briefbot deadlines` at each size.

For each size, a fresh copy of the benchmark store (benchmarks.stores) and a worker process
(benchmarks.worker_probe) that is warm (model loaded, first plan made: timed apart) takes five
new articles, one at a time, through its own steps: facts, the deadline index, the re-plan of
what changed and the reminders due. The real re-plan, not synthetic deadlines. Then
`briefbot deadlines --format json` cold, as a user runs it. Medians, peak RSS beside each.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.corpus import generate
from benchmarks.measure import briefbot, median_runs, store_mb
from benchmarks.measure import run as run_process
from benchmarks.stores import SIZES, arrival, copy_of

NEW_ARTICLES = 5
NOW = dt.datetime(2025, 6, 20, 9, 0, tzinfo=dt.timezone.utc)  # the articles' dates run to the end of July
RUNS = 3


def run() -> list[tuple[str, str, str]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefbot-schedule-") as work:
        new = Path(work) / "new"
        generate(new, NEW_ARTICLES, seed=20250620, start=NOW.date() - dt.timedelta(days=3), days=3)
        for size in SIZES:
            db = copy_of(size, Path(work) / str(size))
            now = max(NOW, arrival(size - 1) + dt.timedelta(minutes=1))
            config = Path(work) / "briefbot.toml"
            config.write_text('[[channels]]\nplatform = "console"\nid = "desk"\ntopics = ["default"]\n'
                              'digest_time = "08:30"\ntimezone = "Europe/Berlin"\nreminders = ["7d", "1d", "0d"]\n',
                              encoding="utf-8")
            listed, _ = median_runs(briefbot("--config", str(config), "--db", str(db), "--now", now.isoformat(),
                                             "deadlines", "--format", "json"), RUNS)
            deadlines = json.loads(listed.stdout)
            probe = run_process([sys.executable, "-m", "benchmarks.worker_probe", str(db), str(new), now.isoformat()])
            found = json.loads(probe.stdout)
            cpu = [a["cpu"] for a in found["articles"]]
            wall = [a["wall"] for a in found["articles"]]
            rows += [
                ("schedule", f"{size:,} stored ({store_mb(db):.0f} MB with WAL): `briefbot deadlines` cold "
                             f"({len(deadlines)} upcoming)",
                 f"{listed.wall:.2f} s wall, {listed.cpu:.2f} s CPU, peak RSS {listed.rss_mb:.0f} MB"),
                ("schedule", f"{size:,} stored: one new article in a warm worker (facts, re-plan, reminders; "
                             f"median of {len(cpu)})",
                 f"{statistics.median(cpu):.2f} s CPU ({max(cpu):.2f} max), {statistics.median(wall):.2f} s wall; "
                 f"worker peak RSS {found['rss_mb']:.0f} MB"),
                ("schedule", f"{size:,} stored: the worker's first plan of every deadline (3 channels)",
                 f"{found['first_plan']['cpu']:.2f} s CPU, {found['first_plan']['reminders']:,} reminders planned"),
            ]
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
