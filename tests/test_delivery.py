"""Delivery through the real posters (discord.py REST, slack_sdk) against fake Discord and Slack APIs on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from adapters import discord_render, slack_render
from adapters.discord_post import DiscordPoster, nonce_for
from adapters.posters import posters_from
from adapters.slack_post import SlackPoster
from bot.config import Channel, Config, DiscordConfig, SchedulerConfig
from bot.delivery import Job, Sent, deliver, owner_id
from bot.ingest import Ingester
from bot.posting import PostError
from bot.schedule import iso
from bot.scheduler import Scheduler
from bot.store import Store
from tests.fake_discord import FakeDiscord
from tests.fake_slack import FakeSlack
from tests.test_slack_render import long_briefing

UTC = dt.timezone.utc
ARTICLE = ("GENEVA, August 30, 2025 (Harbour Wire) - The deadline for the fishing quota agreement expires on "
           "September 2, the commission said.\n")


@pytest.fixture
def fake(monkeypatch):
    with FakeDiscord() as server:
        monkeypatch.setenv("DISCORD_TOKEN", server.token)
        yield server


def setup(store: Store, tmp_path, fake) -> Scheduler:
    (tmp_path / "a.txt").write_text(ARTICLE)
    Ingester(store, now=lambda: dt.datetime(2025, 8, 30, 12, tzinfo=UTC)).ingest_file(tmp_path / "a.txt")
    config = Config(db_path=store.path, discord=DiscordConfig(api_url=fake.url),
                    channels=(Channel("discord", "42", ("default",), "09:00", "America/New_York", ("1d",)),),
                    scheduler=SchedulerConfig(empty_digest="skip"))
    return Scheduler(store, config, posters=posters_from(config))


def test_a_reminder_reaches_discord_once_and_a_crash_after_posting_is_recognised(store, tmp_path, fake):
    sched = setup(store, tmp_path, fake)
    # 1 September, 09:00 in New York (EDT) = 13:00 UTC: the 1d reminder for 2 September.
    out = sched.tick(dt.datetime(2025, 9, 1, 13, 0, tzinfo=UTC))
    reminders = [o for o in out if o.job.kind == "reminder"]
    assert [(o.status, o.job.slot) for o in reminders] == [("sent", "1d@2025-09-02")]
    (message,) = [m for m in fake.messages("42") if "2 Sep" in str(m)]
    (embed,) = message["embeds"]
    assert embed["title"] == "Reminder: Tue 2 Sep 2025 (in 1 day)"  # counted from 1 Sep in New York
    assert embed["description"].startswith("The deadline for the fishing quota agreement expires on September 2")
    assert "Harbour Wire" in embed["description"] and message["allowed_mentions"] == {"parse": []}
    # Pretend the worker died right after Discord accepted the post, before recording it.
    key = reminders[0].job.key
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    store.db.execute("update deliveries set status = 'sending', claimed_by = ? where key = ?",
                     [owner_id().rsplit(":", 1)[0] + ":" + dead.stdout.strip(), key])
    store.db.execute("update reminders set status = 'planned'")
    store.db.conn.commit()
    again = sched.tick(dt.datetime(2025, 9, 1, 13, 2, tzinfo=UTC))
    assert [(o.status, o.job.key) for o in again] == [("found", key)]
    assert len([m for m in fake.messages("42") if "2 Sep" in str(m)]) == 1


# -- a long digest cut short by a crash -----------------------------------------------------
DUE = dt.datetime(2025, 7, 24, 9, 0, tzinfo=UTC)


def dead_owner() -> str:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return owner_id().rsplit(":", 1)[0] + ":" + dead.stdout.strip()


def left_sending(store: Store, channel: str) -> Job:
    """A digest whose sender died mid-send: its row is "sending", claimed by a process that is gone."""
    job = Job("digest", channel, "daily", "2025-07-24", DUE)
    store.plan_delivery({"key": job.key, "channel": job.channel, "kind": job.kind, "item": job.item,
                         "slot": job.slot, "created_at": iso(DUE), "fire_at": iso(DUE)})
    assert store.claim_delivery(job.key, expect_status="planned", expect_owner=None, owner=dead_owner(), at=iso(DUE))
    return job


def redeliver(store: Store, job: Job, poster):
    """The next tick's delivery of the job, two minutes later."""
    def send(p, late):
        return Sent(p.post_briefing(job.channel_id, long_briefing(), key=job.key))

    return deliver(store, job, now=DUE + dt.timedelta(minutes=2), grace=dt.timedelta(hours=6),
                   poster=lambda: poster, send=send)


def posts_made(fake) -> int:
    """Message posts the fake has answered (Discord: deduplicated resends included)."""
    return len(fake.posts()) if isinstance(fake, FakeSlack) else len(fake.calls("POST", "/channels/"))


def slack_parts(slack: FakeSlack, key: str) -> list[tuple[int, str | None]]:
    """(part, thread_ts) of the stored messages carrying the key, oldest first."""
    return [(m["metadata"]["event_payload"]["part"], m.get("thread_ts")) for m in slack.messages
            if m["metadata"]["event_payload"]["key"] == key]


def test_a_slack_digest_cut_short_after_its_first_part_is_completed_in_its_thread(store):
    with FakeSlack() as slack:
        poster = SlackPoster(slack.token, base_url=slack.url)
        job = left_sending(store, "slack:C1")
        ids = poster.post_briefing("C1", long_briefing(), key=job.key)
        parts = len(ids)
        assert parts >= 3
        slack.messages[:] = [m for m in slack.messages if m["ts"] not in ids[1:]]  # only part 1 of n got out
        outcome = redeliver(store, job, poster)
        assert outcome.status == "sent"
        first = ids[0]
        assert slack_parts(slack, job.key) == [(0, None)] + [(i, first) for i in range(1, parts)]
        assert [m["blocks"] for m in slack.messages] == [m["blocks"] for m in slack_render.briefing_messages(
            long_briefing())]
        assert json.loads(store.delivery(job.key)["detail"])["messages"][0] == first


def test_a_discord_digest_cut_short_after_its_first_part_is_completed_once(store):
    with FakeDiscord() as discord:
        poster = DiscordPoster(discord.token, base_url=discord.url)
        job = left_sending(store, "discord:42")
        parts = len(discord_render.briefing_messages(long_briefing()))
        assert parts >= 3
        discord.fail_next("POST", "/channels/42/messages", status=403, after=1)  # part 1 accepted, then the end
        with pytest.raises(PostError):
            poster.post_briefing("42", long_briefing(), key=job.key)
        assert len(discord.messages("42")) == 1
        outcome = redeliver(store, job, poster)
        assert outcome.status == "sent"
        assert [m["nonce"] for m in discord.messages("42")] == [nonce_for(job.key, i, parts) for i in range(parts)]
        # Part 1 was not even offered again: past Discord's nonce memory it would have been posted twice.
        assert len(discord.calls("POST", "/channels/42/messages")) == 1 + 1 + (parts - 1)


@pytest.mark.parametrize("platform", ["slack", "discord"])
def test_a_fully_posted_digest_is_found_and_not_sent_again(store, platform):
    with FakeSlack() if platform == "slack" else FakeDiscord() as fake:
        if platform == "slack":
            poster, channel = SlackPoster(fake.token, base_url=fake.url), "C1"
        else:
            poster, channel = DiscordPoster(fake.token, base_url=fake.url), "42"
        job = left_sending(store, f"{platform}:{channel}")
        assert len(poster.post_briefing(channel, long_briefing(), key=job.key)) >= 3
        posted = posts_made(fake)
        outcome = redeliver(store, job, poster)
        assert outcome.status == "found" and posts_made(fake) == posted
        assert store.delivery(job.key)["status"] == "sent"


def test_a_discord_digest_that_failed_part_way_is_completed_on_retry_not_posted_again(store):
    """A PostError after part 1 (a permission pulled mid-send) leaves a "failed" row; the retry resumes."""
    with FakeDiscord() as discord:
        poster = DiscordPoster(discord.token, base_url=discord.url)
        job = Job("digest", "discord:42", "daily", "2025-07-24", DUE)
        parts = len(discord_render.briefing_messages(long_briefing()))
        assert parts >= 3

        def send(p, late):
            return Sent(p.post_briefing(job.channel_id, long_briefing(), key=job.key))

        discord.fail_next("POST", "/channels/42/messages", status=403, after=1)
        first = deliver(store, job, now=DUE, grace=dt.timedelta(hours=6), poster=lambda: poster, send=send)
        assert first.status == "failed" and len(discord.messages("42")) == 1
        retry_at = dt.datetime.fromisoformat(store.delivery(job.key)["retry_at"])
        second = deliver(store, job, now=retry_at, grace=dt.timedelta(hours=6), poster=lambda: poster, send=send)
        assert second.status == "sent"
        assert [m["nonce"] for m in discord.messages("42")] == [nonce_for(job.key, i, parts) for i in range(parts)]
        # Part 1 was not offered again; only the failed part and the rest were.
        assert len(discord.calls("POST", "/channels/42/messages")) == 1 + 1 + (parts - 1)


# -- a connection that drops after Slack accepted the post ------------------------------------
def slack_reminder_send(job: Job):
    def send(p, late):
        return Sent(p.post_text(job.channel_id, "Reminder: the quota deadline is tomorrow.", key=job.key))

    return send


def test_a_slack_post_accepted_before_the_connection_dropped_goes_out_once(store):
    """The SDK must not resend chat.postMessage on its own; delivery looks for the post, finds it, stops."""
    with FakeSlack() as slack:
        poster = SlackPoster(slack.token, base_url=slack.url)
        job = Job("reminder", "slack:C1", "quota", "1d@2025-07-25", DUE)
        slack.drop_after_accept("chat.postMessage")
        outcome = deliver(store, job, now=DUE, grace=dt.timedelta(hours=6), poster=lambda: poster,
                          send=slack_reminder_send(job))
        assert len(slack.messages) == 1 and slack.messages[0]["metadata"]["event_payload"]["key"] == job.key
        assert len(slack.calls("chat.postMessage")) == 1  # never offered twice
        assert slack.calls("conversations.history")  # the delivery layer looked before deciding
        assert outcome.status == "sent" and store.delivery(job.key)["status"] == "sent"


def test_a_slack_post_lost_with_its_connection_is_sent_again_after_the_lookup(store):
    """The connection dropped before Slack stored the post: the lookup finds nothing, so it is sent again, once."""
    with FakeSlack() as slack:
        poster = SlackPoster(slack.token, base_url=slack.url)
        job = Job("reminder", "slack:C1", "quota", "1d@2025-07-25", DUE)
        slack.drop_before_accept("chat.postMessage")
        outcome = deliver(store, job, now=DUE, grace=dt.timedelta(hours=6), poster=lambda: poster,
                          send=slack_reminder_send(job))
        assert len(slack.messages) == 1 and len(slack.calls("chat.postMessage")) == 2
        assert outcome.status == "sent" and store.delivery(job.key)["status"] == "sent"


def test_a_slack_lookup_whose_connection_drops_is_retried_by_the_client(store):
    """Reads are idempotent: the SDK still retries them after a dropped connection."""
    with FakeSlack() as slack:
        poster = SlackPoster(slack.token, base_url=slack.url)
        poster.post_text("C1", "hello", key="k1")
        slack.drop_before_accept("conversations.history")
        assert poster.already_posted("C1", "k1")
        assert len(slack.calls("conversations.history")) == 2
