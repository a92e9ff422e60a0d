"""Benchmarks run by `make bench` (python -m benchmarks); each bench_*.py module exposes run() -> rows."""
