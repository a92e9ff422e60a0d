"""Run every benchmark module and print one table: benchmark, metric, value.

Machines are shared and noisy: each benchmark repeats its measurement and
reports medians. `python -m benchmarks ingest` runs only bench_ingest (a full name picks one module),
`python -m benchmarks ing` every module whose name holds "ing";
the opt-in ones (OPT_IN) run only when named.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

from rich.console import Console
from rich.table import Table

import benchmarks

OPT_IN = {"bench_heideltime"}  # slow and needs Java: run by name or with `make bench-heideltime`


def main(argv: list[str]) -> int:
    wanted = argv[1:]
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    names = [n for n in names if (any(_matches(w, n, names) for w in wanted) if wanted else n not in OPT_IN)]
    table = Table(title="briefbot benchmarks (medians)")
    for column in ("benchmark", "metric", "value"):
        table.add_column(column)
    console = Console(width=max(Console().width, 180))  # one row a line, also in a log
    for name in names:
        started = time.perf_counter()
        console.print(f"running {name} ...", style="dim")
        rows = importlib.import_module(f"benchmarks.{name}").run()
        for row in rows:
            table.add_row(*row)
        console.print(f"  {name} took {time.perf_counter() - started:.1f} s", style="dim")
    console.print(table)
    return 0


def _matches(word: str, name: str, names: list[str]) -> bool:
    """A module's full name ("bench_ingest", or "ingest") picks that module alone; another word, every module
    whose name holds it ("ask" runs bench_ask)."""
    exact = {word, f"bench_{word}"} & set(names)
    return name in exact if exact else word in name


if __name__ == "__main__":
    sys.exit(main(sys.argv))
