"""Ingest throughput: 1,000 generated 5 KB articles; cleaning alone, everything, and a second run."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate
from bot.ingest import Ingester
from bot.readers import decode_text
from bot.store import Store
from summarizer.text.clean import clean_text

COUNT = 1000
REPEATS = 3


def run() -> list[tuple[str, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="briefbot-bench-"))
    try:
        paths = generate(work / "drop", COUNT)
        raw = [p.read_bytes() for p in paths]
        kb = sum(len(r) for r in raw) / 1024

        clean_times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            for data in raw:
                clean_text(decode_text(data))
            clean_times.append(time.perf_counter() - started)

        full_times, second_times, outcomes = [], [], {}
        for i in range(REPEATS):
            store = Store(work / f"bench-{i}.db")
            ingester = Ingester(store)
            started = time.perf_counter()
            for o in ingester.ingest_paths([work / "drop"]):
                outcomes[o.status] = outcomes.get(o.status, 0) + 1
            full_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            list(ingester.ingest_paths([work / "drop"]))
            second_times.append(time.perf_counter() - started)
            store.close()
        db_mb = (work / "bench-0.db").stat().st_size / 1e6
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def rate(times: list[float]) -> str:
        median = statistics.median(times)
        return f"{COUNT / median:,.0f} docs/s ({median:.2f} s for {COUNT})"

    per_run = {k: v // REPEATS for k, v in outcomes.items()}
    return [
        ("ingest", f"corpus: {COUNT} generated articles, {kb / COUNT:.1f} KB each", f"{kb:,.0f} KB"),
        ("ingest", "decode + clean only", rate(clean_times)),
        ("ingest", "everything (read, clean, date, split, near-dup, store)", rate(full_times)),
        ("ingest", "second run over the same folder", rate(second_times)),
        ("ingest", "outcomes of one full run", ", ".join(f"{n} {k}" for k, n in sorted(per_run.items()))),
        ("ingest", "store size after one run", f"{db_mb:.1f} MB"),
    ]
