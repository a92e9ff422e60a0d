"""The command layer every adapter calls: channel topics, admin-only subscriptions, deadlines.

Driven through the console adapter where a console can say it (the same layer the chat
platforms call), and through `Commands.handle` with a chat `Caller` where only a channel can.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import shutil
from pathlib import Path

import pytest

from adapters.console import run_console
from bot.commands import Caller, Commands, Session
from bot.config import Channel, Config
from bot.ingest import Ingester

WIRE = Path(__file__).parent / "fixtures" / "wire"
NOW = dt.datetime(2025, 3, 5, 9, 0, tzinfo=dt.timezone.utc)  # two days after the steel article
TRADE_CHANNEL = Caller("slack", "C1", "U1")
ADMIN = Caller("slack", "C1", "U2", is_admin=True)
STRANGER = Caller("slack", "C9", "U1", is_admin=True)


@pytest.fixture
def commands(store, drop):
    for name in ("steel-tariff-talks-wire.txt", "chips-export-rules-undated.txt"):
        shutil.copy(WIRE / name, drop / name)
    topic_for = lambda p: "tech" if "chips" in p.name else "trade"  # noqa: E731
    list(Ingester(store, now=lambda: NOW, topic_for=topic_for).ingest_paths([drop]))
    config = Config(channels=(Channel("slack", "C1", topics=("trade",)),))
    return Commands(store, now=lambda: NOW, config=config)


def test_a_channel_sees_its_configured_topics_only(commands):
    assert commands.channel_topics("slack:C1") == ["trade"]
    answer = commands.handle("ask What did South Korea ask Washington for?", Session(), TRADE_CHANNEL)
    assert answer.kind == "answer" and not answer.answer.answerable  # the chips story is in "tech"
    console = commands.handle("ask What did South Korea ask Washington for?", Session())
    assert console.answer.answerable and "90-day extension" in console.answer.answer


def test_a_channel_with_no_topics_is_told_how_to_subscribe_but_not_the_topics_it_cannot_see(commands):
    for text in ("today", "deadlines", "ask What did South Korea ask Washington for?"):
        reply = commands.handle(text, Session(), STRANGER)
        assert reply.kind == "error" and "/brief subscribe TOPIC" in reply.text
        assert not {"trade", "tech", "default"} & set(reply.text.replace("`", " ").replace(".", " ").split())
    # An admin who subscribes is the one shown the topics.
    assert "trade" in commands.handle("subscribe", Session(), STRANGER).text


def test_subscribing_needs_an_admin_and_a_known_topic(commands):
    refused = commands.handle("subscribe tech", Session(), TRADE_CHANNEL)
    assert refused.kind == "error" and "admin" in refused.text
    assert commands.channel_topics("slack:C1") == ["trade"]
    unknown = commands.handle("subscribe sports", Session(), ADMIN)
    assert unknown.kind == "error" and "No topic called 'sports'" in unknown.text
    assert commands.handle("subscribe tech", Session(), ADMIN).kind == "info"
    assert commands.channel_topics("slack:C1") == ["trade", "tech"]
    answer = commands.handle("What did South Korea ask Washington for?", Session(), TRADE_CHANNEL)
    assert answer.answer.answerable and "90-day extension" in answer.answer.answer
    # Another channel is not affected by C1's subscription.
    assert commands.channel_topics("slack:C9") == []


def test_unsubscribing(commands):
    commands.handle("subscribe tech", Session(), ADMIN)
    assert commands.handle("unsubscribe tech", Session(), TRADE_CHANNEL).kind == "error"  # not an admin
    assert commands.handle("unsubscribe tech", Session(), ADMIN).text == "This channel no longer follows tech."
    assert commands.channel_topics("slack:C1") == ["trade"]
    fixed = commands.handle("unsubscribe trade", Session(), ADMIN)
    assert fixed.kind == "error" and "configuration file" in fixed.text


def test_deadlines_reply_through_the_console(commands):
    out = io.StringIO()
    run_console(commands, io.StringIO("deadlines\nsubscribe tech\n"), out, prompt=False)
    text = out.getvalue()
    # Steel article of Monday 3 March 2025: "The current truce expires on March 31." -> 26 days after 5 March.
    assert "Mon 31 Mar 2025 (in 26 days)" in text
    assert "truce expires on March 31" in text
    assert "Subscriptions belong to a chat channel" in text


def test_deadlines_of_a_channel_follow_its_topics(commands):
    trade = commands.handle("deadlines", Session(), TRADE_CHANNEL)
    assert trade.kind == "deadlines" and [d.due for d in trade.deadlines] == ["2025-03-31"]
    assert trade.today == NOW.date()
    tech_only = Commands(commands.store, now=commands.now,
                         config=Config(channels=(Channel("slack", "C2", topics=("tech",)),)))
    assert tech_only.handle("deadlines", Session(), Caller("slack", "C2")).deadlines == []


def test_passed_deadlines_are_not_listed(commands):
    later = Commands(commands.store, now=lambda: dt.datetime(2025, 4, 2, tzinfo=dt.timezone.utc))
    assert later.deadlines(["trade"]) == []
    assert [d.status for d in later.deadlines(["trade"], include_passed=True)] == ["passed"]


def test_brief_prefix_and_help(commands):
    assert commands.handle("/brief help", Session(), TRADE_CHANNEL).kind == "help"
    assert commands.handle("brief today", Session(), TRADE_CHANNEL).kind == "digest"
    digest = commands.handle("", Session(), TRADE_CHANNEL)
    assert digest.kind == "digest" and digest.briefing.topic == "trade"
    assert digest.briefing.documents == 1  # only the trade article, not the chips one


def test_a_digest_pauses_the_cycle_collector_and_puts_it_back_as_it_was(commands, monkeypatch):
    # A window's objects form no cycles, and the collector's passes over thousands of articles' facts cost a second:
    # paused while the briefing is built, on again afterwards, and left off where the caller had turned it off.
    during = []
    import summarizer.briefing.build as building

    build = building.build_briefing

    def spy(*args, **kwargs):
        during.append(gc.isenabled())
        return build(*args, **kwargs)

    monkeypatch.setattr(building, "build_briefing", spy)  # the digest imports it from there when it runs
    assert gc.isenabled()
    briefing = commands.digest(since=NOW - dt.timedelta(days=30))
    assert briefing.documents == 2 and during == [False] and gc.isenabled()
    gc.disable()
    try:
        commands.digest(since=NOW - dt.timedelta(days=30))
        assert during == [False, False] and not gc.isenabled()
    finally:
        gc.enable()
