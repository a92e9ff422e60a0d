"""Several briefbot processes on one store while files arrive: nothing is lost, nothing is stored twice.

Real processes through the real CLI (the Procfile's worker, `watch`, `ingest`), a real SQLite
file, files written the way uploads arrive (whole, slowly in pieces, or renamed in from .part).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.test_worker import BRIEFBOT, EXAMPLES


def _config(folder: Path, settle: float = 2.0) -> Path:
    (folder / "drop").mkdir(exist_ok=True)
    config = folder / "b.toml"
    config.write_text(f"""
[store]
path = "brief.db"
[ingest]
drop = "drop"
settle_seconds = {settle}
[[channels]]
platform = "console"
id = "ops"
topics = ["default"]
""")
    return config


def _rows(db: Path, sql: str) -> list[tuple]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        conn.close()


def _wait(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def _start(config: Path, log: Path, *args: str) -> subprocess.Popen:
    with log.open("w") as sink:
        return subprocess.Popen([BRIEFBOT, "--config", str(config), *args], stdout=sink, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"})


def _stop(proc: subprocess.Popen) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def test_the_worker_ingests_every_file_copied_into_its_empty_drop_folder(tmp_path):
    """The issue's reproduction: `briefbot worker` on an empty drop folder, the 8 example files copied
    in; 7 of 8 (6 of 8 here) reached `files`, the others lost to "database is locked" while the
    worker's own scheduler wrote to the store."""
    config = _config(tmp_path)
    db = tmp_path / "brief.db"
    log = tmp_path / "worker.log"
    worker = _start(config, log, "worker")
    try:
        assert _wait(lambda: "worker running" in log.read_text(), 60), log.read_text()
        for example in sorted(EXAMPLES.iterdir()):
            shutil.copy(example, tmp_path / "drop" / example.name)
        _wait(lambda: len(_rows(db, "select path from files")) == 8, 40)
        time.sleep(3)  # the scheduler ticks after each ingest: let them run into the store too
    finally:
        code = _stop(worker)
    out = log.read_text()
    statuses = dict(_rows(db, "select path, status from files"))
    assert sorted(Path(p).name for p in statuses) == sorted(p.name for p in EXAMPLES.iterdir()), out
    assert set(statuses.values()) <= {"added", "duplicate"}, statuses
    assert len(_rows(db, "select id from documents")) == 8
    for trouble in ("database is locked", "Traceback", "never retrieved", "Fatal Python error"):
        assert trouble not in out, out
    assert code == 0, out


BAD = {  # name -> content: each must end up rejected, with its reason
    "0900-empty.txt": b"",
    "0901-blank.txt": b"   \n\n\t \n",
    "0902-binary.txt": bytes(range(256)) * 8,
    "0903-minutes.docx": b"PK\x03\x04 not really a document",
    "0904-page.html": b"<html><body><nav>Home | World</nav></body></html>",
}


def test_worker_watch_and_ingest_at_once_store_every_file_once(tmp_path):
    """The invariant: a worker, a `watch` and an `ingest` on one new store while 300 files arrive, some
    written whole, some slowly in pieces, some renamed in from .part. Every file ends up stored once
    (complete, never half-written) or rejected with a reason; no process fails on the lock."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.articles import article, last_sentence, write_renamed, write_slowly

    config = _config(tmp_path, settle=1.0)
    drop = (tmp_path / "drop").resolve()
    db = tmp_path / "brief.db"
    logs = {name: tmp_path / f"{name}.log" for name in ("worker", "watch", "ingest-1", "ingest-2")}
    worker = _start(config, logs["worker"], "worker")
    watch = _start(config, logs["watch"], "watch")
    ingests: list[subprocess.Popen] = []
    good: dict[Path, int] = {}
    try:
        assert _wait(lambda: "worker running" in logs["worker"].read_text()
                     and "watching" in logs["watch"].read_text(), 90), logs["worker"].read_text()

        def arrive(n: int) -> None:
            path = drop / f"{n:04d}-dispatch.txt"
            good[path] = n
            if n % 6 == 1:
                write_slowly(path, article(n), pieces=4, pause=0.15)
            elif n % 6 == 4:
                write_renamed(path, article(n))
            else:
                path.write_text(article(n), encoding="utf-8")

        with ThreadPoolExecutor(max_workers=8) as writers:
            for wave in range(3):
                list(writers.map(arrive, range(wave * 100, wave * 100 + 100)))
                if wave < 2:  # `ingest` runs while the next waves arrive
                    ingests.append(_start(config, logs[f"ingest-{wave + 1}"], "ingest", str(drop)))
                time.sleep(0.5)
        for name, content in BAD.items():
            (drop / name).write_bytes(content)
        expected = len(good) + len(BAD)
        assert len(good) == 300
        for proc in ingests:
            assert proc.wait(timeout=180) == 0
        _wait(lambda: len(_rows(db, "select path from files where status != ''")) >= expected
              and not list(drop.glob("*.part")), 120)
        time.sleep(2)  # anything still to come (a second, wrong hand-over) would come now
    finally:
        for proc in ingests:
            if proc.poll() is None:
                proc.kill()
        codes = {"worker": _stop(worker), "watch": _stop(watch)}
    outputs = {name: log.read_text() for name, log in logs.items()}
    for name, out in outputs.items():
        for trouble in ("database is locked", "Traceback", "never retrieved", "Fatal Python error", "failed  "):
            assert trouble not in out, f"{name}: {out[-3000:]}"
    assert codes == {"worker": 0, "watch": 0}

    files = {Path(p): (status, reason, doc) for p, status, reason, doc in
             _rows(db, "select path, status, reason, document_id from files")}
    assert set(files) == set(good) | {drop / name for name in BAD}  # one row per file, no .part, no stray path
    documents = {i: (text, superseded) for i, text, superseded in
                 _rows(db, "select id, text, superseded_by from documents")}
    for path, n in good.items():
        status, _, doc = files[path]
        assert status in ("added", "duplicate", "known"), (path, files[path])
        text, superseded = documents[doc]
        assert last_sentence(n) in text and superseded is None, path  # complete, and current
    for name in BAD:
        status, reason, _ = files[drop / name]
        assert status == "rejected" and reason, (name, files[drop / name])
    # Stored once: one document per article (a half-written read would have left another, superseded),
    # and across the four processes exactly one said it added each.
    assert len(documents) == len(good)
    assert len({files[p][2] for p in good}) == len(good)
    added = [line.split()[1] for out in outputs.values() for line in out.splitlines()
             if line.startswith(("added ", "near-duplicate "))]
    assert sorted(added) == sorted(str(p) for p in good)


def test_a_failed_tick_is_logged_with_its_cause_and_the_worker_goes_on(tmp_path):
    """A tick that raises (here the store refuses the scheduler's write, through a trigger in the real
    database) used to kill the worker at start, or vanish later as "Task exception was never retrieved"."""
    from bot.store import Store
    from tests.articles import article

    config = _config(tmp_path, settle=0.2)
    db = tmp_path / "brief.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("create trigger refuse_plans before insert on scheduler_state "
                     "begin select raise(abort, 'the disk is full (test)'); end")
    log = tmp_path / "worker.log"
    worker = _start(config, log, "worker")
    try:
        assert _wait(lambda: "worker running" in log.read_text(), 60), log.read_text()
        out = log.read_text()
        assert "scheduler tick (start) failed" in out and "the disk is full (test)" in out, out
        with sqlite3.connect(db) as conn:
            conn.execute("drop trigger refuse_plans")
        (tmp_path / "drop" / "talks.txt").write_text(article(3), encoding="utf-8")
        assert _wait(lambda: _rows(db, "select name from scheduler_state where name = 'plan:console:ops'"), 60), \
            log.read_text()
    finally:
        code = _stop(worker)
    assert code == 0, log.read_text()
    assert "never retrieved" not in log.read_text()
