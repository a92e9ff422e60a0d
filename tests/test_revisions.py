"""A file in the drop folder that grows or changes: ingested once it stops, and a later version
replaces the earlier one in every reading (digest, ask), through the real CLI on a real store."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "wire"
runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _later(path: Path, seconds: int) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


def test_digest_and_ask_read_only_the_newest_version_of_a_changed_file(tmp_path, drop):
    db = str(tmp_path / "b.db")
    story = drop / "steel.txt"
    shutil.copy(FIXTURES / "steel-tariff-talks-wire.txt", story)
    assert cli("--db", db, "--now", "2025-07-24T08:00:00Z", "ingest", str(drop)).exit_code == 0
    # The outlet moves the date in place: the same file, a new text.
    story.write_text(story.read_text().replace("The current truce expires on March 31.",
                                               "The current truce, extended overnight, expires on April 30."))
    _later(story, 60)
    second = cli("--db", db, "--now", "2025-07-24T09:00:00Z", "ingest", str(drop))
    assert second.exit_code == 0 and "replaces [" in second.stdout, second.stdout
    with sqlite3.connect(db) as conn:
        (old, new), = conn.execute("select revision_of, id from documents where revision_of is not null")
        assert conn.execute("select superseded_by from documents where id = ?", [old]).fetchone() == (new,)

    digest = json.loads(cli("--db", db, "--now", "2025-07-24T10:00:00Z", "digest", "--format", "json").stdout)
    assert digest["documents"] == 1
    cited = {c["document_id"] for kind in ("positions", "deadlines", "open_questions", "developments")
             for item in digest[kind] for c in item["citations"]}
    assert cited == {new}
    answer = json.loads(cli("--db", db, "--now", "2025-07-24T10:00:00Z", "ask", "When does the steel truce expire?",
                            "--format", "json").stdout)
    assert answer["answerable"] is True and "April 30" in answer["answer"], answer
    assert {c["document_id"] for c in answer["citations"]} == {new}
    old_words = json.loads(cli("--db", db, "ask", "Does the truce expire on March 31?", "--format", "json").stdout)
    passages = old_words["citations"] + old_words.get("related", [])
    assert passages and {c["document_id"] for c in passages} == {new}
    assert "expires on March 31" not in json.dumps(old_words)


def _watch(tmp_path: Path, drop: Path, settle: float) -> tuple[subprocess.Popen, Path]:
    out = tmp_path / "watch.log"
    with out.open("w") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "--db", str(tmp_path / "b.db"), "--now", "2025-07-24T09:00:00Z",
             "watch", str(drop), "--settle", str(settle)],
            stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 60
    while "watching" not in out.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc, out


def _stopped(proc: subprocess.Popen, out: Path) -> list[str]:
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0, out.read_text()
    return [line for line in out.read_text().splitlines() if line.startswith(("added", "near-dup", "already"))]


def test_briefbot_watch_ingests_a_file_appended_to_once_a_second_once(tmp_path, drop):
    """Measured by the issue: `echo ... >> file` once a second was ingested 10 times, as 10 documents."""
    proc, out = _watch(tmp_path, drop, settle=2.0)
    try:
        script = ('for i in 1 2 3 4 5; do echo "Update $i: negotiators in Geneva agreed to meet again." >> "$1"; '
                  "sleep 1; done")
        subprocess.run(["sh", "-c", script, "sh", str(drop / "live.txt")], check=True, timeout=30)
        deadline = time.monotonic() + 15
        while "live.txt" not in out.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2.5)  # room for a wrong second hand-over
    finally:
        lines = _stopped(proc, out)
    assert len(lines) == 1 and lines[0].startswith("added"), out.read_text()
    with sqlite3.connect(tmp_path / "b.db") as conn:
        (text,), = conn.execute("select text from documents").fetchall()
    assert text.count("Update ") == 5


def test_briefbot_watch_stores_a_file_changed_after_a_pause_as_a_revision_not_a_new_story(tmp_path, drop):
    proc, out = _watch(tmp_path, drop, settle=0.3)
    story = drop / "story.txt"
    try:
        story.write_text((FIXTURES / "chips-export-rules-undated.txt").read_text())
        deadline = time.monotonic() + 20
        while "story.txt" not in out.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        with story.open("a") as f:
            f.write("\nUpdate: the US Commerce Department granted a 60-day extension on Wednesday.\n")
        while "replaces" not in out.read_text() and time.monotonic() < deadline + 20:
            time.sleep(0.05)
    finally:
        lines = _stopped(proc, out)
    assert [line.split()[0] for line in lines] == ["added", "added"], out.read_text()
    assert "replaces [" in lines[1]
    with sqlite3.connect(tmp_path / "b.db") as conn:
        rows = conn.execute("select id, revision_of, superseded_by, duplicate_of from documents "
                            "order by ingested_at, revision_of is not null").fetchall()
    (first, none1, newer, dup1), (second, older, none2, dup2) = rows
    assert (newer, older) == (second, first) and none1 is None and none2 is None
    assert dup1 is None and dup2 is None  # a revision, not a near-duplicate of itself


def test_a_revision_is_read_into_facts_and_its_earlier_version_s_deadlines_no_longer_count(tmp_path, drop):
    """Facts are stored per document at ingest, and deadlines are kept merged as documents arrive: a revision
    must get facts of its own, and the version it replaced must leave the merged deadlines (and a revert
    must bring it back)."""
    db = str(tmp_path / "b.db")
    story = drop / "steel.txt"
    original = (FIXTURES / "steel-tariff-talks-wire.txt").read_text()
    story.write_text(original)
    assert cli("--db", db, "--now", "2025-03-04T08:00:00Z", "ingest", str(drop)).exit_code == 0

    def dues() -> set[str]:
        out = cli("--db", db, "--now", "2025-03-05T08:00:00Z", "deadlines", "--format", "json")
        return {row["due"] for row in json.loads(out.stdout)}

    assert "2025-03-31" in dues()
    story.write_text(original.replace("The current truce expires on March 31.",
                                      "The current truce, extended overnight, expires on April 30."))
    _later(story, 60)
    assert "replaces [" in cli("--db", db, "--now", "2025-03-04T09:00:00Z", "ingest", str(drop)).stdout
    with sqlite3.connect(db) as conn:
        (old, new), = conn.execute("select revision_of, id from documents where revision_of is not null")
        assert conn.execute("select count(*) from document_facts where document_id = ?", [new]).fetchone() == (1,)
        assert conn.execute("select count(*) from deadline_candidates where document_id = ?", [old]).fetchone() == (0,)
        assert conn.execute("select count(*) from deadline_candidates where document_id = ?", [new]).fetchone()[0]
    found = dues()
    assert "2025-04-30" in found and "2025-03-31" not in found
    # A reindex reads no replaced version again (its candidates would be back).
    assert cli("--db", db, "reindex", "--all").exit_code == 0
    assert "2025-03-31" not in dues()

    story.write_text(original)  # changed back: the first version is current again, and so are its deadlines
    _later(story, 120)
    assert "back to its earlier version" in cli("--db", db, "--now", "2025-03-04T10:00:00Z", "ingest",
                                                str(drop)).stdout
    found = dues()
    assert "2025-03-31" in found and "2025-04-30" not in found
