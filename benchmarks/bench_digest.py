"""`briefbot digest` timed cold, as a user runs it: a fresh process over a window of new articles.

The window is the last 1,000 (then 3,000) articles to arrive in the benchmark store
(benchmarks.stores: generated from the newswire, facts stored at ingest). Each run is
a new `python -m bot.cli ... digest --format json` process: imports, reading the
window and its facts from SQLite, and the briefing itself. Medians of several runs,
peak RSS of the process beside each time.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from benchmarks.measure import briefbot, median_runs
from benchmarks.stores import arrival, copy_of

STORE = 10_000
WINDOWS = (1_000, 3_000)
RUNS = 3


def run() -> list[tuple[str, str, str]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefbot-digest-") as work:
        db = copy_of(STORE, Path(work))
        until = arrival(STORE - 1).isoformat()
        for window in WINDOWS:
            since = arrival(STORE - window - 1).isoformat()  # strictly after: the last `window` arrivals
            args = briefbot("--db", str(db), "--now", until, "digest", "--since", since, "--format", "json")
            middle, runs = median_runs(args, RUNS)
            briefing = json.loads(middle.stdout)
            assert briefing["documents"] == window, briefing["documents"]
            rows += [
                ("digest", f"cold `briefbot digest`, {window:,} new articles with stored facts (median of {RUNS})",
                 f"{middle.wall:.2f} s wall, {middle.cpu:.2f} s CPU, peak RSS {middle.rss_mb:.0f} MB"),
                ("digest", f"  {window:,}: runs (wall)", ", ".join(f"{m.wall:.2f} s" for m in runs)),
                ("digest", f"  {window:,}: stories / positions / deadlines / questions shown",
                 f"{len(briefing['stories'])} / {len(briefing['positions'])} / {len(briefing['deadlines'])} / "
                 f"{len(briefing['open_questions'])}"),
            ]
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
