"""SlackPoster (scheduler, `digest --post`): the real sync WebClient posting to the fake Slack."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import adapters.slack_post as slack_post
from adapters.posters import poster_for
from adapters.slack_post import SlackPoster
from bot.config import Config, SlackConfig
from bot.posting import PostError
from summarizer.model import Deadline
from tests.fake_slack import FakeSlack
from tests.test_slack_render import LIVE, cite, long_briefing, spam_briefing

TOKEN = "xoxb-poster-secret-456"
TODAY = dt.date(2025, 7, 24)
DEADLINE = Deadline("Both sides submit revised proposals by September 5.", "2025-09-05", "September 5", "upcoming",
                    [cite("Harbour Times", "by September 5")])


@pytest.fixture
def fake():
    with FakeSlack(TOKEN) as server:
        yield server


def test_a_split_digest_goes_to_the_channel_then_its_thread_with_the_key(fake):
    poster = SlackPoster(TOKEN, base_url=fake.url)
    ids = poster.post_briefing("C1", long_briefing(), key="slack:C1:digest:2025-07-24")
    posts = fake.posts()
    assert len(posts) == len(ids) > 1
    assert ids[0] == fake.messages[0]["ts"]
    assert "thread_ts" not in posts[0] and all(p["thread_ts"] == ids[0] for p in posts[1:])
    for i, p in enumerate(posts):
        assert p["channel"] == "C1" and len(p["blocks"]) <= 50
        assert p["metadata"] == {"event_type": "briefbot_post",
                                 "event_payload": {"key": "slack:C1:digest:2025-07-24", "part": i, "parts": len(ids)}}
        assert p["unfurl_links"] is False and p["unfurl_media"] is False and p["link_names"] is False
    assert all(c.headers["authorization"] == f"Bearer {TOKEN}" for c in fake.calls())
    assert TOKEN not in repr(poster)


def test_already_posted_finds_the_key_in_recent_history(fake, monkeypatch):
    poster = SlackPoster(TOKEN, base_url=fake.url)
    assert not poster.already_posted("C1", "k1")
    poster.post_reminder("C1", DEADLINE, TODAY, offset="7d", key="k1")
    poster.post_text("C2", "nothing new today", key="k2")
    assert poster.already_posted("C1", "k1") and not poster.already_posted("C1", "k2")
    assert poster.already_posted("C2", "k2") and not poster.already_posted("C1", "k9")
    history = fake.calls("conversations.history")[-1].params
    assert history["include_all_metadata"] in ("1", "true", True)
    # Paged and bounded: with pages of 2 and 3 pages, the 6 newest messages are looked at.
    monkeypatch.setattr(slack_post, "HISTORY_PAGE", 2)
    for i in range(6):
        poster.post_text("C1", f"line {i}", key=f"n{i}")
    assert poster.already_posted("C1", "n0") and not poster.already_posted("C1", "k1")
    assert len(fake.calls("conversations.history")) == 5 + 3 + 3


def test_a_partly_posted_digest_is_not_already_posted_and_resume_posts_only_the_missing_parts(fake, monkeypatch):
    poster = SlackPoster(TOKEN, base_url=fake.url)
    ids = poster.post_briefing("C1", long_briefing(), key="k")
    assert len(ids) >= 3 and poster.already_posted("C1", "k")
    fake.messages[:] = [m for m in fake.messages if m["ts"] not in ids[2:]]  # as if the poster died after part 2
    assert not poster.already_posted("C1", "k")
    assert fake.calls("conversations.replies")[-1].params["ts"] == ids[0]
    before = len(fake.posts())
    resumed = poster.post_briefing("C1", long_briefing(), key="k", resume=True)
    new = fake.posts()[before:]
    assert resumed[:2] == ids[:2] and len(resumed) == len(ids)
    assert [p["metadata"]["event_payload"]["part"] for p in new] == list(range(2, len(ids)))
    assert all(p["thread_ts"] == ids[0] for p in new)
    assert poster.already_posted("C1", "k")
    # Everything there: a resume posts nothing. Without resume, a post is a post.
    assert poster.post_briefing("C1", long_briefing(), key="k", resume=True) == resumed
    assert len(fake.posts()) == before + len(new)
    # The first part gone (its replies cannot be reached): everything is posted again, as a new thread.
    fake.messages[:] = [m for m in fake.messages if m["ts"] != ids[0]]
    again = poster.post_briefing("C1", long_briefing(), key="k", resume=True)
    assert len(fake.posts()) == before + len(new) + len(ids) and not set(again) & set(resumed)
    # The thread is read a bounded number of pages, like the history: 3 pages of 1 do not reach part 4.
    assert poster.already_posted("C1", "k")
    monkeypatch.setattr(slack_post, "HISTORY_PAGE", 1)
    replies = len(fake.calls("conversations.replies"))
    assert len(again) > slack_post.HISTORY_PAGES and not poster.already_posted("C1", "k")
    assert len(fake.calls("conversations.replies")) - replies == slack_post.HISTORY_PAGES


def test_a_rate_limited_post_waits_and_is_sent_once(fake):
    poster = SlackPoster(TOKEN, base_url=fake.url)
    fake.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    assert len(poster.post_text("C1", "hello", key="k")) == 1
    assert time.monotonic() - started >= 1  # Retry-After was honoured
    assert [c.status for c in fake.calls("chat.postMessage")] == [429, 200] and len(fake.posts()) == 1


def test_failures_raise_post_error_without_the_token(fake, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(slack_post, "MAX_RETRIES", 1)  # the same handlers, fewer waits
    poster = SlackPoster(TOKEN, base_url=fake.url)
    fake.fail_next("chat.postMessage", status=429, retry_after=0, times=2)  # more than the retries
    with pytest.raises(PostError) as limited:
        poster.post_text("C1", "hello")
    assert "ratelimited" in str(limited.value) and len(fake.calls("chat.postMessage")) == 2
    fake.fail_next("chat.postMessage", status=200, error="channel_not_found")
    with pytest.raises(PostError, match="chat.postMessage failed: channel_not_found"):
        poster.post_text("C404", "hello")
    wrong = SlackPoster("xoxb-wrong-token-789", base_url=fake.url)
    with pytest.raises(PostError, match="invalid_auth") as refused:
        wrong.already_posted("C1", "k")
    url = fake.url
    fake.close()
    with pytest.raises(PostError) as down:
        SlackPoster(TOKEN, base_url=url).post_text("C1", "hello")
    for err in (limited.value, refused.value, down.value):
        assert TOKEN not in str(err) and "xoxb-wrong-token-789" not in str(err)
    assert TOKEN not in caplog.text and "xoxb-wrong-token-789" not in caplog.text
    assert "chat.postMessage" in caplog.text  # the client did log its requests, redacted


def test_nothing_from_a_document_reaches_slack_as_a_mention_or_link(fake):
    poster = SlackPoster(TOKEN, base_url=fake.url)
    briefing = spam_briefing()
    deadline = briefing.deadlines[0]
    poster.post_briefing("C1", briefing, key="spam")
    poster.post_reminder("C1", deadline, TODAY, offset="1d", late=True)
    poster.post_text("C1", "<!channel> @everyone [x](http://evil)")
    calls = fake.calls("chat.postMessage")
    assert len(calls) == 3
    for call in calls:
        received = json.loads(call.raw)  # exactly what Slack would parse
        assert not LIVE.search(json.dumps(received, ensure_ascii=False)), call.raw
        assert received["link_names"] is False


def test_poster_for_slack_takes_the_token_from_the_environment(fake, monkeypatch):
    config = Config(slack=SlackConfig(api_url=fake.url))
    with pytest.raises(PostError, match="SLACK_BOT_TOKEN is not set"):
        poster_for("slack", config)
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    poster = poster_for("slack", config)
    assert isinstance(poster, SlackPoster)
    poster.post_text("C1", "hi")
    assert fake.posts()[0]["text"] == "hi"


def _control(port: int, path: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}/_control/{path}", data=data,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def _start(port_file: Path, log_file: Path, port: int = 0) -> tuple[subprocess.Popen, int]:
    port_file.unlink(missing_ok=True)
    script = Path(__file__).with_name("fake_slack.py")
    process = subprocess.Popen([sys.executable, str(script), "--port-file", str(port_file), "--log-file",
                                str(log_file), "--token", TOKEN, "--port", str(port)])
    for _ in range(250):
        if port_file.exists():
            return process, int(port_file.read_text())
        time.sleep(0.02)
    process.kill()
    raise AssertionError("the fake did not start")


def test_the_fake_runs_as_a_process_and_remembers_posts_across_restarts(tmp_path):
    port_file, log_file = tmp_path / "port", tmp_path / "calls.jsonl"
    process, port = _start(port_file, log_file)
    try:
        poster = SlackPoster(TOKEN, base_url=f"http://127.0.0.1:{port}/api/")
        _control(port, "fail_next", {"method": "chat.postMessage", "status": 429, "retry_after": 0})
        poster.post_text("C1", "digest", key="slack:C1:digest:1")
        calls = _control(port, "calls")["calls"]
        assert [(c["method"], c["status"]) for c in calls] == [("chat.postMessage", 429), ("chat.postMessage", 200)]
    finally:
        process.terminate()
        process.wait(5)
    logged = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert [c["status"] for c in logged] == [429, 200] and all(c["authorized"] for c in logged)
    assert TOKEN not in log_file.read_text()
    process, port = _start(port_file, log_file)
    try:
        poster = SlackPoster(TOKEN, base_url=f"http://127.0.0.1:{port}/api/")
        assert poster.already_posted("C1", "slack:C1:digest:1")
        assert poster.post_text("C1", "next")[0] > logged[1]["message"]["ts"]
    finally:
        process.terminate()
        process.wait(5)
