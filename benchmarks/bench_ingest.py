"""Ingest throughput with facts: `briefbot ingest FOLDER` in a fresh process, as a user runs it.

600 articles of about 4 KB from the newswire corpus (benchmarks.corpus) into a new store:
read, clean, date, split into sentences, near-duplicates, store, and read into facts (the
passages worth it parsed by spaCy, two worker processes on two cores). Medians of several
runs, each on a new store; CPU time counts the worker processes; peak RSS is the main process's.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import corpus_kind, generate
from benchmarks.measure import briefbot, run as run_process, store_mb
from bot.readers import decode_text
from summarizer.text.clean import clean_text

COUNT = 600
REPEATS = 3


def run() -> list[tuple[str, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="briefbot-ingest-"))
    try:
        paths = generate(work / "drop", COUNT, seed=1918)
        raw = [p.read_bytes() for p in paths]
        kb = sum(len(r) for r in raw) / 1024
        clean = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            for data in raw:
                clean_text(decode_text(data))
            clean.append(time.perf_counter() - started)
        runs, again = [], []
        for i in range(REPEATS):
            db = work / f"run-{i}.db"
            runs.append(run_process(briefbot("--db", str(db), "--now", "2025-07-24T09:00:00+00:00", "ingest",
                                             str(work / "drop"))))
            again.append(run_process(briefbot("--db", str(db), "ingest", str(work / "drop"))))
        size = store_mb(work / "run-0.db")
        db = sqlite3.connect(work / "run-0.db")  # how much the corpus repeats: what parse dedup and caches save
        total, distinct = db.execute("select count(*), count(distinct text) from sentences").fetchone()
        db.close()
        outcomes = sum(1 for line in runs[0].stdout.splitlines() if line.startswith(("added", "near-duplicate")))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    middle = sorted(runs, key=lambda m: m.wall)[len(runs) // 2]
    return [
        ("ingest", f"corpus: {COUNT} {corpus_kind()} articles, {kb / COUNT:.1f} KB each", f"{kb:,.0f} KB"),
        ("ingest", "decode + clean only (in process)", f"{COUNT / statistics.median(clean):,.0f} docs/s"),
        ("ingest", f"`briefbot ingest` with facts, cold, 2 cores (median of {REPEATS})",
         f"{COUNT / middle.wall:.1f} docs/s ({middle.wall:.1f} s wall, {middle.cpu:.1f} s CPU with workers, "
         f"peak RSS {middle.rss_mb:.0f} MB)"),
        ("ingest", "  runs (wall)", ", ".join(f"{m.wall:.1f} s" for m in runs)),
        ("ingest", "second run over the same folder (every file known)",
         f"{COUNT / statistics.median(m.wall for m in again):,.0f} docs/s"),
        ("ingest", "added in one run / store size after it (with WAL)", f"{outcomes} / {size:.1f} MB"),
        ("ingest", "sentences stored / distinct among them (near-duplicates repeat them)",
         f"{total:,} / {distinct:,} ({distinct / max(total, 1):.0%})"),
    ]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
