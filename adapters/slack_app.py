"""The Slack app (`briefbot slack`): `/brief`, mentions and thread follow-ups over Bolt's AsyncApp.

A translator only: a Slack request becomes `Commands.handle(text, session, caller)`,
the `Reply` becomes Block Kit. Slack wants an answer within 3 seconds and a digest
or an answer can take longer, so every request is acknowledged first and the work
runs in a thread afterwards; the result goes to the command's response_url, or is
posted (the public digest, answers to mentions in their thread).
Socket Mode when SLACK_APP_TOKEN is set, else HTTP with Bolt's signature checks.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack_post import post_options
from adapters.slack_replay import ReplayCache, RefuseReplays
from adapters.slack_retry import async_retry_handlers, webhook_retry_handlers
from adapters.slack_render import reply_messages
from bot.commands import Caller, Commands, Reply, Session
from bot.config import SLACK_API_URL, Config, secret

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
WORKING = "Working on it…"
FAST_WORDS = {"help", "?", "subscribe", "unsubscribe"}  # answered without a digest or a search
ADMIN_WORDS = {"subscribe", "unsubscribe"}  # the only ones that need to know whether the user is an admin


class SlackSetupError(Exception):
    """A token or secret the chosen mode needs is missing."""


class Bounded(OrderedDict):
    """A dict that forgets its least recently used entries beyond `limit` (threads, event ids)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def touch(self, key: Hashable, default: Callable[[], object]):
        """The value for key (created with `default()` when new), now the most recently used."""
        if key in self:
            self.move_to_end(key)
        else:
            self[key] = default()
            while len(self) > self.limit:
                self.popitem(last=False)
        return self[key]

    def first_time(self, key: Hashable) -> bool:
        """True the first time a key is seen (a Slack retry carries the same event_id)."""
        if key in self:
            return False
        self.touch(key, lambda: True)
        return True


class SlackBot:
    """Request handling, apart from how the app is served; `make_app` wires it into Bolt."""

    def __init__(self, commands: Commands, *, admins: tuple[str, ...] | list[str] = (), threads: int = 1000,
                 events: int = 10000):
        self.commands = commands
        self.admins = set(admins)
        self.sessions: Bounded = Bounded(threads)  # (channel, thread_ts or "slash:user") -> Session
        self.seen: Bounded = Bounded(events)  # event ids already handled
        self._lock = threading.Lock()  # one command at a time: the store's connection is shared

    # -- the command layer, off the event loop ---------------------------------------------
    def _handle(self, text: str, session: Session, caller: Caller) -> Reply:
        with self._lock:
            return self.commands.handle(text, session, caller)

    async def run(self, text: str, session: Session, caller: Caller) -> Reply:
        try:
            return await asyncio.to_thread(self._handle, text, session, caller)
        except Exception:
            log.exception("command %r failed", _first_word(text))
            return Reply("error", text="Something went wrong on my side; please try again later.")

    async def is_admin(self, client: AsyncWebClient, user: str) -> bool:
        """Listed in [slack] admins, or a workspace admin or owner; not an admin when Slack cannot say."""
        if user in self.admins:
            return True
        try:
            info = (await client.users_info(user=user)).get("user") or {}
        except Exception as err:  # SlackApiError, connection errors: never the token, only the kind
            log.warning("users.info failed for %s: %s", user, _error_code(err))
            return False
        return bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))

    async def caller(self, client: AsyncWebClient, channel: str, user: str, text: str) -> Caller:
        admin = _first_word(text) in ADMIN_WORDS and await self.is_admin(client, user)
        return Caller("slack", channel, user, admin)

    # -- /brief ------------------------------------------------------------------------------
    async def on_command(self, ack, command: dict, client: AsyncWebClient) -> None:
        text = command.get("text") or ""
        if _first_word(text) in FAST_WORDS:  # within 3 s, before any work
            await ack()
        else:
            await ack(WORKING)
        channel, user = command.get("channel_id", ""), command.get("user_id", "")
        caller = await self.caller(client, channel, user, text)
        session = self.sessions.touch((channel, f"slash:{user}"), Session)
        reply = await self.run(text, session, caller)
        messages = reply_messages(reply)
        if reply.kind == "digest":
            try:
                ts = await self.post(client, channel, messages[:1])
            except Exception as err:  # e.g. not_in_channel: the asker still gets the digest
                log.warning("posting the digest to %s failed (%s); answering the command only", channel,
                            _error_code(err))
            else:
                self.sessions.touch((channel, ts), Session)  # replies in its thread are follow-ups
                if messages[1:]:  # the rest of a long digest in its thread; never the start again
                    try:
                        await self.post(client, channel, messages[1:], thread_ts=ts)
                    except Exception as err:
                        log.warning("posting the rest of the digest to %s failed: %s", channel, _error_code(err))
                return
        await self.respond(command.get("response_url"), messages,
                           "in_channel" if reply.kind == "digest" else "ephemeral")

    async def respond(self, response_url: str | None, messages: list[dict], response_type: str) -> None:
        if not response_url:
            return
        hook = AsyncWebhookClient(response_url, retry_handlers=webhook_retry_handlers())
        for message in messages:
            try:
                await hook.send(**message, response_type=response_type, replace_original=False,
                                unfurl_links=False, unfurl_media=False)
            except Exception as err:
                log.warning("response_url failed: %s", _error_code(err))
                return

    async def post(self, client: AsyncWebClient, channel: str, messages: list[dict],
                   thread_ts: str | None = None) -> str:
        """Post messages: the first in the channel (or thread), the rest in its thread; the thread's ts."""
        first = await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **messages[0], **post_options(None))
        root = thread_ts or first["ts"]
        for message in messages[1:]:
            await client.chat_postMessage(channel=channel, thread_ts=root, **message, **post_options(None))
        return root

    # -- mentions and thread follow-ups ------------------------------------------------------
    async def on_mention(self, body: dict, event: dict, client: AsyncWebClient, context) -> None:
        if not self.seen.first_time(body.get("event_id") or (event.get("channel"), event.get("ts"))):
            return
        await self._thread_reply(client, event, _without_mention(event.get("text", ""), context.bot_user_id))

    async def on_message(self, body: dict, event: dict, client: AsyncWebClient, context) -> None:
        root, channel = event.get("thread_ts"), event.get("channel")
        if (not root or root == event.get("ts") or event.get("bot_id") or event.get("subtype") not in
                (None, "thread_broadcast", "file_share") or event.get("user") in (None, context.bot_user_id)):
            return
        text = event.get("text") or ""
        if context.bot_user_id and f"<@{context.bot_user_id}" in text:
            return  # the app_mention event for the same message answers it
        if (channel, root) not in self.sessions and event.get("parent_user_id") != context.bot_user_id:
            return  # someone else's thread: not ours to answer
        if not self.seen.first_time(body.get("event_id") or (channel, event.get("ts"))):
            return
        await self._thread_reply(client, event, text)

    async def _thread_reply(self, client: AsyncWebClient, event: dict, text: str) -> None:
        channel, user = event.get("channel", ""), event.get("user", "")
        root = event.get("thread_ts") or event.get("ts")
        session = self.sessions.touch((channel, root), Session)
        reply = await self.run(text, session, await self.caller(client, channel, user, text))
        try:
            await self.post(client, channel, reply_messages(reply), thread_ts=root)
        except Exception as err:
            log.warning("answering in %s failed: %s", channel, _error_code(err))


def _first_word(text: str) -> str:
    return text.strip().partition(" ")[0].lower().lstrip("/!")


def _without_mention(text: str, bot_user_id: str | None) -> str:
    """The question without the bot's own mention ("<@UBOT> what did Kyiv say?")."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())


def _error_code(err: Exception) -> str:
    """What went wrong, without anything a client might have put in its message (URLs, tokens)."""
    response = getattr(err, "response", None)
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return type(err).__name__


def make_app(commands: Commands, *, token: str, signing_secret: str = "", api_url: str = SLACK_API_URL,
             admins: tuple[str, ...] = ()) -> AsyncApp:
    """The Bolt app with the /brief command, mentions and thread messages wired to a SlackBot."""
    client = AsyncWebClient(token=token, base_url=api_url, retry_handlers=async_retry_handlers())
    app = AsyncApp(client=client, signing_secret=signing_secret, name="briefbot")
    app.replays = None
    if signing_secret and commands is not None:  # HTTP mode: a signed request may be replayed
        app.replays = ReplayCache(commands.store.path)
        app.use(RefuseReplays(app.replays))
    bot = SlackBot(commands, admins=admins)
    app.command("/brief")(bot.on_command)
    app.event("app_mention")(bot.on_mention)
    app.event("message")(bot.on_message)
    app.briefbot = bot  # for tests and `serve`: the sessions and the command layer behind the app
    return app


async def start_http(app: AsyncApp, *, host: str = "127.0.0.1", port: int = 3000):
    """Serve the app over HTTP with Bolt's aiohttp server; (runner, bound port). Port 0 picks one."""
    from aiohttp import web

    runner = web.AppRunner(app.web_app(path=EVENTS_PATH, port=port))
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner, runner.addresses[0][1]


async def serve_slack(config: Config, make_commands: Callable[[], Commands], *, port: int | None = None,
                      host: str | None = None) -> None:
    """Run the Slack app until cancelled: Socket Mode with SLACK_APP_TOKEN, else HTTP on `host`:`port`.

    The host is `[slack] host`: 127.0.0.1 (behind a reverse proxy) unless configured, 0.0.0.0 in a container.
    """
    token = secret("SLACK_BOT_TOKEN")
    app_token = secret("SLACK_APP_TOKEN")
    signing_secret = secret("SLACK_SIGNING_SECRET")
    if not token:
        raise SlackSetupError("SLACK_BOT_TOKEN is not set")
    if not app_token and not signing_secret:
        raise SlackSetupError("HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)")
    port = config.slack.port if port is None else port
    host = config.slack.host if host is None else host
    app = make_app(make_commands(), token=token, signing_secret=signing_secret or "",
                   api_url=config.slack.api_url, admins=config.slack.admins)
    if app_token:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(app, app_token)
        try:
            await handler.connect_async()  # keeps retrying until connected or cancelled
            log.warning("Slack app connected in Socket Mode")
            await asyncio.Event().wait()
        finally:
            await handler.close_async()
    else:
        runner, bound = await start_http(app, host=host, port=port)
        log.warning("Slack app listening on %s:%s%s", host, bound, EVENTS_PATH)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
            if app.replays is not None:
                app.replays.close()


def run_slack(config: Config, make_commands: Callable[[], Commands], *, port: int | None = None) -> int:
    """`briefbot slack`: the exit code (0 after Ctrl-C, 2 when a token or secret is missing)."""
    try:
        asyncio.run(serve_slack(config, make_commands, port=port))
    except SlackSetupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
