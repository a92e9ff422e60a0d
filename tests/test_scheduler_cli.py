"""The scheduler's commands through the CLI: deadlines with reminders, worker --once, digest --post (console)."""

from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

from bot.cli import app
from bot.ingest import Ingester
from bot.store import Store
from tests.conftest import EXAMPLES

runner = CliRunner()


def setup(tmp_path, *, channel_extra: str = "") -> str:
    store = Store(tmp_path / "brief.db")
    at = dt.datetime(2025, 7, 24, 6, 0, tzinfo=dt.timezone.utc)
    list(Ingester(store, now=lambda: at).ingest_paths([EXAMPLES]))
    store.close()
    config = tmp_path / "briefbot.toml"
    config.write_text(f"""
[store]
path = "brief.db"
[[channels]]
platform = "console"
id = "news"
digest_time = "08:30"
timezone = "Europe/Berlin"
reminders = ["7d", "1d", "0d"]
{channel_extra}
""")
    return str(config)


def cli(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_deadlines_json_lists_each_deadline_with_its_reminders(tmp_path):
    config = setup(tmp_path)
    result = cli("--config", config, "--now", "2025-07-24T07:00:00+00:00", "deadlines", "--channel", "console:news",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"what", "due", "due_text", "status", "reminders", "citations", "item", "days_left"} <= set(rows[0])
    fifty = next(r for r in rows if r["due_text"] == "50-day")
    # Due Tue 2 Sep; 08:30 Berlin (CEST) on 26 Aug, 1 Sep and 2 Sep.
    assert (fifty["due"], fifty["days_left"]) == ("2025-09-02", 40)
    assert fifty["reminders"] == ["2025-08-26T08:30:00+02:00", "2025-09-01T08:30:00+02:00",
                                  "2025-09-02T08:30:00+02:00"]
    assert all(c["quote"] and c["document_id"] for c in fifty["citations"])
    # "the end of the month" (31 Jul): its 7d reminder fell due at 08:30 today, 30 minutes ago, and is
    # still to be sent (within the grace), but "reminders" lists only the moments to come.
    month = next(r for r in rows if r["due"] == "2025-07-31")
    assert [(p["offset"], p["status"]) for p in month["plan"]] == [("7d", "planned"), ("1d", "planned"),
                                                                   ("0d", "planned")]
    assert month["reminders"] == ["2025-07-30T08:30:00+02:00", "2025-07-31T08:30:00+02:00"]


def test_worker_once_then_deadlines_shows_what_was_sent(tmp_path):
    config = setup(tmp_path)
    first = cli("--config", config, "--now", "2025-07-24T06:31:00+00:00", "worker", "--once")
    assert first.exit_code == 0
    lines = [line for line in first.output.splitlines() if line.startswith(("sent", "late", "missed"))]
    assert lines[0].startswith("sent   digest console:news 2025-07-24 (8 documents)")
    assert any(line.startswith("sent   reminder console:news ") and "7d@2025-07-31" in line for line in lines)
    second = cli("--config", config, "--now", "2025-07-24T06:31:00+00:00", "worker", "--once")
    assert second.output == ""
    shown = cli("--config", config, "--now", "2025-07-24T07:00:00+00:00", "deadlines")
    assert "reminder  7d console:news 2025-07-24T08:30:00+02:00 sent" in shown.output


def test_digest_post_to_console_then_nothing_new(tmp_path):
    config = setup(tmp_path)
    first = cli("--config", config, "--now", "2025-07-24T07:00:00+00:00", "digest", "--post", "console:news")
    assert first.exit_code == 0
    assert "--- console:news [digest:console:news:now:now@2025-07-24T07:00:00+00:00]" in first.output
    assert "sent   digest console:news now@2025-07-24T07:00:00+00:00 (8 documents)" in first.output
    second = cli("--config", config, "--now", "2025-07-24T07:10:00+00:00", "digest", "--post", "console:news")
    assert "--- console" not in second.output
    assert "empty  digest console:news now@2025-07-24T07:10:00+00:00 (nothing new)" in second.output
    # Read-only digest still sees everything: it moves no window.
    assert "8 documents" in cli("--config", config, "--now", "2025-07-24T07:10:00+00:00", "digest").output


def test_bad_targets_and_channels_are_usage_errors(tmp_path):
    config = setup(tmp_path)
    assert cli("--config", config, "digest", "--post", "irc:x").exit_code == 2
    result = cli("--config", config, "deadlines", "--channel", "slack:NOPE")
    assert result.exit_code == 2 and "not a configured channel (console:news)" in result.output


def test_worker_help_is_there():
    result = cli("--help")
    for command in ("worker", "serve", "deadlines"):
        assert command in result.output


def test_posting_to_a_chat_channel_that_follows_no_topics_is_refused(tmp_path, monkeypatch):
    """A channel sees only its own topics: --post to an unknown Slack channel must not post everything."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # never reached
    config = setup(tmp_path)
    result = cli("--config", config, "digest", "--post", "slack:CUNKNOWN")
    assert result.exit_code == 2
    assert "follows no topics" in result.output and "xoxb-test" not in result.output
