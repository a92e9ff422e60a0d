"""File names that hold a newline, an escape sequence or a carriage return, as real files on disk.

Human-readable output and log lines show them repr-style (one line per file, nothing for the
terminal to obey); JSON output keeps them exact.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import prepare as prepare_module
from bot.ingest import Ingester
from bot.printable import EscapingFormatter
from bot.watch import DropWatcher
from tests.conftest import NOW, ROOT

WIRE = Path(__file__).parent / "fixtures" / "wire"
FORGED = "a\nadded           FORGED.txt"  # a second "added" line, if printed raw
RED = "b\x1b[31mred.txt"
RETURN = "c\rrejected nothing.txt"  # the carriage return would overwrite the line's start


@pytest.fixture
def hostile(drop: Path) -> dict[str, Path]:
    """Three real files: a wire story, its republished copy (a near-duplicate of the first), an empty one."""
    files = {"forged": drop / FORGED, "red": drop / RED, "return": drop / RETURN}
    shutil.copy(WIRE / "steel-tariff-talks-wire.txt", files["forged"])
    shutil.copy(WIRE / "steel-tariff-talks-republished.txt", files["red"])
    files["return"].write_bytes(b"")
    return files


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_ingest_lines_show_the_names_escaped_one_line_per_file(hostile, drop, tmp_path):
    done = cli("--db", str(tmp_path / "b.db"), "ingest", str(drop))
    assert done.returncode == 0, done.stderr
    for stream in (done.stdout, done.stderr):
        assert "\x1b" not in stream and "\r" not in stream
    lines = done.stdout.splitlines()
    assert len(lines) == 3  # no forged line
    forged, red, empty = (repr(str(p)) for p in (hostile["forged"], hostile["red"], hostile["return"]))
    assert lines[0].startswith(f"added           {forged}  [")
    assert lines[1].startswith(f"near-duplicate  {red}  [") and f"] of {forged} (" in lines[1]
    assert lines[2] == f"rejected        {empty}  (empty file)"


def test_json_output_keeps_the_names_exact(hostile, drop, tmp_path):
    done = cli("--db", str(tmp_path / "b.db"), "ingest", "--format", "json", str(drop))
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\r" not in done.stdout
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["path"], r["status"]) for r in records] == [
        (str(hostile["forged"]), "added"), (str(hostile["red"]), "duplicate"), (str(hostile["return"]), "rejected")]
    assert records[2]["reason"] == "empty file"


def test_worker_lines_show_the_names_escaped(hostile, drop, tmp_path):
    config = tmp_path / "b.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "b.db"}"\n[ingest]\ndrop = "{drop}"\n')
    done = cli("--config", str(config), "--now", NOW.isoformat(), "worker", "--once")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stderr and "\r" not in done.stderr and "\nadded           FORGED" not in done.stderr
    assert f"rejected        {repr(str(hostile['return']))}  (empty file)" in done.stderr.splitlines()
    assert any(line.startswith(f"added           {repr(str(hostile['forged']))}") for line in done.stderr.splitlines())


def test_log_lines_show_the_names_escaped(hostile, store, drop, monkeypatch, caplog):
    real = prepare_module.read_document

    def crashing(path, data, **limits):
        if path.name == RED:
            raise RuntimeError("reader bug")
        return real(path, data, **limits)

    monkeypatch.setattr(prepare_module, "read_document", crashing)
    with caplog.at_level(logging.ERROR, logger="bot.ingest"):
        outcomes = list(Ingester(store, now=lambda: NOW).ingest_paths([drop]))
    assert [o.status for o in outcomes] == ["added", "rejected", "rejected"]
    (message,) = [r.getMessage() for r in caplog.records]
    assert message == f"unexpected error ingesting {repr(str(hostile['red']))}"


def test_the_watchers_log_line_shows_the_name_escaped(drop, caplog):
    def explode(path: Path) -> None:
        raise RuntimeError("ingester exploded")

    watcher = DropWatcher([drop], explode, settle=0.1, poll_interval=0.05)
    with caplog.at_level(logging.WARNING, logger="bot.watch"):
        watcher.start()
        try:
            (drop / RED).write_text("Quota talks resume on Monday, the ministry said.")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not caplog.records:
                time.sleep(0.05)
        finally:
            watcher.stop()
    messages = [r.getMessage() for r in caplog.records]
    assert messages and all("\x1b" not in m for m in messages)
    assert repr(str(drop / RED)) in messages[0]


def test_the_cli_log_format_escapes_what_a_message_carries():
    formatter = EscapingFormatter("%(levelname)s %(message)s")
    record = logging.LogRecord("bot", logging.WARNING, __file__, 1, "cannot read %s", (f"/drop/{FORGED}",), None)
    assert formatter.format(record) == "WARNING cannot read /drop/a\\nadded           FORGED.txt"
    try:
        raise ValueError(f"bad {RED}")
    except ValueError:
        record = logging.LogRecord("bot", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = formatter.format(record)
    assert "\x1b" not in text and "bad b\\x1b[31mred.txt" in text and text.count("\n") >= 2  # the traceback's lines
