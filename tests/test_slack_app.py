"""The Slack app end to end: Bolt's real AsyncApp and aiohttp server, the real AsyncWebClient, a fake Slack.

Requests are signed as Slack signs them and sent over HTTP to the app's own server;
what the app sends back to Slack is read from the fake's request log.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from adapters.safety import ZWSP
from adapters.slack_app import (
    SlackSetupError,
    make_app,
    run_slack,
    serve_slack,
    start_http,
)
from adapters.slack_render import briefing_messages
from adapters.slack_replay import ReplayCache
from bot.commands import Commands
from bot.config import Channel, Config, SlackConfig
from bot.ingest import Ingester
from bot.store import Store
from tests.conftest import EXAMPLES, NOW
from tests.fake_slack import BOT_USER, FakeSlack
from tests.test_slack_render import LIVE, long_briefing

SECRET = "signing-secret-for-tests"
TOKEN = "xoxb-secret-token-123"
STEEL = Path(__file__).parent / "fixtures" / "wire" / "steel-tariff-talks-wire.txt"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The example story (topic "default") and a steel article (topic "trade"), ingested once."""
    path = tmp_path_factory.mktemp("slack") / "template.db"
    store = Store(path)
    ingester = Ingester(store, now=lambda: NOW, topic_for=lambda p: "trade" if "steel" in p.name else "default")
    list(ingester.ingest_paths([EXAMPLES, STEEL]))
    store.close()
    return path


class CountingCommands(Commands):
    """Our command layer, counting calls; `gate` holds a digest until the test lets it finish."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.handled: list[str] = []
        self.gate: threading.Event | None = None
        self.briefing = None  # when set, the digest to return

    def handle(self, text, session, caller=None):
        self.handled.append(text)
        return super().handle(text, session, caller)

    def digest(self, **kwargs):
        if self.gate is not None:
            assert self.gate.wait(10), "the test never released the digest"
        return self.briefing or super().digest(**kwargs)


class SlackRequests:
    """Signed requests to the app at `url`, as Slack sends them."""

    def __init__(self, url: str):
        self.url = url
        self.triggers = 0

    def send(self, body: str, *, content_type: str, secret: str | None = SECRET, timestamp: int | None = None,
             headers: dict | None = None) -> tuple[int, str, float]:
        """POST a request signed with `secret` (unsigned when None); (status, body, seconds taken)."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sent = {"Content-Type": content_type, **(headers or {})}
        if secret is not None:
            sent["X-Slack-Request-Timestamp"] = ts
            sent["X-Slack-Signature"] = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        request = urllib.request.Request(self.url, data=body.encode(), headers=sent, method="POST")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode(), time.monotonic() - started
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(), time.monotonic() - started

    def command(self, text: str, *, fake: FakeSlack, channel="C1", user="U1", trigger: str | None = None, **kw):
        """A signed /brief; each with its own trigger_id (as Slack sends them) unless one is given."""
        self.triggers += 1
        body = urlencode({"token": "legacy", "team_id": "T1", "api_app_id": "A1", "command": "/brief", "text": text,
                          "channel_id": channel, "user_id": user, "trigger_id": trigger or f"1.2.{self.triggers}",
                          "response_url": fake.response_url(f"{channel}-{user}")})
        return self.send(body, content_type="application/x-www-form-urlencoded", **kw)

    def event(self, event: dict, *, event_id: str, event_time: int | None = None, **kw):
        """`event_time`: Slack's own, part of the signed bytes (now when None): a replay must repeat it."""
        body = json.dumps({"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                           "event_id": event_id, "event_time": int(time.time()) if event_time is None else event_time,
                           "event": event,
                           "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}]})
        return self.send(body, content_type="application/json", **kw)


class AppServer(SlackRequests):
    """The Bolt app on its own aiohttp server in a background event loop, as `briefbot slack` runs it."""

    def __init__(self, app):
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runner, port = self._run(start_http(app, host="127.0.0.1", port=0))
        super().__init__(f"http://127.0.0.1:{port}/slack/events")

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def close(self):
        if self.thread.is_alive():
            self._run(self.runner.cleanup())
            if getattr(self.app, "replays", None) is not None:
                self.app.replays.close()
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)


@pytest.fixture
def slack(template, tmp_path):
    """(fake Slack, app server, commands): channel C1 follows "default"; UADMIN is a configured admin."""
    db = tmp_path / "brief.db"
    with sqlite3.connect(template) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    store = Store(db)
    config = Config(channels=(Channel("slack", "C1", topics=("default",)),), slack=SlackConfig(admins=("UADMIN",)))
    commands = CountingCommands(store, now=lambda: NOW, config=config)
    with FakeSlack(TOKEN) as fake:
        app = make_app(commands, token=TOKEN, signing_secret=SECRET, api_url=fake.url, admins=config.slack.admins)
        server = AppServer(app)
        try:
            yield fake, server, commands
        finally:
            server.close()
            store.close()


def message(channel: str, user: str, text: str, ts: str, thread_ts: str | None = None, **extra) -> dict:
    event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts, **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def test_a_signed_command_is_acknowledged_at_once_and_answered_later(slack):
    fake, server, commands = slack
    commands.gate = threading.Event()
    status, body, seconds = server.command("today", fake=fake)
    assert status == 200 and seconds < 3
    assert "Working on it" in body
    assert fake.calls("chat.postMessage") == []  # the digest is still being made
    commands.gate.set()
    post = fake.wait_for("chat.postMessage")[0].params
    assert post["channel"] == "C1" and post["blocks"][0]["text"]["text"] == "Briefing: default"
    assert "Fri 15 Aug 2025 (in 22 days)" in post["text"]
    assert post["unfurl_links"] is False and post["unfurl_media"] is False and post["link_names"] is False
    assert fake.calls("chat.postMessage")[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_forged_unsigned_and_stale_requests_get_401_and_no_work(slack):
    fake, server, commands = slack
    assert server.command("today", fake=fake, secret="not-the-secret")[0] == 401
    assert server.command("today", fake=fake, secret=None)[0] == 401
    assert server.command("today", fake=fake, timestamp=int(time.time()) - 6 * 60)[0] == 401
    mention = {"type": "app_mention", "channel": "C1", "user": "U1", "text": f"<@{BOT_USER}> today", "ts": "1.1"}
    assert server.event(mention, event_id="Ev401", secret="forged")[0] == 401
    time.sleep(0.3)
    assert commands.handled == [] and fake.calls() == []


def test_a_signed_command_replayed_byte_for_byte_is_refused_and_not_run(slack, caplog):
    fake, server, commands = slack
    sent_at = int(time.time())
    assert server.command("today", fake=fake, timestamp=sent_at, trigger="7.7.7")[0] == 200
    fake.wait_for("chat.postMessage")
    status, _, seconds = server.command("today", fake=fake, timestamp=sent_at, trigger="7.7.7")  # the same bytes
    assert status == 401 and seconds < 3
    assert "refused a replayed Slack request" in caplog.text
    # The same command signed anew (another timestamp) is a new request and runs.
    assert server.command("today", fake=fake, timestamp=sent_at - 1, trigger="7.7.7")[0] == 200
    fake.wait_for("chat.postMessage", 2)
    time.sleep(0.3)
    assert commands.handled == ["today", "today"] and len(fake.posts()) == 2


def test_a_replay_is_refused_after_a_restart_of_the_app(slack):
    """The signatures live in the store: a new app process on the same store still refuses the replay."""
    fake, server, commands = slack
    sent_at = int(time.time())
    assert server.command("help", fake=fake, timestamp=sent_at, trigger="8.8.8")[0] == 200
    fake.wait_for("response")
    server.close()
    restarted = AppServer(make_app(commands, token=TOKEN, signing_secret=SECRET, api_url=fake.url))
    try:
        assert restarted.command("help", fake=fake, timestamp=sent_at, trigger="8.8.8")[0] == 401
        assert restarted.command("help", fake=fake, timestamp=sent_at + 1, trigger="8.8.8")[0] == 200
        fake.wait_for("response", 2)
    finally:
        restarted.close()
    assert commands.handled == ["help", "help"]


def test_a_forged_request_does_not_take_the_signature_of_a_real_one(slack):
    fake, server, commands = slack
    sent_at = int(time.time())
    body = urlencode({"command": "/brief", "text": "help", "channel_id": "C1", "user_id": "U1",
                      "response_url": fake.response_url()})
    real = SignatureVerifier(SECRET).generate_signature(timestamp=str(sent_at), body=body)
    # The real signature on other bytes: refused by Bolt's check, and not remembered.
    forged = server.send(body + "&text=today", content_type="application/x-www-form-urlencoded", secret=None,
                         headers={"X-Slack-Request-Timestamp": str(sent_at), "X-Slack-Signature": real})
    assert forged[0] == 401
    assert server.send(body, content_type="application/x-www-form-urlencoded", timestamp=sent_at)[0] == 200
    fake.wait_for("response")


def test_slacks_own_retry_with_the_same_bytes_is_acknowledged_and_not_run_again(slack):
    fake, server, commands = slack
    mention = {"type": "app_mention", "channel": "C1", "user": "U1", "ts": "1753340500.000200",
               "text": f"<@{BOT_USER}> What did the Kremlin say about the summit?"}
    sent_at = int(time.time())
    # The same event_time each time: the body is the same bytes even when the clock turns a second meanwhile.
    same = {"event_id": "EvR", "event_time": sent_at}
    assert server.event(mention, **same, timestamp=sent_at)[0] == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert server.event(mention, **same, timestamp=sent_at, headers=retry)[0] == 200
    assert server.event(mention, **same, timestamp=sent_at + 1, headers=retry)[0] == 200  # signed anew
    assert server.event(mention, **same, timestamp=sent_at)[0] == 401  # no retry header: a replay
    fake.wait_for("chat.postMessage")
    time.sleep(0.4)
    assert len(fake.posts()) == 1 and len(commands.handled) == 1


def test_an_unconfigured_channel_is_told_how_to_subscribe_without_the_topic_names(slack):
    fake, server, _ = slack
    server.command("today", fake=fake, channel="C7")
    text = fake.wait_for("response")[0].params["text"]
    assert "/brief subscribe TOPIC" in text
    assert "trade" not in text and "default" not in text


def test_help_and_questions_are_answered_through_the_response_url(slack):
    fake, server, commands = slack
    status, body, _ = server.command("help", fake=fake)
    assert status == 200 and body == ""  # a fast command: an empty ack
    answer = fake.wait_for("response")[0]
    assert answer.path == "/response/C1-U1" and answer.params["response_type"] == "ephemeral"
    assert "subscribe TOPIC" in answer.params["text"]
    server.command("ask What did the Kremlin say about the summit?", fake=fake)
    reply = fake.wait_for("response", 2)[1].params
    assert reply["text"].startswith("Q: What did the Kremlin say about the summit?")
    assert "A meeting of the leaders can only take place at the end" in reply["text"]
    assert fake.calls("chat.postMessage") == []


def test_a_question_typed_by_a_user_is_echoed_defanged(slack):
    fake, server, _ = slack
    server.command("ask did <!channel> or @here or <@U999> or <http://evil|bank> say anything?", fake=fake)
    call = fake.wait_for("response")[0]
    echoed = call.params["blocks"][0]["elements"][0]["text"]
    assert echoed.startswith("Q: did ")
    assert f"&lt;{ZWSP}!channel&gt;" in echoed and f"@{ZWSP}here" in echoed and "&lt;http://evil|bank&gt;" in echoed
    assert not LIVE.search(json.dumps(call.params, ensure_ascii=False))


def test_mentions_are_answered_in_their_thread_and_retries_once(slack):
    fake, server, commands = slack
    mention = {"type": "app_mention", "channel": "C1", "user": "U1", "ts": "1753340500.000100",
               "text": f"<@{BOT_USER}> What did the Kremlin say about the summit?"}
    assert server.event(mention, event_id="Ev1")[0] == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert server.event(mention, event_id="Ev1", headers=retry)[0] == 200  # before the answer went out
    post = fake.wait_for("chat.postMessage")[0].params
    assert server.event(mention, event_id="Ev1", headers={**retry, "X-Slack-Retry-Num": "2"})[0] == 200
    time.sleep(0.5)
    assert len(fake.posts()) == 1 and len(commands.handled) == 1
    assert post["thread_ts"] == "1753340500.000100"
    assert commands.handled == ["What did the Kremlin say about the summit?"]  # without the mention
    assert "A meeting of the leaders can only take place at the end" in post["text"]


def test_a_reply_in_a_digest_thread_is_a_follow_up_with_context(slack):
    fake, server, commands = slack
    server.command("today", fake=fake)
    digest = fake.wait_for("chat.postMessage")[0]
    root = digest.params
    ts = fake.messages[0]["ts"]
    assert root["channel"] == "C1" and "thread_ts" not in root
    for _ in range(250):  # the app remembers the thread once Slack's answer to the post is back
        if ("C1", ts) in server.app.briefbot.sessions:
            break
        time.sleep(0.02)
    # A reply in the digest's thread (no mention): answered there.
    server.event(message("C1", "U1", "What did the Kremlin say about the summit?", "1753340600.000100", ts),
                 event_id="Ev10")
    first = fake.wait_for("chat.postMessage", 2)[1].params
    assert first["thread_ts"] == ts and "final signatures" in first["text"]
    server.event(message("C1", "U2", "and what did Kyiv say?", "1753340601.000100", ts), event_id="Ev11")
    second = fake.wait_for("chat.postMessage", 3)[2].params
    assert second["thread_ts"] == ts
    assert second["text"].startswith("Q: what did Kyiv say about the summit?")  # the thread's context
    assert "Kyiv" in second["text"].split("\n")[1] or "Ukraine" in second["text"].split("\n")[1]  # Kyiv's words
    # Someone else's thread, the bot's own messages and plain channel messages are left alone.
    server.event(message("C1", "U1", "what about this?", "1753340700.000100", "1753340699.000100",
                         parent_user_id="U9"), event_id="Ev12")
    server.event(message("C1", BOT_USER, "my own words", "1753340701.000100", ts), event_id="Ev13")
    server.event(message("C1", "U1", "hello all", "1753340702.000100"), event_id="Ev14")
    server.event(message("C1", "U3", "bots too", "1753340703.000100", ts, bot_id="B9"), event_id="Ev15")
    time.sleep(0.5)
    assert len(fake.posts()) == 3


def test_a_thread_started_by_the_worker_is_recognized_by_its_parent(slack):
    fake, server, _ = slack  # a digest the scheduler posted: this process never saw it
    server.event(message("C1", "U1", "What did the Kremlin say about the summit?", "1753340800.000200",
                         "1753340800.000100", parent_user_id=BOT_USER), event_id="Ev20")
    post = fake.wait_for("chat.postMessage")[0].params
    assert post["thread_ts"] == "1753340800.000100" and "final signatures" in post["text"]


def test_subscribing_needs_an_admin_and_a_channel_asks_only_its_topics(slack):
    fake, server, _ = slack
    question = "ask When does the steel truce expire?"
    server.command(question, fake=fake)
    assert "I found nothing" in fake.wait_for("response")[0].params["text"]  # "trade" is not followed yet
    server.command("subscribe trade", fake=fake, user="U1")
    refused = fake.wait_for("response", 2)[1].params["text"]
    assert "Only an admin" in refused
    assert [c.params["user"] for c in fake.calls("users.info")] == ["U1"]  # asked Slack, not an admin there
    server.command("subscribe trade", fake=fake, user="UADMIN")  # in [slack] admins: Slack is not asked
    assert fake.wait_for("response", 3)[2].params["text"] == "This channel now follows trade."
    assert len(fake.calls("users.info")) == 1
    server.command(question, fake=fake)
    answered = fake.wait_for("response", 4)[3].params["text"]
    assert "March 31" in answered and "I found nothing" not in answered
    fake.set_user("UOWNER", is_owner=True)  # a workspace owner, by users.info
    server.command("unsubscribe trade", fake=fake, user="UOWNER")
    assert fake.wait_for("response", 5)[4].params["text"] == "This channel no longer follows trade."


def test_a_rate_limited_post_is_retried_and_sent_once(slack):
    fake, server, _ = slack
    fake.fail_next("chat.postMessage", status=429, retry_after=0)
    server.command("today", fake=fake)
    calls = fake.wait_for("chat.postMessage", 2)
    assert [c.status for c in calls] == [429, 200]
    time.sleep(0.2)
    assert len(fake.posts()) == 1 and fake.responses() == []


def test_an_answer_accepted_before_its_connection_dropped_is_not_posted_again(slack, caplog):
    """The async client does not resend chat.postMessage by itself after a dropped connection."""
    fake, server, _ = slack
    fake.drop_after_accept("chat.postMessage")
    mention = {"type": "app_mention", "channel": "C1", "user": "U1", "ts": "1753340500.000300",
               "text": f"<@{BOT_USER}> What did the Kremlin say about the summit?"}
    server.event(mention, event_id="EvDrop")
    fake.wait_for("chat.postMessage")
    for _ in range(100):
        if "answering in C1 failed" in caplog.text:
            break
        time.sleep(0.02)
    time.sleep(0.3)
    assert len(fake.messages) == 1 and len(fake.calls("chat.postMessage")) == 1
    assert "answering in C1 failed" in caplog.text


def test_a_long_digest_is_posted_with_the_rest_in_its_thread(slack):
    fake, server, commands = slack
    commands.briefing = long_briefing()
    expected = len(briefing_messages(commands.briefing))
    server.command("today", fake=fake)
    first = fake.wait_for("chat.postMessage", expected)[0]
    time.sleep(0.2)
    posts = fake.posts()
    assert len(posts) == expected > 1 and "thread_ts" not in first.params
    assert all(p["thread_ts"] == fake.messages[0]["ts"] for p in posts[1:])
    assert all(len(p["blocks"]) <= 50 for p in posts) and "Development 59:" in posts[-1]["text"]


def test_a_digest_the_bot_cannot_post_goes_to_the_response_url(slack):
    fake, server, _ = slack
    fake.fail_next("chat.postMessage", status=200, error="not_in_channel")
    server.command("today", fake=fake)
    reply = fake.wait_for("response")[0].params
    assert reply["response_type"] == "in_channel" and reply["text"].startswith("Briefing: default")


def test_the_token_never_reaches_the_logs(slack, caplog):
    fake, server, _ = slack
    caplog.set_level(logging.DEBUG)
    fake.fail_next("users.info", status=500, retry_after=None)
    fake.fail_next("chat.postMessage", status=200, error="not_in_channel")
    fake.fail_next("response", status=500, retry_after=None)
    server.command("subscribe trade", fake=fake)
    server.command("today", fake=fake)
    fake.wait_for("response", 2)
    time.sleep(0.3)
    assert "users.info failed for U1" in caplog.text and "not_in_channel" in caplog.text
    assert TOKEN not in caplog.text and SECRET not in caplog.text


def test_replayed_signatures_are_forgotten_after_the_five_minute_window(tmp_path):
    store = Store(tmp_path / "brief.db")
    clock = [1_000_000.0]
    cache = ReplayCache(store.path, clock=lambda: clock[0])

    def seen():
        return [r[0] for r in store.db.execute("select signature from request_signatures order by signature")]

    try:
        first = asyncio.run(cache.first_time("v0=aaa", str(int(clock[0]))))
        clock[0] += 299
        again = asyncio.run(cache.first_time("v0=aaa", str(int(clock[0]) - 299)))
        assert (first, again) == (True, False) and seen() == ["v0=aaa"]
        clock[0] += 2  # past the window: Bolt refuses that timestamp now, and the cache has let it go
        assert asyncio.run(cache.first_time("v0=bbb", str(int(clock[0])))) and seen() == ["v0=bbb"]
        # A timestamp ahead of our clock is remembered for as long as Bolt would accept it.
        assert asyncio.run(cache.first_time("v0=ccc", str(int(clock[0]) + 200)))
        clock[0] += 450
        assert not asyncio.run(cache.first_time("v0=ccc", str(int(clock[0]) - 250)))
    finally:
        cache.close()
        store.close()


def test_http_mode_listens_on_the_configured_host(monkeypatch, caplog, tmp_path):
    """127.0.0.1 unless `[slack] host` says otherwise; a signed request gets through on it."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    caplog.set_level(logging.WARNING)
    store = Store(tmp_path / "brief.db")
    with FakeSlack(TOKEN) as fake:
        config = Config(slack=SlackConfig(api_url=fake.url, port=0))
        assert config.slack.host == "127.0.0.1"

        async def scenario():
            task = asyncio.create_task(serve_slack(config, lambda: Commands(store, now=lambda: NOW, config=config)))
            for _ in range(250):
                if "listening on" in caplog.text or task.done():
                    break
                await asyncio.sleep(0.02)
            line = next(r.getMessage() for r in caplog.records if "listening on" in r.getMessage())
            host, port = line.split("listening on ", 1)[1].split("/", 1)[0].rsplit(":", 1)
            client = SlackRequests(f"http://127.0.0.1:{port}/slack/events")
            status = (await asyncio.to_thread(client.command, "help", fake=fake))[0]
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return host, status

        host, status = asyncio.run(scenario())
        assert host == "127.0.0.1" and status == 200
        fake.wait_for("response")
    store.close()


def test_setup_errors_and_the_missing_tokens(monkeypatch, capsys):
    assert run_slack(Config(), lambda: None) == 2
    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    with pytest.raises(SlackSetupError, match="SLACK_SIGNING_SECRET"):
        asyncio.run(serve_slack(Config(), lambda: None))


def test_socket_mode_is_used_with_an_app_token(monkeypatch):
    """With SLACK_APP_TOKEN the app opens a Socket Mode connection through the configured API URL."""
    with FakeSlack(TOKEN, app_token="xapp-app-token") as fake:
        monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-app-token")
        config = Config(slack=SlackConfig(api_url=fake.url))

        async def scenario():
            task = asyncio.create_task(serve_slack(config, lambda: None))
            for _ in range(250):
                if fake.calls("apps.connections.open") or task.done():
                    break
                await asyncio.sleep(0.02)
            task.cancel()  # what `serve` does at shutdown
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(scenario())
        opened = fake.calls("apps.connections.open")
        assert opened and opened[0].headers["authorization"] == "Bearer xapp-app-token"
        assert fake.calls("auth.test") == [] or all(
            c.headers["authorization"] == f"Bearer {TOKEN}" for c in fake.calls("auth.test"))
