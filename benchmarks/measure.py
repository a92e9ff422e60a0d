"""Timing a command as a user runs it: a fresh process, its wall time, CPU time and peak memory.

CPU time comes from `os.wait4` on that one child (the processes it started and waited for
included); its peak RSS from the process itself (benchmarks.peak), not wait4, which would
report the runner's peak inherited at fork. Sizes of a store count its WAL and shared-memory files.

The commands run from compiled bytecode, as from an install: `pip install .` compiles every module,
and a checkout writes its `__pycache__` on the first run, unless PYTHONDONTWRITEBYTECODE is set, as it
is on some CI and sandbox machines (this one). There, every cold command compiled about a hundred
modules from source first: 0.2-0.6 s that no user's install spends.
"""

from __future__ import annotations

import compileall
import functools
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
    cpu: float  # seconds, user + system, the processes it started and waited for included
    rss_mb: float  # peak resident set of the command's own process, MB (benchmarks.peak)
    stdout: str
    returncode: int


def run(args: list[str], *, env: dict | None = None, cwd: Path = ROOT) -> Measured:
    """Run a command in a fresh process and measure it. A `python -m MODULE` command reports its own peak
    memory (benchmarks.peak); wait4's peak would include the benchmark runner's, inherited at fork."""
    _compiled()
    peak_file = None
    if len(args) > 2 and args[0] == sys.executable and args[1] == "-m":
        handle, peak_file = tempfile.mkstemp(prefix="briefbot-peak-")
        os.close(handle)
        args = [sys.executable, "-m", "benchmarks.peak", peak_file, *args[2:]]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    peak = usage.ru_maxrss / 1024
    if peak_file is not None:
        text = Path(peak_file).read_text().strip()
        Path(peak_file).unlink(missing_ok=True)
        peak = float(text) if text else peak
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, peak, stdout, process.returncode)


@functools.cache
def _compiled() -> None:
    """The project's bytecode, written once per benchmark run (compileall writes it even where Python may not)."""
    for package in ("bot", "summarizer", "adapters", "benchmarks"):
        compileall.compile_dir(ROOT / package, quiet=1)


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
