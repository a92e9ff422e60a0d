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
