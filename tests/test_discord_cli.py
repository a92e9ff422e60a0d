"""`briefbot digest|ask --format discord` print the exact payloads the Discord adapter sends; `briefbot discord` refuses without a token."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from typer.testing import CliRunner

from bot.cli import app
from tests.conftest import EXAMPLES, ROOT
from tests.test_discord_render import assert_within_limits

runner = CliRunner()
NOW = "2025-07-24T09:00:00+00:00"


def test_digest_and_ask_print_discord_payloads(tmp_path):
    db = str(tmp_path / "brief.db")
    assert runner.invoke(app, ["--db", db, "--now", NOW, "ingest", str(EXAMPLES)]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "--now", NOW, "digest", "--format", "discord"], catch_exceptions=False)
    assert result.exit_code == 0
    messages = json.loads(result.output)
    assert isinstance(messages, list) and messages
    for m in messages:
        assert_within_limits(m)
    first = messages[0]["embeds"][0]
    assert first["title"] == "Briefing: all"
    assert first["description"].startswith("*8 documents from 7 sources")
    assert "**Positions**" in first["description"] and "**Deadlines**" in first["description"]
    assert "(in 40 days)" in first["description"]
    assert messages[-1]["embeds"][-1]["footer"]["text"].startswith("Sources: Atlas Morning Post")

    result = runner.invoke(app, ["--db", db, "--now", NOW, "ask", "What did the Kremlin say about a summit?",
                                 "--format", "discord"], catch_exceptions=False)
    [answer] = json.loads(result.output)
    assert_within_limits(answer)
    assert answer["embeds"][0]["description"].startswith("**Q:** What did the Kremlin say about a summit?")
    assert answer["embeds"][0]["fields"]  # cited passages, each named for its source


def test_discord_command_without_a_token_exits_2(tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "b.db"), "discord"])
    assert result.exit_code == 2
    assert "DISCORD_TOKEN is not set" in result.output


def test_the_fake_runs_as_a_process_and_keeps_messages_across_restarts(tmp_path):
    """What another engineer's subprocess scheduler tests rely on: port file, log, replay, control endpoints."""
    from adapters.discord_post import DiscordPoster

    port_file, log_file = tmp_path / "port", tmp_path / "log.jsonl"

    def start():
        proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fake_discord.py"), "--port-file", str(port_file),
                                 "--log-file", str(log_file)])
        deadline = time.monotonic() + 15
        while not port_file.exists():
            assert time.monotonic() < deadline and proc.poll() is None, "the fake did not start"
            time.sleep(0.05)
        return proc, f"http://127.0.0.1:{port_file.read_text()}/api/v10"

    proc, url = start()
    try:
        DiscordPoster("fake-discord-token", base_url=url).post_text("9", "hello", key="k")
    finally:
        proc.terminate()
        proc.wait(10)
    port_file.unlink()
    proc, url = start()
    try:
        assert DiscordPoster("fake-discord-token", base_url=url).already_posted("9", "k")
    finally:
        proc.terminate()
        proc.wait(10)
    assert any(json.loads(line).get("message", {}).get("channel_id") == "9" for line in log_file.read_text().splitlines())
