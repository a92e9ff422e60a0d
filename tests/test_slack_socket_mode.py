"""Socket Mode end to end: `serve_slack` with SLACK_APP_TOKEN, the real slack_sdk Socket Mode client over a real websocket.

The fake Web API (tests/fake_slack.py) hands out the fake Socket Mode server's URL
(tests/fake_slack_socket.py); the server pushes envelopes as Slack does and records
the acks the app sends back. What the app sends to Slack is read from the fake's log.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass

import pytest

from adapters.slack_app import serve_slack
from bot.config import load_config
from bot.store import Store
from summarizer.model import Briefing, Development
from tests.conftest import NOW
from tests.fake_slack import BOT_USER, FakeSlack
from tests.fake_slack_socket import FakeSlackSocket
from tests.test_slack_app import CountingCommands, template  # noqa: F401 (template is a fixture)

TOKEN = "xoxb-socket-bot-token-4821"
APP_TOKEN = "xapp-1-A1-socket-app-token-7356"
ACK_WITHIN = 2.0  # seconds; Slack allows 3
QUESTION = "What did the Kremlin say about the summit?"
# A made digest: these tests are about the transport, and a real one takes seconds of CPU on a loaded machine.
DIGEST = Briefing(topic="default", generated_at="2025-07-24T09:00:00+00:00", since="2025-07-23T09:00:00+00:00",
                  until="2025-07-24T09:00:00+00:00", documents=1,
                  developments=[Development("Talks on the summit resumed in Geneva.", [])])


class HeldCommands(CountingCommands):
    """`hold`, when set, keeps every command from starting until the test releases it."""

    hold: threading.Event | None = None

    def handle(self, text, session, caller=None):
        if self.hold is not None:
            assert self.hold.wait(10), "the test never released the command"
        return super().handle(text, session, caller)


class Serving:
    """A coroutine on its own event loop in a thread, as `briefbot slack` runs it; `stop` cancels it as Ctrl-C does."""

    def __init__(self, coro):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="serve-slack", daemon=True)
        self.thread.start()
        self.task = asyncio.run_coroutine_threadsafe(self._start(coro), self.loop).result(5)

    @staticmethod
    async def _start(coro) -> asyncio.Task:
        return asyncio.ensure_future(coro)

    def stop(self) -> None:
        """Cancel and wait; re-raises anything the coroutine raised besides the cancellation. Once only."""
        if self.loop.is_closed():
            return

        async def cancel():
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass
            finally:  # answers still in flight
                rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
                for t in rest:
                    t.cancel()
                await asyncio.gather(*rest, return_exceptions=True)
                await self.loop.shutdown_default_executor()

        try:
            asyncio.run_coroutine_threadsafe(cancel(), self.loop).result(10)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            self.loop.close()


@dataclass
class Rig:
    fake: FakeSlack
    socket: FakeSlackSocket
    commands: HeldCommands
    serving: Serving


@pytest.fixture
def socket_mode(template, tmp_path, monkeypatch, caplog):  # noqa: F811 (template is the imported fixture)
    """`serve_slack` connected in Socket Mode: channel C1 follows "default"; tokens and API URL from the environment."""
    caplog.set_level(logging.DEBUG)  # from before the connection, for the token test
    db = tmp_path / "brief.db"
    with sqlite3.connect(template) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    config_file = tmp_path / "briefbot.toml"
    config_file.write_text('[[channels]]\nplatform = "slack"\nid = "C1"\ntopics = ["default"]\n', encoding="utf-8")
    store = Store(db)
    with FakeSlack(TOKEN, app_token=APP_TOKEN) as fake, FakeSlackSocket(fake) as socket:
        monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
        monkeypatch.setenv("SLACK_API_URL", fake.url)
        config = load_config(config_file)
        commands = HeldCommands(store, now=lambda: NOW, config=config)
        commands.briefing = DIGEST
        serving = Serving(serve_slack(config, lambda: commands))
        try:
            socket.wait_connected(stop=serving.task.done)
            yield Rig(fake, socket, commands, serving)
        finally:
            for event in (commands.hold, commands.gate):
                if event is not None:
                    event.set()
            try:
                serving.stop()
            finally:
                store.close()


def mention(text: str, ts: str, *, channel: str = "C1", user: str = "U1") -> dict:
    return {"type": "app_mention", "channel": channel, "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts,
            "event_ts": ts}


def test_help_is_acked_over_the_socket_before_it_runs_and_answered_at_the_response_url(socket_mode):
    fake, socket, commands = socket_mode.fake, socket_mode.socket, socket_mode.commands
    opened = fake.calls("apps.connections.open")
    assert len(opened) == 1 and opened[0].headers["authorization"] == f"Bearer {APP_TOKEN}"
    commands.hold = threading.Event()
    envelope = socket.slash_command("help", response_url=fake.response_url("C1-U1"))
    ack = socket.wait_ack(envelope)  # while the command is held: acked before any work
    assert ack.message == {"envelope_id": envelope}  # an empty ack: a fast command shows nothing yet
    assert ack.at - socket.pushed(envelope).at < ACK_WITHIN
    assert commands.handled == [] and fake.responses() == []
    commands.hold.set()
    answer = fake.wait_for("response")[0]
    assert answer.at > ack.at
    assert answer.path == "/response/C1-U1" and answer.params["response_type"] == "ephemeral"
    assert "subscribe TOPIC" in answer.params["text"]
    assert commands.handled == ["help"] and fake.calls("chat.postMessage") == []
    assert len(socket.acks()) == 1


def test_a_digest_is_acked_with_working_on_it_and_posted_when_ready(socket_mode):
    fake, socket, commands = socket_mode.fake, socket_mode.socket, socket_mode.commands
    commands.gate = threading.Event()  # the digest takes "long"
    envelope = socket.slash_command("today", response_url=fake.response_url("C1-U1"))
    ack = socket.wait_ack(envelope)
    assert ack.payload == {"text": "Working on it…"} and ack.at - socket.pushed(envelope).at < ACK_WITHIN
    assert fake.calls("chat.postMessage") == []
    commands.gate.set()
    post = fake.wait_for("chat.postMessage")[0]
    assert post.at > ack.at and post.params["channel"] == "C1"
    assert post.params["blocks"][0]["text"]["text"] == "Briefing: default"
    assert "Talks on the summit resumed in Geneva." in post.params["text"]
    assert post.headers["authorization"] == f"Bearer {TOKEN}"


def test_a_mention_is_answered_once_in_its_thread_and_its_retry_only_acked(socket_mode):
    fake, socket, commands = socket_mode.fake, socket_mode.socket, socket_mode.commands
    event = mention(QUESTION, "1753340500.000100")
    first = socket.event(event, event_id="Ev1", bot_user=BOT_USER)
    assert socket.wait_ack(first).message == {"envelope_id": first}
    # Slack redelivers when it thinks the first delivery failed: same event_id, a new envelope.
    retry = socket.event(event, event_id="Ev1", bot_user=BOT_USER, retry_attempt=1, retry_reason="timeout")
    socket.wait_ack(retry)
    post = fake.wait_for("chat.postMessage")[0].params
    assert post["channel"] == "C1" and post["thread_ts"] == "1753340500.000100"
    assert "A meeting of the leaders can only take place at the end" in post["text"]
    # A later mention is answered: by then the retry, pushed before it, would have been too.
    later = socket.event(mention("help", "1753340501.000100"), event_id="Ev2", bot_user=BOT_USER)
    socket.wait_ack(later)
    second = fake.wait_for("chat.postMessage", 2)[1].params
    assert second["thread_ts"] == "1753340501.000100"
    assert commands.handled == [QUESTION, "help"] and len(fake.posts()) == 2


def test_after_slack_asks_for_a_new_connection_envelopes_are_still_acked_and_answered(socket_mode):
    fake, socket = socket_mode.fake, socket_mode.socket
    socket.disconnect()  # "refresh_requested": Slack rotates Socket Mode connections every few hours
    socket.wait_connected(2)
    assert len(fake.calls("apps.connections.open")) == 2 and len(socket.connections) == 2
    envelope = socket.slash_command("help", response_url=fake.response_url("C1-U1"))
    assert socket.wait_ack(envelope).message == {"envelope_id": envelope}
    assert "subscribe TOPIC" in fake.wait_for("response")[0].params["text"]
    for _ in range(200):  # the client closes the old connection itself
        if socket.connections[0].ws.closed:
            break
        time.sleep(0.01)
    assert socket.connections[0].ws.closed and socket.current is socket.connections[1]


def test_nothing_from_the_tokens_reaches_the_logs(socket_mode, caplog):
    fake, socket, _ = socket_mode.fake, socket_mode.socket, socket_mode.commands
    fake.fail_next("users.info", status=500, retry_after=None)
    fake.fail_next("chat.postMessage", status=200, error="not_in_channel", times=2)
    socket.wait_ack(socket.slash_command("subscribe trade", response_url=fake.response_url("C1-U1")))
    socket.wait_ack(socket.slash_command("today", response_url=fake.response_url("C1-U1")))
    socket.wait_ack(socket.event(mention("help", "1753340600.000100"), event_id="Ev9", bot_user=BOT_USER))
    for _ in range(500):  # the warnings come once Slack's answers are back, after the fake has logged the calls
        if "answering in C1 failed" in caplog.text and len(fake.responses()) == 2:
            break
        time.sleep(0.01)
    socket_mode.serving.stop()  # the shutdown's logs too
    for _ in range(200):  # the websocket is closed on the way out
        if socket.current is None:
            break
        time.sleep(0.01)
    assert socket.connections and socket.current is None
    logs = "\n".join(caplog.handler.format(r) for r in caplog.get_records("setup") + caplog.records)
    # The logs did cover the connection, the envelopes and the failures ...
    assert "apps.connections.open" in logs and "slash_commands" in logs and "events_api" in logs
    assert "users.info failed for U1" in logs and "not_in_channel" in logs and "answering in C1 failed" in logs
    # ... and hold no token, nor a recognizable piece of one.
    for token in (TOKEN, APP_TOKEN):
        assert token not in logs and token[-12:] not in logs
