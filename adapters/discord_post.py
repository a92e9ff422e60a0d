"""Posting to Discord without a chat session (scheduler, `digest --post`): discord.py's REST layer only.

No gateway: each call logs in over REST (`GET /users/@me`), sends with
`POST /channels/{id}/messages` through discord.py's `HTTPClient` (its own bounded
429 handling: a rate limit longer than RATE_LIMIT_WAIT seconds, or five failed
tries, is an error) and closes. Synchronous on the outside, for the scheduler's
threads and the CLI.

Idempotency: every message carries a `nonce` derived from the post's key with
`enforce_nonce: true`, so Discord returns the first message instead of creating a
second when the same post is sent again within its dedup window (a few minutes).
Discord does not keep the nonce on stored messages, so the key is also marked in the
footer of the message's last embed ("ref 1a2b3c4d5e6f 1/2") where `already_posted`
can read it back later, and `resume=True` can tell which parts of a long digest are
already there and send only the missing ones.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import threading

import aiohttp
import discord
from discord.http import HTTPClient, Route, handle_message_parameters

from adapters import discord_render
from adapters.discord_render import MAX_FOOTER
from adapters.posters import RenderedPoster
from bot.config import DISCORD_API_URL
from bot.posting import PostError

RATE_LIMIT_WAIT = 60.0  # seconds; a longer Retry-After fails the post (the scheduler tries again later)
HISTORY = 50  # recent messages `already_posted` reads
log = logging.getLogger(__name__)


def use_api(base_url: str) -> None:
    """Point discord.py's REST calls (bot, interaction and webhook routes) at `base_url` (with /api/vN).

    `Route.BASE` is a class attribute: one API per process, set before any request.
    """
    Route.BASE = base_url.rstrip("/")


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def nonce_for(key: str, part: int, parts: int) -> str:
    """Part `part` (0-based) of `parts`: 20 hex digits of the key's hash, then the part and the count (24 chars)."""
    return f"{key_hash(key)[:20]}{part:02d}{parts:02d}"


def mark_for(key: str, part: int, parts: int) -> str:
    return f"ref {key_hash(key)[:12]} {part + 1}/{parts}"


def with_mark(message: dict, key: str | None, part: int, parts: int) -> dict:
    """The message with its key's nonce, and the reference mark in the last embed's footer."""
    if not key:
        return message
    message = {**message, "embeds": [dict(e) for e in message.get("embeds", [])], "nonce": nonce_for(key, part, parts)}
    mark = mark_for(key, part, parts)
    if message["embeds"]:
        last = message["embeds"][-1]
        text = (last.get("footer") or {}).get("text", "")
        room = MAX_FOOTER - len(mark) - 3
        text = (text if len(text) <= room else text[: room - 1] + "…") + " · " + mark if text else mark
        last["footer"] = {"text": text}
    else:
        message["content"] = f"{message.get('content', '')}\n-# {mark}".strip()
    return message


def parts_seen(messages: list[dict], key: str, author_id: str | None) -> tuple[set[int], int | None]:
    """Which parts of the post with this key are among `messages` (by nonce or reference mark), and how many it has."""
    found, total = parts_found(messages, key, author_id)
    return set(found), total


def parts_found(messages: list[dict], key: str, author_id: str | None) -> tuple[dict[int, str], int | None]:
    """Like `parts_seen`, with each part's message id (the oldest, should a part be there twice)."""
    h = key_hash(key)
    nonce = re.compile(rf"{h[:20]}(\d\d)(\d\d)")
    mark = re.compile(rf"ref {h[:12]} (\d+)/(\d+)")
    found: dict[int, str] = {}
    total = None
    for m in messages:
        if author_id and str((m.get("author") or {}).get("id")) != str(author_id):
            continue  # only our own messages count: a user could paste the text
        if (hit := nonce.fullmatch(str(m.get("nonce") or ""))):
            found[int(hit.group(1))] = str(m.get("id"))
            total = int(hit.group(2))
            continue
        texts = [(e.get("footer") or {}).get("text", "") for e in m.get("embeds") or []] + [m.get("content") or ""]
        for text in texts:
            if (hit := mark.search(text)):
                found[int(hit.group(1)) - 1] = str(m.get("id"))
                total = int(hit.group(2))
    return found, total


def _run(coro):
    """Run a coroutine to completion from synchronous code, even when this thread already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    result: dict = {}

    def target():
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as err:  # handed back to the caller's thread
            result["error"] = err

    thread = threading.Thread(target=target, name="discord-post")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


class DiscordPoster(RenderedPoster):
    """The `bot.posting.Poster` for Discord over REST; the token stays inside discord.py's client, never shown."""

    render = discord_render

    def __init__(self, token: str, *, base_url: str = DISCORD_API_URL):
        self._token = token
        self.base_url = base_url.rstrip("/")

    def __repr__(self) -> str:
        return f"DiscordPoster(base_url={self.base_url!r})"

    async def _session(self, work):
        use_api(self.base_url)
        http = HTTPClient(asyncio.get_running_loop(), max_ratelimit_timeout=RATE_LIMIT_WAIT)
        try:
            me = await http.static_login(self._token)
            return await work(http, str(me["id"]))
        except discord.LoginFailure:
            raise PostError("Discord rejected the bot token (401): check DISCORD_TOKEN") from None
        except discord.RateLimited as err:
            raise PostError(f"Discord rate limit of {err.retry_after:.0f} s is longer than we wait") from None
        except discord.HTTPException as err:
            raise PostError(self._scrub(f"Discord answered HTTP {err.status} (code {err.code}): {err.text}")) from None
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as err:
            raise PostError(self._scrub(f"Discord is unreachable: {type(err).__name__}: {err}")) from None
        finally:
            await http.close()

    def _scrub(self, text: str) -> str:
        return text.replace(self._token, "[token]") if self._token else text

    def post_messages(self, channel_id: str, messages: list[dict], *, key: str | None = None,
                      resume: bool = False) -> list[str]:
        """Send the payloads in order; their message ids. With a key, each carries its nonce and mark.

        With `resume` (and a key), parts of this post among the channel's last HISTORY messages
        are kept and only the missing ones sent (unless the earlier attempt had another number
        of parts: then all are sent).
        """
        async def work(http: HTTPClient, me: str) -> list[str]:
            found: dict[int, str] = {}
            if resume and key:
                found, total = parts_found(await http.logs_from(channel_id, HISTORY), key, me)
                if total != len(messages):
                    found = {}
            ids = []
            for i, message in enumerate(messages):
                if i in found:
                    ids.append(found[i])
                    continue
                marked = with_mark(message, key, i, len(messages))
                params = handle_message_parameters(
                    content=marked.get("content") or discord.utils.MISSING,
                    embeds=[discord.Embed.from_dict(e) for e in marked.get("embeds", [])],
                    nonce=marked.get("nonce"),
                    allowed_mentions=discord.AllowedMentions.none(),
                )
                with params:
                    sent = await http.send_message(channel_id, params=params)
                ids.append(str(sent["id"]))
            return ids

        return _run(self._session(work))

    def already_posted(self, channel_id: str, key: str) -> bool:
        """Is every part of the post with this key among the channel's last 50 messages (ours only)?

        Guarantees: a post that reached the channel and is still among its 50 latest
        messages is found (by the reference mark; by the nonce too where the API returns
        it), and a partly sent digest counts as not posted (`resume=True` then sends only
        its missing parts). Cannot guarantee: a post pushed out of the last 50 by a busy
        channel, or deleted by someone, reads as not posted; sending it again then
        duplicates the parts that did arrive unless Discord's nonce dedup window (minutes)
        still covers them.
        """
        async def work(http: HTTPClient, me: str) -> bool:
            messages = await http.logs_from(channel_id, HISTORY)
            seen, total = parts_seen(messages, key, me)
            return total is not None and seen >= set(range(total))

        return _run(self._session(work))
