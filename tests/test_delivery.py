"""Delivery through the real Discord poster (discord.py REST) against a fake Discord API on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from bot.config import Channel, Config, DiscordConfig, SchedulerConfig
from bot.delivery import owner_id
from bot.ingest import Ingester
from bot.scheduler import Scheduler
from bot.store import Store
from tests.fake_discord import FakeDiscord

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
    return Scheduler(store, config)


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
