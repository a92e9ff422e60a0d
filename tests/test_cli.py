"""The command-line contract (DESIGN.md), driven through typer's runner on a real store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "wire"
runner = CliRunner()


def cli(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def test_help_lists_every_command():
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("ingest", "watch", "digest", "ask", "chat"):
        assert command in result.output
    for option in ("--config", "--db", "--now"):
        assert option in result.output


def test_ingest_prints_one_line_per_file_and_exits_zero_with_rejections(tmp_path, drop):
    shutil.copy(FIXTURES / "steel-tariff-talks-wire.txt", drop / "a.txt")
    shutil.copy(FIXTURES / "steel-tariff-talks-republished.txt", drop / "b.txt")
    (drop / "c.txt").write_bytes(b"")
    (drop / "d.txt.part").write_text("partial")
    db = str(tmp_path / "b.db")
    result = cli("--db", db, "--now", "2025-07-24T09:00:00Z", "ingest", str(drop))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 4
    assert lines[0].startswith("added") and "a.txt" in lines[0]
    assert lines[1].startswith("near-duplicate") and "of " in lines[1] and "a.txt" in lines[1]
    assert lines[2].startswith("rejected") and "empty file" in lines[2]
    assert lines[3].startswith("ignored") and "partial upload" in lines[3]
    again = cli("--db", db, "ingest", str(drop))
    statuses = [line[:16].strip() for line in again.stdout.splitlines() if line.strip()]
    assert statuses == ["already known", "already known", "rejected", "ignored"]


def test_ingest_exits_non_zero_only_when_nothing_could_be_done(tmp_path, drop):
    (drop / "x.docx").write_bytes(b"PK")
    result = cli("--db", str(tmp_path / "b.db"), "ingest", str(drop))
    assert result.exit_code == 1
    missing = cli("--db", str(tmp_path / "b.db"), "ingest", str(tmp_path / "missing"))
    assert missing.exit_code == 2 and "no such file or folder" in missing.output


def test_db_from_environment_and_config(tmp_path, drop):
    shutil.copy(FIXTURES / "chips-export-rules-undated.txt", drop / "a.txt")
    env_db = tmp_path / "env.db"
    assert cli("ingest", str(drop), env={"BRIEFBOT_DB": str(env_db)}).exit_code == 0
    assert env_db.exists()
    config = tmp_path / "briefbot.toml"
    config.write_text('[store]\npath = "from-config.db"\n[ingest]\ndrop = "drop"\n')
    assert cli("--config", str(config), "ingest", str(drop)).exit_code == 0
    assert (tmp_path / "from-config.db").exists()
    bad = tmp_path / "bad.toml"
    bad.write_text("[store\n")
    result = cli("--config", str(bad), "ingest", str(drop))
    assert result.exit_code == 2 and "not valid TOML" in result.output


def _ingested(tmp_path, drop, now="2025-07-24T09:00:00Z") -> str:
    for name in ("steel-tariff-talks-wire.txt", "steel-tariff-talks-republished.txt", "chips-export-rules-undated.txt"):
        shutil.copy(FIXTURES / name, drop / name)
    db = str(tmp_path / "b.db")
    assert cli("--db", db, "--now", now, "ingest", str(drop)).exit_code == 0
    return db


def test_digest_json_shape_and_verbatim_citations(tmp_path, drop):
    db = _ingested(tmp_path, drop)
    result = cli("--db", db, "--now", "2025-07-24T10:00:00Z", "digest", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"topic", "generated_at", "window", "documents", "positions", "deadlines",
                         "open_questions", "developments"}
    assert data["documents"] == 3
    assert data["window"] == {"since": "2025-07-23T10:00:00+00:00", "until": "2025-07-24T10:00:00+00:00"}
    assert data["developments"], "a window with three articles must yield cited sentences"
    from bot.store import Store

    store = Store(db)
    for item in data["developments"]:
        assert item["citations"]
        for c in item["citations"]:
            assert set(c) == {"document_id", "source", "quote", "start", "end"}
            assert store.document(c["document_id"])["text"][c["start"] : c["end"]] == c["quote"]
    # The wire story and its republication say the same thing: listed once, both sources cited.
    varga = [d for d in data["developments"] if "Elena Varga" in d["summary"] or "truce expires" in d["summary"]]
    summaries = [d["summary"] for d in data["developments"]]
    assert len(summaries) == len(set(summaries))
    assert any(len({c["document_id"] for c in d["citations"]}) == 2 for d in data["developments"])
    assert all("Heatwave" not in s and "Share on" not in s for s in summaries)
    assert varga or summaries  # the central sentences come from the steel story's body


def test_digest_window_excludes_older_arrivals_and_is_read_only(tmp_path, drop):
    db = _ingested(tmp_path, drop, now="2025-07-20T09:00:00Z")
    result = cli("--db", db, "--now", "2025-07-24T10:00:00Z", "digest", "--format", "json")
    assert json.loads(result.stdout)["documents"] == 0
    result = cli("--db", db, "--now", "2025-07-24T10:00:00Z", "digest", "--since", "2025-07-19", "--format", "json")
    assert json.loads(result.stdout)["documents"] == 3
    markdown = cli("--db", db, "--now", "2025-07-24T10:00:00Z", "digest").stdout
    assert "Nothing new arrived" in markdown


def test_ask_answers_with_citations_or_abstains(tmp_path, drop):
    db = _ingested(tmp_path, drop)
    result = cli("--db", db, "ask", "When does the steel truce expire?", "--format", "json")
    data = json.loads(result.stdout)
    assert data["answerable"] is True
    # The quoted date, placed in the calendar (31 March 2025 was a Monday), and cited verbatim.
    assert data["answer"] == "March 31 (Mon 31 Mar 2025)"
    assert data["citations"][0]["quote"] == "March 31"
    nothing = json.loads(cli("--db", db, "ask", "What did the Brazilian central bank decide about interest rates?",
                             "--format", "json").stdout)
    assert nothing["answerable"] is False and nothing["citations"] == []
    text = cli("--db", db, "ask", "What's Elena Varga's view on quotas?").stdout
    assert "Chinese overcapacity" in text


def test_bad_now_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["--now", "yesterday", "digest"])
    assert result.exit_code == 2 and "not an ISO date" in result.output


def test_chat_reads_commands_from_stdin(tmp_path, drop):
    db = _ingested(tmp_path, drop)
    result = runner.invoke(app, ["--db", db, "--now", "2025-07-24T10:00:00Z", "chat"],
                           input="help\nask who is Elena Varga?\ndigest\n")
    assert result.exit_code == 0
    assert "Commands:" in result.stdout and "Elena Varga" in result.stdout and "# Briefing" in result.stdout


def test_dates_prints_one_json_object_per_expression():
    text = "Trump announced on Monday a 50-day deadline; talks resume next week."
    result = runner.invoke(app, ["dates", "--anchor", "2025-07-20"], input=text)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(set(r) == {"start", "end", "text", "type", "value"} for r in rows)
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    by_text = {r["text"]: (r["type"], r["value"]) for r in rows}
    assert by_text["Monday"] == ("DATE", "2025-07-14")  # Sunday 20 July: the Monday just past
    assert ("DURATION", "P50D") in by_text.values()
    assert by_text["next week"] == ("DATE", "2025-W30")
    bad = runner.invoke(app, ["dates", "--anchor", "July"], input="x")
    assert bad.exit_code == 2


def test_engine_selection_is_checked(tmp_path):
    db = str(tmp_path / "b.db")
    bad = runner.invoke(app, ["--db", db, "ask", "x", "--engine", "magic"])
    assert bad.exit_code == 2 and "unknown engine" in bad.output
    keyless = runner.invoke(app, ["--db", db, "ask", "x", "--engine", "openai"])
    assert keyless.exit_code == 2 and "OPENAI_API_KEY" in keyless.output
    offline = runner.invoke(app, ["--db", db, "ask", "x", "--format", "json"], env={"BRIEFBOT_ENGINE": "extractive"})
    assert offline.exit_code == 0 and json.loads(offline.stdout)["engine"] == "extractive"


def _ingest_process(db: Path, drop: Path, **streams):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "PYTHON"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot.cli", "--db", str(db), "ingest", str(drop)], env=env,
                          text=True, timeout=120, stdin=subprocess.DEVNULL, **streams)


def test_the_ingest_summary_starts_a_line_of_its_own(tmp_path, drop):
    """A file with no title ends its line on the short id; a log that appends stderr to stdout (as CI logs and
    tool runners show them, the last newline of stdout trimmed) once read "...[96f1a0b1d2df]10 added"."""
    import subprocess

    (drop / "z-notes.txt").write_text("talks resumed in geneva on monday after a week of delay, officials said.\n"
                                    "the delegations met for three hours and agreed to meet again.\n")
    shutil.copy(FIXTURES / "steel-tariff-talks-wire.txt", drop / "wire.txt")
    apart = _ingest_process(tmp_path / "a.db", drop, capture_output=True)
    assert apart.returncode == 0, apart.stderr
    last = apart.stdout.splitlines()[-1]
    assert last.startswith("added") and last.endswith("]"), last  # the untitled file, listed last
    joined = apart.stdout.rstrip("\n") + apart.stderr
    assert joined.splitlines()[-1] == "2 added" and joined.splitlines()[-2] == last
    # One stream for both (a terminal, 2>&1): the lines in order, no blank line before the summary.
    together = _ingest_process(tmp_path / "b.db", drop, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert together.stdout.splitlines()[-2:] == [last, "2 added"]


def test_listing_deadlines_loads_none_of_the_rules_that_read_text(tmp_path, drop):
    """`briefbot deadlines` reads the stored deadline index: in a fresh process it must not import the modules that
    read text (the date resolver's rules, cue questions, the briefing's stages), whose patterns alone took a
    tenth of a second to compile, nor the fact reader, while every document's facts are current; nor numpy
    (another tenth, which only spaCy needs); nor pydantic (typer 0.29 builds a validator per option with it:
    over a tenth again) or asyncio (only the worker's event loop needs it)."""
    import subprocess
    import sys

    db = _ingested(tmp_path, drop)
    probe = ("import runpy, sys\n"
             "sys.argv = ['briefbot', '--db', sys.argv[1], '--now', '2025-03-04T10:00:00Z', 'deadlines']\n"
             "try:\n    runpy.run_module('bot.cli', run_name='__main__')\n"
             "except SystemExit as done:\n    assert not done.code, done.code\n"
             "print('\\nLOADED', ' '.join(sorted(m for m in sys.modules if m.startswith(('summarizer', 'bot', 'numpy', 'pydantic', 'asyncio')))))\n")
    run = subprocess.run([sys.executable, "-c", probe, db], capture_output=True, text=True, timeout=120,
                         stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    listing, loaded = run.stdout.split("\nLOADED ")
    assert "Mon 31 Mar 2025" in listing  # the truce of the steel talks, from the index
    loaded = set(loaded.split())
    assert "bot.deadline_index" in loaded
    assert not loaded & {"summarizer.dates.rules", "summarizer.dates.timex", "summarizer.facts.cues",
                         "summarizer.facts.deadlines", "summarizer.facts.document", "summarizer.briefing.build",
                         "bot.facts", "numpy", "pydantic", "asyncio"}  # sqlite-utils imports numpy when it can (bot.store hides it)
