"""`python -m benchmarks NAME` picks the benchmarks to run: a full name one module, another word every match."""

from benchmarks.__main__ import _matches

NAMES = ["bench_ask", "bench_ingest", "bench_ingest_big", "bench_questions"]


def picked(*words: str) -> list[str]:
    return [n for n in NAMES if any(_matches(w, n, NAMES) for w in words)]


def test_a_full_name_runs_that_benchmark_alone():
    assert picked("ingest") == ["bench_ingest"]  # not bench_ingest_big, which takes minutes
    assert picked("bench_ingest") == ["bench_ingest"]
    assert picked("ingest_big") == ["bench_ingest_big"]


def test_a_part_of_a_name_runs_every_benchmark_holding_it():
    assert picked("ing") == ["bench_ingest", "bench_ingest_big"]
    assert picked("ask", "quest") == ["bench_ask", "bench_questions"]
    assert picked("nothing") == []
