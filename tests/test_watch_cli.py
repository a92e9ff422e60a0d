"""`briefbot watch` as a real process: catch-up at start, a partial upload picked up once renamed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "wire"


def _wait_for(predicate, timeout: float = 45.0) -> bool:  # the first file loads the model: slow on a loaded machine
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_watch_ingests_settled_files_and_renamed_partials(tmp_path, drop):
    shutil.copy(FIXTURES / "steel-tariff-talks-wire.txt", drop / "already-there.txt")
    out = tmp_path / "out.log"
    db = tmp_path / "b.db"
    with out.open("w") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "--db", str(db), "watch", str(drop), "--settle", "0.3"],
            stdout=sink, stderr=subprocess.STDOUT, cwd=Path(__file__).parent.parent,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        assert _wait_for(lambda: "already-there.txt" in out.read_text()), out.read_text()
        partial = drop / "chips.txt.part"
        partial.write_bytes((FIXTURES / "chips-export-rules-undated.txt").read_bytes())
        time.sleep(0.6)  # two settle periods: a .part file must still be left alone
        assert "chips" not in out.read_text()
        partial.rename(drop / "chips.txt")
        assert _wait_for(lambda: "chips.txt" in out.read_text()), out.read_text()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    lines = [line for line in out.read_text().splitlines() if line.startswith(("added", "already", "rejected"))]
    assert [line.split()[0] for line in lines] == ["added", "added"]
    assert sum("chips.txt" in line for line in lines) == 1


def _stops_on(signum: int, tmp_path, drop, **popen) -> None:
    out = tmp_path / "out.log"
    with out.open("w") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "--db", str(tmp_path / "b.db"), "watch", str(drop), "--settle", "0.3"],
            stdout=sink, stderr=subprocess.STDOUT, cwd=Path(__file__).parent.parent,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, **popen,
        )
    try:
        assert _wait_for(lambda: "watching" in out.read_text()), out.read_text()
        proc.send_signal(signum)
        assert proc.wait(timeout=10) == 0, out.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_watch_stops_on_sigterm_even_when_started_with_sigint_ignored(tmp_path, drop):
    """A process manager stops with SIGTERM; a shell's background job starts with SIGINT ignored."""
    _stops_on(signal.SIGINT, tmp_path, drop, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    _stops_on(signal.SIGTERM, tmp_path, drop)
