"""`python -m benchmarks.peak OUT MODULE ARGS...`: run MODULE as `python -m MODULE ARGS...` would, in this very
process, then write the process's peak resident memory (VmHWM, MB) to OUT.

A child forked from a large process (the benchmark runner holding a 10,000-article index) inherits
that process's peak as its own `ru_maxrss`; VmHWM counts only what this program used after it started.
"""

from __future__ import annotations

import resource
import runpy
import sys
from pathlib import Path


def peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # elsewhere: the best there is


def main() -> None:
    out, module, *args = sys.argv[1:]
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        Path(out).write_text(f"{peak_mb():.1f}\n")


if __name__ == "__main__":
    main()
