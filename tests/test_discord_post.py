"""DiscordPoster: discord.py's REST layer against the fake Discord (no gateway), as the scheduler uses it."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time

import pytest

from adapters.discord_post import (
    RATE_LIMIT_WAIT,
    DiscordPoster,
    nonce_for,
    parts_seen,
    with_mark,
)
from adapters.discord_render import briefing_messages
from adapters.posters import poster_for
from bot.config import load_config
from bot.posting import PostError
from summarizer.model import Deadline
from tests.fake_discord import BOT_ID, FakeDiscord
from tests.test_discord_render import (
    assert_inert,
    assert_within_limits,
    cite,
    long_briefing,
    spam_briefing,
)


@pytest.fixture
def fake():
    with FakeDiscord() as server:
        yield server


@pytest.fixture
def poster(fake):
    return DiscordPoster(fake.token, base_url=fake.url)


def test_a_long_digest_lands_split_with_mentions_off_and_a_nonce_per_message(fake, poster):
    briefing = long_briefing()
    expected = briefing_messages(briefing)
    ids = poster.post_briefing("42", briefing, key="discord:42|digest|2025-07-24")
    sent = fake.messages("42")
    assert len(sent) == len(expected) >= 3 and ids == [m["id"] for m in sent]
    for i, (got, want) in enumerate(zip(sent, expected)):
        assert got["allowed_mentions"] == {"parse": []}
        assert got["nonce"] == nonce_for("discord:42|digest|2025-07-24", i, len(expected)) and len(got["nonce"]) <= 25
        assert got["enforce_nonce"] is True
        assert got["content"] == want["content"]
        assert [e.get("description") for e in got["embeds"]] == [e.get("description") for e in want["embeds"]]
        assert_within_limits({k: got[k] for k in ("content", "embeds", "allowed_mentions")})
        assert got["embeds"][-1]["footer"]["text"].endswith(f" {i + 1}/{len(expected)}")  # the reference mark
    text = "".join(e.get("description", "") for m in sent for e in m["embeds"])
    assert "The last development of the day." in text and text.count("**Actor") == 120


def test_a_429_is_waited_out_and_the_message_posted_exactly_once(fake, poster):
    fake.fail_next("POST", "/channels/42/messages", status=429, retry_after=0.1)
    started = time.monotonic()
    poster.post_text("42", "Nothing new today.", key="k-429")
    assert time.monotonic() - started >= 0.1
    posts = fake.calls("POST", "/channels/42/messages")
    assert [c.status for c in posts] == [429, 200]
    assert posts[0].body == posts[1].body  # the same message, nonce included, resent
    assert len(fake.messages("42")) == 1


def test_a_resend_with_the_same_key_is_deduplicated_by_the_nonce(fake, poster):
    first = poster.post_text("42", "Nothing new today.", key="same")
    second = poster.post_text("42", "Nothing new today.", key="same")
    assert first == second and len(fake.messages("42")) == 1


def test_already_posted_finds_our_post_by_its_mark_even_without_nonces_in_history(fake, poster):
    briefing = long_briefing()
    assert not poster.already_posted("42", "digest-1")
    poster.post_briefing("42", briefing, key="digest-1")
    history = fake.calls("GET", "/channels/42/messages")
    assert poster.already_posted("42", "digest-1")
    assert not poster.already_posted("42", "digest-2")
    assert not poster.already_posted("43", "digest-1")
    got = fake.calls("GET", "/channels/42/messages")[len(history)]
    assert got.query["limit"] == "50"


def test_already_posted_also_reads_nonces_and_wants_every_part():
    parts = [with_mark({"content": "", "embeds": [{"description": f"part {i}"}]}, "k", i, 3) for i in range(3)]
    ours = {"id": BOT_ID}
    stored = [{**p, "author": ours} for p in parts]
    assert parts_seen(stored, "k", BOT_ID) == ({0, 1, 2}, 3)
    without_marks = [{"nonce": p["nonce"], "embeds": [], "author": ours} for p in parts[:2]]
    assert parts_seen(without_marks, "k", BOT_ID) == ({0, 1}, 3)  # two of three: not posted
    assert parts_seen([{**p, "author": {"id": "1"}} for p in parts], "k", BOT_ID) == (set(), None)  # not ours


def test_resume_sends_only_the_parts_not_in_the_channel(fake, poster):
    briefing = long_briefing()
    parts = len(briefing_messages(briefing))
    fake.fail_next("POST", "/channels/42/messages", status=403, after=2)  # parts 1 and 2 accepted, then an error
    with pytest.raises(PostError):
        poster.post_briefing("42", briefing, key="k")
    assert not poster.already_posted("42", "k")
    first = [m["id"] for m in fake.messages("42")]
    posts = len(fake.calls("POST", "/channels/42/messages"))
    ids = poster.post_briefing("42", briefing, key="k", resume=True)
    assert len(fake.calls("POST", "/channels/42/messages")) - posts == parts - 2  # not even a deduplicated resend
    assert ids[:2] == first and ids == [m["id"] for m in fake.messages("42")]
    assert [m["nonce"] for m in fake.messages("42")] == [nonce_for("k", i, parts) for i in range(parts)]
    assert poster.already_posted("42", "k")
    assert poster.post_briefing("42", briefing, key="k", resume=True) == ids  # all there: nothing sent
    assert len(fake.calls("POST", "/channels/42/messages")) - posts == parts - 2


def test_mention_spam_never_reaches_discord_live(fake, poster):
    poster.post_briefing("42", spam_briefing(), key="spam")
    poster.post_reminder("42", spam_briefing().deadlines[0], dt.date(2025, 7, 24), offset="7d", key="spam-r")
    poster.post_text("42", "@everyone <@123> [x](http://evil.example)", key="spam-t")
    bodies = [c.body for c in fake.calls("POST", "/channels/42/messages")]
    assert len(bodies) == 3 and all(b["allowed_mentions"] == {"parse": []} for b in bodies)
    assert_inert(bodies)


def test_reminder_names_date_days_left_and_source(fake, poster):
    deadline = Deadline("Moscow must agree to a ceasefire by September 2.", "2025-09-02", "September 2", "upcoming",
                        [cite("Harbour Wire")])
    poster.post_reminder("42", deadline, dt.date(2025, 8, 26), offset="7d", key="r1")
    [message] = fake.messages("42")
    assert message["embeds"][0]["title"] == "Reminder: Tue 2 Sep 2025 (in 7 days)"
    assert "\\[Harbour Wire\\]" in message["embeds"][0]["description"]


def test_errors_are_post_errors_without_the_token(fake):
    poster = DiscordPoster(fake.token, base_url=fake.url)
    fake.fail_next("POST", "/channels/", status=403)
    with pytest.raises(PostError, match="HTTP 403") as err:
        poster.post_text("42", "hi")
    assert fake.token not in str(err.value)
    fake.fail_next("POST", "/channels/", status=429, retry_after=RATE_LIMIT_WAIT + 60)
    with pytest.raises(PostError, match="rate limit"):
        poster.post_text("42", "hi")  # a long Retry-After fails at once instead of blocking the scheduler
    wrong = DiscordPoster("not-the-token", base_url=fake.url)
    with pytest.raises(PostError, match="401") as err:
        wrong.post_text("42", "hi")
    assert "not-the-token" not in str(err.value) and "not-the-token" not in repr(wrong)
    assert fake.messages("42") == []


def test_an_unreachable_api_is_a_post_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(PostError, match="unreachable"):
        DiscordPoster("tok", base_url=f"http://127.0.0.1:{port}/api/v10").post_text("42", "hi")


def test_poster_for_discord_takes_the_token_from_the_environment_and_the_url_from_the_config(fake, tmp_path,
                                                                                              monkeypatch):
    config_file = tmp_path / "c.toml"
    config_file.write_text(f'[discord]\napi_url = "{fake.url}/"\n')
    config = load_config(config_file)
    with pytest.raises(PostError, match="DISCORD_TOKEN is not set"):
        poster_for("discord", config)
    monkeypatch.setenv("DISCORD_TOKEN", fake.token)
    poster = poster_for("discord", config)
    assert isinstance(poster, DiscordPoster) and poster.base_url == fake.url
    poster.post_text("7", "hello", key="x")
    assert json.dumps(fake.messages("7")).count("hello") == 1
