"""The /brief commands end to end: a real discord.Client, started with a token, against the fake REST and gateway.

The fake gateway sends HELLO, READY and real INTERACTION_CREATE payloads; the client's
deferral (callback type 5) and follow-ups (webhook POSTs) are read back from the fake REST.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest

from adapters.discord_app import BriefClient, make_client, run_discord, serve_discord
from bot.commands import Commands
from bot.config import load_config
from bot.ingest import Ingester
from tests.conftest import EXAMPLES, NOW
from tests.fake_discord import APP_ID, FakeDiscord
from tests.fake_discord_gateway import slash_interaction
from tests.test_discord_render import assert_inert

MANAGE_GUILD = 1 << 5
SPAM_DOC = """Harbour Authority extends ferry strike talks

Published 23 July 2025

The harbour authority said on Wednesday that the ferry strike talks would resume on Friday. "@everyone @here <@123> \
<@&456> read [the full statement](http://evil.example/phish) now," the authority's spokesperson wrote in a post \
that was widely shared. The ferry union said it would answer by August 10.
"""


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory) -> Path:
    """The example articles and one mention-spamming article, ingested once for the module."""
    from bot.store import Store

    folder = tmp_path_factory.mktemp("discord")
    (folder / "spam").mkdir()
    (folder / "spam" / "harbour-spam.txt").write_text(SPAM_DOC, encoding="utf-8")
    store = Store(folder / "brief.db")
    list(Ingester(store, now=lambda: NOW).ingest_paths([EXAMPLES, folder / "spam"]))
    store.close()
    return folder / "brief.db"


def setup(tmp_path: Path, filled_db: Path, fake: FakeDiscord, guild_id: str | None = None):
    from bot.store import Store

    db = tmp_path / "brief.db"
    db.write_bytes(filled_db.read_bytes())
    config_file = tmp_path / "briefbot.toml"
    config_file.write_text(
        f'[discord]\napi_url = "{fake.url}"\n' + (f'guild_id = "{guild_id}"\n' if guild_id else "")
        + '[[channels]]\nplatform = "discord"\nid = "500"\ntopics = ["default"]\n', encoding="utf-8")
    config = load_config(config_file, db_override=str(db))
    store = Store(db)
    return config, Commands(store, now=lambda: NOW, config=config), store


async def wait(fake: FakeDiscord, method: str, path: str, count: int = 1):
    return await asyncio.to_thread(fake.wait_for, method, path, count)


async def interact(fake: FakeDiscord, sub: str, options: dict | None = None, *, n: int, **kw) -> tuple[dict, list]:
    """Deliver `/brief sub` as interaction n; its callback body and the follow-up bodies that arrive for it."""
    token = f"itoken-{n}"
    fake.gateway.dispatch("INTERACTION_CREATE",
                          slash_interaction(sub, options, interaction_id=str(700 + n), token=token, **kw))
    [callback] = (await wait(fake, "POST", f"/interactions/{700 + n}/{token}/callback"))
    followups = []
    if callback.body["type"] == 5:
        followups = [c.body for c in await wait(fake, "POST", f"/webhooks/{APP_ID}/{token}")]
    return callback.body, followups


def test_brief_commands_over_a_real_gateway_session(tmp_path, filled_db):
    with FakeDiscord() as fake:
        config, commands, store = setup(tmp_path, filled_db, fake)
        client = make_client(config, commands)

        async def scenario():
            task = asyncio.create_task(client.start(fake.token))
            try:
                await asyncio.to_thread(fake.gateway.wait_session)
                results = {"help": await interact(fake, "help", n=1),
                           "today": await interact(fake, "today", n=2),
                           "ask": await interact(fake, "ask", {"question": "what did the spokesperson write in the "
                                                               "post about the full statement?"}, n=3),
                           "deadlines": await interact(fake, "deadlines", n=4),
                           "sub_user": await interact(fake, "subscribe", {"topic": "default"}, n=5, channel_id="501"),
                           "sub_admin": await interact(fake, "subscribe", {"topic": "default"}, n=6, channel_id="501",
                                                       permissions=MANAGE_GUILD)}
                fake.gateway.reconnect()  # Discord moves the session: the client resumes on a new socket
                await asyncio.to_thread(fake.gateway.wait_session, 2)
                results["after_reconnect"] = await interact(fake, "today", n=7)
                return results
            finally:
                await client.close()
                await asyncio.wait_for(task, 10)

        results = asyncio.run(scenario())
        store.close()

    # The websocket URL discord.py built from GET /gateway/bot, and what it sent.
    first = fake.gateway.connections[0]
    assert first.query == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
    assert fake.gateway.identifies()[0]["token"] == fake.token
    assert fake.gateway.identifies()[0]["intents"] & (1 << 15) == 0  # no privileged message content intent
    assert fake.gateway.resumes() == [{"seq": fake.gateway.resumes()[0]["seq"], "session_id": "session-1",
                                       "token": fake.token}]
    assert len(fake.gateway.connections) == 2 and len(fake.gateway.identifies()) == 1

    # The tree was synced once, globally, with the six subcommands, and not again after the reconnect.
    assert len(fake.syncs) == 1 and client.syncs == 1
    assert fake.syncs[0].path == f"/applications/{APP_ID}/commands"
    [brief] = fake.syncs[0].body
    assert brief["name"] == "brief"
    assert [o["name"] for o in brief["options"]] == ["today", "ask", "deadlines", "subscribe", "unsubscribe", "help"]

    callback, followups = results["help"]  # answered at once, only to the asker
    assert callback["type"] == 4 and callback["data"]["flags"] == 64 and followups == []
    assert "subscribe TOPIC" in callback["data"]["embeds"][0]["description"]
    assert callback["data"]["allowed_mentions"] == {"parse": []}

    for name in ("today", "ask", "deadlines", "sub_user", "sub_admin", "after_reconnect"):
        callback, followups = results[name]
        assert callback["type"] == 5, name  # deferred: "briefbot is thinking…"
        assert followups, name
        assert all(body["allowed_mentions"] == {"parse": []} for body in followups), name

    digest = results["today"][1][0]
    assert digest["embeds"][0]["title"] == "Briefing: default"
    assert "**Positions**" in digest["embeds"][0]["description"]
    assert results["after_reconnect"][1][0]["embeds"][0]["title"] == "Briefing: default"

    answer = results["ask"][1]
    text = json.dumps(answer, ensure_ascii=False)
    assert "read the full statement (http://evil.example/phish) now" in text  # the passage is there...
    assert_inert(answer)  # ...but pings no one and links nothing

    deadlines = results["deadlines"][1][0]["embeds"][0]
    assert deadlines["title"] == "Deadlines" and "(in 17 days)**: The ferry union said" in deadlines["description"]

    assert "Only an admin" in results["sub_user"][1][0]["embeds"][0]["description"]
    assert results["sub_admin"][1][0]["embeds"][0]["description"] == "This channel now follows default."
    from bot.store import Store

    again = Store(config.db_path)
    assert again.subscriptions("discord:501") == ["default"]
    again.close()


def test_guild_mode_syncs_to_the_guild_and_answers_guild_commands(tmp_path, filled_db):
    with FakeDiscord() as fake:
        config, commands, store = setup(tmp_path, filled_db, fake, guild_id="400")
        client = make_client(config, commands)

        async def scenario():
            task = asyncio.create_task(client.start(fake.token))
            try:
                await asyncio.to_thread(fake.gateway.wait_session)
                return await interact(fake, "help", n=1, command_guild_id="400")
            finally:
                await client.close()
                await asyncio.wait_for(task, 10)

        callback, _ = asyncio.run(scenario())
        store.close()
    assert [c.path for c in fake.syncs] == [f"/applications/{APP_ID}/guilds/400/commands"]
    assert callback["type"] == 4


def test_without_a_token_the_client_refuses_clearly(tmp_path, capsys):
    config = load_config(None, db_override=str(tmp_path / "b.db"))
    assert run_discord(config, lambda: pytest.fail("no commands without a token")) == 2
    assert "DISCORD_TOKEN is not set" in capsys.readouterr().err


def test_a_rejected_token_is_a_clear_error_without_the_token(tmp_path, filled_db, monkeypatch, capsys):
    with FakeDiscord() as fake:
        config, commands, store = setup(tmp_path, filled_db, fake)
        monkeypatch.setenv("DISCORD_TOKEN", "wrong-token-value")
        assert run_discord(config, lambda: commands) == 2
        store.close()
    err = capsys.readouterr().err
    assert "rejected" in err and "wrong-token-value" not in err
    assert fake.syncs == []


def test_serve_discord_runs_until_cancelled(tmp_path, filled_db, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    with FakeDiscord() as fake:
        config, commands, store = setup(tmp_path, filled_db, fake)
        monkeypatch.setenv("DISCORD_TOKEN", fake.token)

        async def scenario():
            task = asyncio.create_task(serve_discord(config, lambda: commands))
            await asyncio.to_thread(fake.gateway.wait_session)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(scenario())
        store.close()
    assert len(fake.syncs) == 1
    assert fake.token not in caplog.text  # not in discord.py's debug log either
    client = make_client(config, commands)
    assert isinstance(client, BriefClient)
    assert client.allowed_mentions.to_dict() == {"parse": []}  # discord.py's default would allow @everyone
