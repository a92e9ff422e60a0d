"""Stores the benchmarks share: generated articles ingested with their facts, built once per code version.

Building a store of 10,000 articles reads every one of them (a spaCy parse of the
passages worth one): several minutes on two cores. The built stores are kept under
benchmarks/.work/stores/<key>/ (git-ignored), where the key is a hash of the code that
builds them (bot/, summarizer/, the corpus generator) and of the model version: a change
to any of it builds them again. Snapshots are taken on the way at 1,000 and 5,000
articles. Benchmarks measure on copies, so a cached store is never modified.

Articles arrive one every two minutes from ARRIVAL (the ingest clock), so a digest of
the last N arrivals is a window of N new articles whose facts are stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from benchmarks.corpus import corpus_kind, generate

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / ".work"
SIZES = (1_000, 5_000, 10_000)
ARRIVAL = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
EVERY = dt.timedelta(minutes=2)


def code_key() -> str:
    digest = hashlib.sha1()
    files = sorted(p for d in ("bot", "summarizer") for p in (ROOT / d).rglob("*.py"))
    files += [ROOT / "benchmarks" / "corpus.py", ROOT / "benchmarks" / "stores.py", ROOT / "requirements-model.txt"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    digest.update(corpus_kind().encode())
    return digest.hexdigest()[:12]


def arrival(k: int) -> dt.datetime:
    """When the k-th article (0-based) arrived."""
    return ARRIVAL + k * EVERY


def store_of(size: int, *, log=print) -> Path:
    """The cached store of `size` articles (built, with the smaller snapshots, if missing).

    BRIEFBOT_BENCH_STORES names a folder of ready stores (store-1000.db ...) to use as they
    are: for A/B runs of two versions of the code on one store. `make bench` leaves it unset.
    """
    given = os.environ.get("BRIEFBOT_BENCH_STORES")
    if given:
        path = Path(given) / f"store-{size}.db"
        if not path.exists():
            raise FileNotFoundError(f"BRIEFBOT_BENCH_STORES has no {path.name}: {given}")
        return path
    folder = WORK / "stores" / code_key()
    path = folder / f"store-{size}.db"
    if not path.exists():
        _build(folder, log)
    return path


def copy_of(size: int, into: Path) -> Path:
    """A fresh copy of the cached store of `size` articles in `into`, to measure on."""
    source = store_of(size)
    into.mkdir(parents=True, exist_ok=True)
    target = into / source.name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


def _build(folder: Path, log) -> None:
    from bot.ingest import Ingester
    from bot.store import Store

    for old in (WORK / "stores").glob("*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)  # built by another version of the code
    folder.mkdir(parents=True, exist_ok=True)
    drop = folder / "drop"
    shutil.rmtree(drop, ignore_errors=True)
    paths = generate(drop, max(SIZES))
    building = folder / "building.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    store = Store(building)
    clock = {"k": 0}
    ingester = Ingester(store, now=lambda: arrival(clock["k"]), processes=2)
    started = time.perf_counter()
    log(f"building benchmark stores of {', '.join(map(str, SIZES))} articles in {folder} (once per code version) ...")
    with ingester.batch():
        for k, path in enumerate(paths):
            clock["k"] = k
            ingester.ingest_file(path, root=drop)
            if k + 1 in SIZES:
                ingester.flush()
                snapshot = sqlite3.connect(folder / f"store-{k + 1}.db")
                store.db.conn.backup(snapshot)  # a consistent copy while the store stays open
                snapshot.close()
                log(f"  {k + 1} articles stored with their facts ({time.perf_counter() - started:.0f} s)")
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    for size in SIZES:
        print(store_of(size, log=lambda line: print(line, file=sys.stderr)))
