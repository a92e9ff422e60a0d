"""Huge files through the real CLI, each in a cold process: 2, 10 and 19 MB plain-text archives, a 15 MB page of tags.

Each archive is ingested with the default text cap (what a user gets), facts included. Times are
wall seconds of the whole process, imports included; memory is the peak RSS of the largest process
of the run (the child that prepares a big file included). With the cap off (`max_chars = 0`) the
whole CLI run is timed for the smallest archive only: since facts are read at ingest (a parse of
every sentence that may hold a statement or a deadline), an uncapped 19 MB archive takes many
minutes, which is what the cap is for. Each step of the uncapped ingest up to the store's insert
(reading, cleaning, dating, sentences, shingles, the insert with its full-text index) is then timed
in this process for every size, to show that each grows about linearly with the text. Medians of
REPEATS runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bigtext import run_measured, write_archive, write_tag_soup

ROOT = Path(__file__).resolve().parent.parent
SIZES_MB = (2, 10, 19)
SOUP_MB = 15
REPEATS = 3


def _ingest(work: Path, drop: Path, config: Path | None) -> dict:
    db = work / "bench.db"
    for leftover in work.glob("bench.db*"):
        leftover.unlink()
    options = ["--config", str(config)] if config else []
    run = run_measured([sys.executable, "-m", "bot.cli", *options, "--db", str(db), "ingest", str(drop)],
                       cwd=ROOT, timeout=3600)
    if run["returncode"] != 0 or not run["stdout"].startswith("added"):
        raise RuntimeError(f"ingest of {drop} failed: {run['stdout']}{run['stderr']}")
    return run


def _median(runs: list[dict]) -> tuple[float, float]:
    return statistics.median(r["seconds"] for r in runs), statistics.median(r["peak_kb"] for r in runs) / 1024


def _steps(path: Path, work: Path) -> dict[str, float]:
    """Seconds per step of one uncapped ingest of `path`, in this process."""
    from bot.prepare import Limits, prepare
    from bot.store import Store

    times: dict[str, float] = {}
    current = [None, time.perf_counter()]

    def progress(step: str) -> None:
        now = time.perf_counter()
        if current[0]:
            times[current[0]] = now - current[1]
        current[:] = [step, now]

    data = path.read_bytes()
    ready = prepare(path.name, data, dt.date(2025, 8, 1), Limits(None, 3600), progress)
    progress("store")
    for leftover in work.glob("steps.db*"):
        leftover.unlink()
    store = Store(work / "steps.db")
    document = {"id": hashlib.sha256(ready.text.encode()).hexdigest(), "path": str(path), "text": ready.text}
    store.add_document(document, ready.sentences, ready.bands)
    store.close()
    progress("")
    return times


def run() -> list[tuple[str, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="briefbot-bench-big-"))
    rows = []
    try:
        no_cap = work / "no-cap.toml"
        no_cap.write_text('[ingest]\nmax_chars = 0\ntime_budget = "3600s"\n')
        per_mb, steps = [], {}
        for mb in SIZES_MB:
            drop = work / f"drop-{mb}"
            archive = write_archive(drop / f"archive-{mb}mb.txt", mb)
            for label, config in (("default cap", None), ("no cap", no_cap))[: 2 if mb == SIZES_MB[0] else 1]:
                seconds, peak = _median([_ingest(work, drop, config) for _ in range(REPEATS)])
                rows.append(("ingest-big", f"{mb} MB text, {label}", f"{seconds:.1f} s, peak {peak:.0f} MB"))
                if config is no_cap:
                    per_mb.append(f"{seconds / mb:.2f}")
            runs = [_steps(archive, work) for _ in range(REPEATS)]
            steps[mb] = {step: statistics.median(r[step] for r in runs) for step in runs[0]}
            shutil.rmtree(drop)
        sizes = "/".join(str(mb) for mb in SIZES_MB)
        rows.append(("ingest-big", f"no cap, whole CLI run with facts: seconds per MB at {SIZES_MB[0]} MB",
                     " / ".join(per_mb)))
        for step in steps[SIZES_MB[0]]:
            rows.append(("ingest-big", f"step, no cap, s per MB at {sizes} MB: {step}",
                         " / ".join(f"{steps[mb][step] / mb:.2f}" for mb in SIZES_MB)))
        drop = work / "drop-soup"
        write_tag_soup(drop / "tags.html", SOUP_MB)
        seconds, peak = _median([_ingest(work, drop, None) for _ in range(REPEATS)])
        rows.append(("ingest-big", f"{SOUP_MB} MB HTML page of repeated tags", f"{seconds:.1f} s, peak {peak:.0f} MB"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows
