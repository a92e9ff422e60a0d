"""Huge files through the real CLI, each in a cold process: 2, 10 and 19 MB plain-text archives, a 15 MB page of tags.

Each archive is ingested with the default text cap (what a user gets) and with the cap off
(`max_chars = 0`), which shows that every step (cleaning, dating, sentences, shingles, the
full-text index) grows about linearly with the text. Times are wall seconds of the whole
process, imports included; memory is the peak RSS of the largest process of the run (the
child that prepares a big file included). Medians of REPEATS runs.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
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


def run() -> list[tuple[str, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="briefbot-bench-big-"))
    rows = []
    try:
        no_cap = work / "no-cap.toml"
        no_cap.write_text('[ingest]\nmax_chars = 0\ntime_budget = "3600s"\n')
        per_mb = []
        for mb in SIZES_MB:
            drop = work / f"drop-{mb}"
            write_archive(drop / f"archive-{mb}mb.txt", mb)
            for label, config in (("default cap", None), ("no cap", no_cap)):
                seconds, peak = _median([_ingest(work, drop, config) for _ in range(REPEATS)])
                rows.append(("ingest-big", f"{mb} MB text, {label}", f"{seconds:.1f} s, peak {peak:.0f} MB"))
                if config is no_cap:
                    per_mb.append(f"{seconds / mb:.2f}")
            shutil.rmtree(drop)
        rows.append(("ingest-big", "no cap: seconds per MB at " + ", ".join(f"{mb}" for mb in SIZES_MB) + " MB",
                     " / ".join(per_mb)))
        drop = work / "drop-soup"
        write_tag_soup(drop / "tags.html", SOUP_MB)
        seconds, peak = _median([_ingest(work, drop, None) for _ in range(REPEATS)])
        rows.append(("ingest-big", f"{SOUP_MB} MB HTML page of repeated tags", f"{seconds:.1f} s, peak {peak:.0f} MB"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows
