"""Ingest throughput with facts: `briefbot ingest FOLDER` in a fresh process, as a user runs it.

600 articles of about 4 KB from the newswire corpus (benchmarks.corpus) into a new store:
read, clean, date, split into sentences, near-duplicates, store, and read into facts (the
passages worth it parsed by spaCy, two worker processes on two cores). Medians of several
runs, each on a new store; CPU time counts the worker processes; peak RSS is the main process's.

The articles of one story share many sentences (outlets' copies of one wire story), which the
reading exploits: a passage is parsed once per worker. So the same is also timed on articles
that share none: the first article of each of 300 stories.
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


DISTINCT_FROM, DISTINCT = 3_000, 300  # generated articles, and how many first articles of their stories are kept


def _one_per_story(paths: list[Path], into: Path) -> list[Path]:
    """The first article of each story (files are named sSTORY-aSERIAL), copied into `into`."""
    into.mkdir()
    seen, out = set(), []
    for path in sorted(paths):
        story = path.name.split("-")[0]
        if story not in seen:
            seen.add(story)
            out.append(Path(shutil.copy(path, into / path.name)))
    return out


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
        # The same kind of articles with no two of one story: what a folder of unrelated articles costs.
        unrelated = _one_per_story(generate(work / "many", DISTINCT_FROM, seed=77), work / "unrelated")[:DISTINCT]
        for path in (work / "unrelated").iterdir():
            if path not in unrelated:
                path.unlink()
        apart = [run_process(briefbot("--db", str(work / f"apart-{i}.db"), "--now", "2025-07-24T09:00:00+00:00",
                                      "ingest", str(work / "unrelated"))) for i in range(REPEATS - 1)]
        db = sqlite3.connect(work / "apart-0.db")
        apart_total, apart_distinct = db.execute("select count(*), count(distinct text) from sentences").fetchone()
        db.close()
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
        ("ingest", f"`briefbot ingest` of {len(unrelated)} unrelated articles (one per story), cold, 2 cores "
                   f"(best of {len(apart)})",
         f"{len(unrelated) / min(m.wall for m in apart):.1f} docs/s ({min(m.wall for m in apart):.1f} s wall, "
         f"{min(m.cpu for m in apart):.1f} s CPU; {apart_distinct / max(apart_total, 1):.0%} of its sentences distinct)"),
    ]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
