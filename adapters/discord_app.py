"""The Discord client (`briefbot discord`): the `/brief` application commands over discord.py.

A translator only: an interaction becomes `Commands.handle(text, session, caller)` in a
thread (the command layer is synchronous), the `Reply` becomes embeds. Discord wants an
answer to an interaction within 3 seconds and a digest or an answer can take longer, so
every subcommand but `help` defers first ("briefbot is thinking…") and sends its messages
as follow-ups. Mentions are off for the client and for every send. The command tree is
synced once per process, in `setup_hook`, never on (re)connect; to one guild when
`[discord] guild_id` is set (instant, for development), else globally. REST goes to
`[discord] api_url` and the gateway to the URL that API names (`GET /gateway/bot`).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable

import discord
import yarl
from discord import app_commands

from adapters.discord_post import use_api
from adapters.discord_render import reply_messages, to_send_kwargs
from bot.commands import Caller, Commands, Reply, Session
from bot.config import Config, secret

log = logging.getLogger(__name__)


class DiscordSetupError(Exception):
    """The token is missing or rejected."""


class DiscordBot:
    """Interaction handling apart from the client: which caller, which session, the command layer off the loop."""

    def __init__(self, commands: Commands, *, sessions: int = 1000):
        self.commands = commands
        self.sessions: OrderedDict[tuple[str, str], Session] = OrderedDict()  # (channel, user), least recent first
        self.limit = sessions
        self._lock = threading.Lock()  # one command at a time: the store's connection is shared

    def session(self, caller: Caller) -> Session:
        """The asker's conversation in this channel, so "and what did Kyiv say?" follows the last question."""
        key = (caller.channel, caller.user)
        if key in self.sessions:
            self.sessions.move_to_end(key)
        else:
            self.sessions[key] = Session()
            while len(self.sessions) > self.limit:
                self.sessions.popitem(last=False)
        return self.sessions[key]

    def _handle(self, text: str, caller: Caller) -> Reply:
        with self._lock:
            return self.commands.handle(text, self.session(caller), caller)

    async def run(self, text: str, caller: Caller) -> Reply:
        try:
            return await asyncio.to_thread(self._handle, text, caller)
        except Exception:
            log.exception("command %r failed", text.partition(" ")[0])
            return Reply("error", text="Something went wrong on my side; please try again later.")

    async def respond(self, interaction: discord.Interaction, text: str, *, defer: bool = True) -> None:
        """Defer (when the work may take a while), run the command, send every message of the reply."""
        if defer:
            await interaction.response.defer(thinking=True)
            reply = await self.run(text, caller_for(interaction))
        else:
            # help: no store and no search, so no lock to wait for; answered within the 3 seconds
            reply = self.commands.handle(text, Session(), caller_for(interaction))
        messages = reply_messages(reply)
        if not defer:
            await interaction.response.send_message(**to_send_kwargs(messages[0]), ephemeral=True)
            messages = messages[1:]
        for message in messages:
            await interaction.followup.send(**to_send_kwargs(message))


def caller_for(interaction: discord.Interaction) -> Caller:
    """Who asks where: a thread counts as its parent channel; admin means Manage Server."""
    channel = interaction.channel
    channel_id = getattr(channel, "parent_id", None) if isinstance(channel, discord.Thread) else None
    channel_id = channel_id or interaction.channel_id
    return Caller("discord", str(channel_id), str(interaction.user.id),
                  bool(interaction.permissions.manage_guild))


def brief_group(bot: DiscordBot) -> app_commands.Group:
    """`/brief today|ask|deadlines|subscribe|unsubscribe|help`; descriptions come from the docstrings."""
    group = app_commands.Group(name="brief", description="Short, cited briefings from this channel's news sources",
                               guild_only=True)

    @group.command(name="today")
    async def today(interaction: discord.Interaction) -> None:
        """The briefing for what arrived in the last 24 hours."""
        await bot.respond(interaction, "today")

    @group.command(name="ask")
    @app_commands.describe(question="Your question, in plain words")
    async def ask(interaction: discord.Interaction, question: app_commands.Range[str, 1, 500]) -> None:
        """A cited answer from the sources, or "I found nothing"."""
        await bot.respond(interaction, f"ask {question}")

    @group.command(name="deadlines")
    async def deadlines(interaction: discord.Interaction) -> None:
        """What is due, when, and how many days are left."""
        await bot.respond(interaction, "deadlines")

    @group.command(name="subscribe")
    @app_commands.describe(topic="The topic this channel should follow")
    async def subscribe(interaction: discord.Interaction, topic: app_commands.Range[str, 1, 100]) -> None:
        """Follow a topic in this channel (Manage Server only)."""
        await bot.respond(interaction, f"subscribe {topic}")

    @group.command(name="unsubscribe")
    @app_commands.describe(topic="The topic this channel should stop following")
    async def unsubscribe(interaction: discord.Interaction, topic: app_commands.Range[str, 1, 100]) -> None:
        """Stop following a topic in this channel (Manage Server only)."""
        await bot.respond(interaction, f"unsubscribe {topic}")

    @group.command(name="help")
    async def help_(interaction: discord.Interaction) -> None:
        """What /brief can do."""
        await bot.respond(interaction, "help", defer=False)

    return group


class BriefClient(discord.Client):
    """The discord.py client with the /brief tree; `syncs` counts command-tree syncs (once per process)."""

    def __init__(self, bot: DiscordBot, *, guild_id: str | None = None):
        super().__init__(intents=discord.Intents.default(), allowed_mentions=discord.AllowedMentions.none())
        self.bot = bot
        self.guild_id = guild_id
        self.tree = app_commands.CommandTree(self)
        self.tree.add_command(brief_group(bot))
        self.syncs = 0

    async def setup_hook(self) -> None:
        """Runs once, after login and before the first gateway connection: not again on a reconnect."""
        try:
            _, url, _ = await self.http.get_bot_gateway()
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        except discord.GatewayNotFound:
            log.warning("GET /gateway/bot failed; using discord.py's default gateway")
        if self.guild_id:
            guild = discord.Object(id=int(self.guild_id))
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()
        self.syncs += 1
        log.info("synced /brief (%s)", f"guild {self.guild_id}" if self.guild_id else "global")


def make_client(config: Config, commands: Commands) -> BriefClient:
    """The client, with REST pointed at the configured API (the gateway follows in `setup_hook`)."""
    use_api(config.discord.api_url)
    return BriefClient(DiscordBot(commands), guild_id=config.discord.guild_id)


async def serve_discord(config: Config, make_commands: Callable[[], Commands]) -> None:
    """Run the Discord client until cancelled (for `briefbot serve`, beside Slack and the scheduler)."""
    token = secret("DISCORD_TOKEN")
    if not token:
        raise DiscordSetupError("DISCORD_TOKEN is not set")
    client = make_client(config, make_commands())
    async with client:
        try:
            await client.start(token)
        except discord.LoginFailure:
            raise DiscordSetupError("Discord rejected DISCORD_TOKEN (401)") from None


def run_discord(config: Config, make_commands: Callable[[], Commands]) -> int:
    """`briefbot discord`: the exit code (0 after Ctrl-C, 2 when the token is missing or rejected)."""
    try:
        asyncio.run(serve_discord(config, make_commands))
    except DiscordSetupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
