"""Timing a command as a user runs it: a fresh process, its wall time, CPU time and peak memory.

The child's resource use comes from `os.wait4` on that one child (its processes it waited
for included), so the peak RSS is the command's own, not the benchmark runner's. Sizes of
a store count its WAL and shared-memory files.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    rss_mb: float  # peak resident set, MB
    stdout: str
    returncode: int


def run(args: list[str], *, env: dict | None = None, cwd: Path = ROOT) -> Measured:
    """Run a command in a fresh process and measure it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout, process.returncode)


def briefbot(*args: str) -> list[str]:
    """The command line a user types: `briefbot ARGS`."""
    return [sys.executable, "-m", "bot.cli", *args]


def median_runs(args: list[str], runs: int) -> tuple[Measured, list[Measured]]:
    """Several fresh runs; the one with the median wall time, and all of them."""
    done = [run(args) for _ in range(runs)]
    middle = sorted(done, key=lambda m: m.wall)[len(done) // 2]
    return middle, done


def store_mb(path: Path) -> float:
    """A store's size on disk: the database file with its WAL and shared-memory files."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()) / 1e6


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"
