"""Benchmark the time-expression resolver: throughput, and TimeML scores against dateparser.

`run()` returns rows (benchmark, metric, value). Scores need the TimeBank/AQUAINT
corpus at /work/shared/corpus/tbaq (or $BRIEFBOT_TIMEML_CORPUS); without it the
score rows say "corpus absent". Three parts are scored: TimeBank (rules were
tuned on it), AQUAINT-DEV (error-analysed) and AQUAINT-TEST, the unseen half
(`timeml.aquaint_split`), which is the honest figure. dateparser is slow
(about 4 s per 100 KB), so it is scored on a fixed subset of each part, named
in the row.

    python benchmarks/bench_dates.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summarizer.dates.timeml import (  # noqa: E402
    DEFAULT_CORPUS,
    TmlDoc,
    aquaint_split,
    dateparser_find,
    load_folder,
    score_docs,
    timex_find,
)
from summarizer.dates.timex import find_timexes  # noqa: E402

CORPUS = DEFAULT_CORPUS
FOLDERS = ("TimeBank", "AQUAINT")
DATEPARSER_EVERY = 3   # every third file, sorted by name: a fixed subset
RUNS = 5

# Used for throughput when the corpus is absent: a short newswire-like paragraph.
_SAMPLE = ("The talks, which began on Monday, broke down late yesterday. Officials said they would "
           "meet again next week and set a 50-day deadline, ending Sept. 2, for a deal. Shares fell "
           "3% in the third quarter of 2024, compared with a year earlier, and have risen 12% over "
           "the past three years. The board will meet at 3 p.m. Tuesday and then each month. ") * 40


def _throughput(texts: list[tuple[str, object]]) -> tuple[float, float]:
    """Median expressions/s and KB/s over RUNS passes."""
    kb = sum(len(t) for t, _ in texts) / 1024
    rates = []
    count = 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        count = sum(len(find_timexes(t, a)) for t, a in texts)
        rates.append(time.perf_counter() - t0)
    elapsed = statistics.median(rates)
    return count / elapsed, kb / elapsed


def _score_rows(name: str, docs: list[TmlDoc]) -> list[tuple[str, str, str]]:
    rows = []
    subset = docs[::DATEPARSER_EVERY]
    for label, finder, part in (("timex", timex_find, docs),
                                (f"dateparser (every {DATEPARSER_EVERY}rd file, {len(subset)} docs)",
                                 dateparser_find, subset),
                                (f"timex (same {len(subset)} docs)", timex_find, subset)):
        m = score_docs(finder, part).metrics()
        for key in ("relaxed_f1", "strict_f1", "value_acc", "value_f1", "type_acc"):
            rows.append((f"{name}: {label}", key, f"{m[key]:.3f}"))
    return rows


def run() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    present = all((CORPUS / f).is_dir() for f in FOLDERS)
    folders = {f: load_folder(CORPUS / f) for f in FOLDERS} if present else {}
    if present:
        texts = [(d.text, d.dct) for docs in folders.values() for d in docs]
        source = "TimeBank+AQUAINT"
    else:
        import datetime
        texts = [(_SAMPLE, datetime.date(2025, 7, 20))] * 20
        source = "built-in sample"
    per_s, kb_s = _throughput(texts)
    rows.append((f"timex throughput ({source}, median of {RUNS})", "expressions/s", f"{per_s:.0f}"))
    rows.append((f"timex throughput ({source}, median of {RUNS})", "KB/s", f"{kb_s:.0f}"))
    if not present:
        rows.append(("TimeML scores", "status", "corpus absent"))
        return rows
    parts = {"TimeBank": folders["TimeBank"],
             "AQUAINT-DEV": aquaint_split(folders["AQUAINT"], "dev"),
             "AQUAINT-TEST (unseen)": aquaint_split(folders["AQUAINT"], "test")}
    for name, docs in parts.items():
        rows.extend(_score_rows(name, docs))
    rows.append(_timebank_floor(rows, len(parts["TimeBank"])))
    return rows


def _timebank_floor(rows: list[tuple[str, str, str]], docs: int) -> tuple[str, str, str]:
    """The resolver's regression floor on TimeBank, where its rules were tuned: value F1 0.82, relaxed F1 0.93.

    Measured 0.824 value F1 (relaxed 0.938) after the AQUAINT-DEV pass. The corpus is not in the
    repository, so the floor is kept here, run by `make bench`, and not as a test CI would skip.
    """
    m = {metric: float(value) for bench, metric, value in rows if bench == "TimeBank: timex"}
    held = docs == 183 and m["value_f1"] >= 0.82 and m["relaxed_f1"] >= 0.93
    return ("TimeBank: timex", "floor (183 docs, value F1 >= 0.82, relaxed >= 0.93)",
            "held" if held else f"REGRESSED: {docs} docs, value F1 {m['value_f1']:.3f}, relaxed {m['relaxed_f1']:.3f}")


if __name__ == "__main__":
    t0 = time.perf_counter()
    for bench, metric, value in run():
        print(f"{bench:<62} {metric:<14} {value}")
    print(f"({time.perf_counter() - t0:.1f} s)")
