"""Posting to Slack without a chat session (scheduler, `digest --post`): the sync Web API client.

Every message carries the idempotency key as Slack message metadata, with its part
number and the number of parts (a long digest is the first message in the channel and
the rest as replies in its thread). After a crash between sending and recording,
`already_posted` finds the first part in the channel's recent history and the others
in its thread, and `resume=True` posts only the parts that are missing.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters import slack_render, slack_retry
from adapters.posters import RenderedPoster
from bot.config import SLACK_API_URL
from bot.posting import PostError, PostUncertain

EVENT_TYPE = "briefbot_post"
MAX_RETRIES = slack_retry.MAX_RETRIES
HISTORY_PAGE = 200  # messages per conversations.history page
HISTORY_PAGES = 3  # how far back `already_posted` looks (channel, then thread): a crash is recovered within minutes


def retry_handlers() -> list:
    """429s wait for Retry-After; dropped connections are retried for reads only (adapters.slack_retry)."""
    return slack_retry.retry_handlers(MAX_RETRIES)


def post_options(key: str | None, part: int = 0, parts: int = 1) -> dict:
    """What every message we post carries: no unfurls, no name linking, the key and which part (0-based) of how many."""
    options = {"unfurl_links": False, "unfurl_media": False, "link_names": False}
    if key:
        options["metadata"] = {"event_type": EVENT_TYPE, "event_payload": {"key": key, "part": part, "parts": parts}}
    return options


class SlackPoster(RenderedPoster):
    """The `bot.posting.Poster` for Slack; the token is held by the client only and never shown."""

    render = slack_render

    def __init__(self, token: str, *, base_url: str = SLACK_API_URL, timeout: int = 30):
        self._client = WebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=retry_handlers())
        self._token = token

    def __repr__(self) -> str:
        return f"SlackPoster(base_url={self._client.base_url!r})"

    def _call(self, method: str, **kwargs) -> dict:
        try:
            return getattr(self._client, method.replace(".", "_"))(**kwargs).data
        except SlackApiError as err:
            code = err.response.get("error") if isinstance(err.response.data, dict) else None
            status = err.response.status_code
            raise PostError(self._scrub(f"Slack {method} failed: {code or 'HTTP ' + str(status)}")) from None
        except Exception as err:  # connection refused or dropped, timeouts: after the client's own retries
            # A write whose answer was lost may have been done: the caller looks before resending.
            error = PostError if method in slack_retry.READ_METHODS else PostUncertain
            raise error(self._scrub(f"Slack {method} failed: {type(err).__name__}: {err}")) from None

    def _scrub(self, text: str) -> str:
        return text.replace(self._token, "[token]") if self._token else text

    def _post(self, channel_id: str, message: dict, key: str | None, part: int, parts: int,
              thread_ts: str | None = None) -> str:
        kwargs = {"channel": channel_id, **message, **post_options(key, part, parts)}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        return self._call("chat.postMessage", **kwargs)["ts"]

    def post_messages(self, channel_id: str, messages: list[dict], *, key: str | None = None,
                      thread_ts: str | None = None, resume: bool = False) -> list[str]:
        """The first message in the channel (or the given thread), the rest as replies in its thread.

        With `resume` (and a key, no given thread), parts of this post already in the channel are
        kept and only the missing ones posted, into the thread of the first part found; if the
        first part is not found, or the earlier attempt had another number of parts, all are posted.
        """
        found: dict[int, str] = {}
        if resume and key and not thread_ts:
            found, total = self._parts(channel_id, key)
            if total != len(messages):
                found = {}
        parts = len(messages)
        first = found.get(0) or self._post(channel_id, messages[0], key, 0, parts, thread_ts)
        return [first] + [found.get(i) or self._post(channel_id, m, key, i, parts, thread_ts or first)
                          for i, m in enumerate(messages[1:], 1)]

    def already_posted(self, channel_id: str, key: str) -> bool:
        """Is every part of the post with this key there: the first in recent history, the rest in its thread?

        A partly posted digest counts as not posted (`resume=True` then completes it).
        """
        found, total = self._parts(channel_id, key)
        return total is not None and set(found) >= set(range(total))

    def _parts(self, channel_id: str, key: str) -> tuple[dict[int, str], int | None]:
        """The parts of the post with this key that are in the channel (part -> ts) and how many it has.

        Nothing (and None) when the first part is not among the recent messages: later parts
        live only in its thread. A message from before parts were recorded counts as a whole post.
        """
        first = next((m for m in self._pages("conversations.history", channel=channel_id)
                      if has_key(m, key) and part_of(m)[0] == 0), None)
        if first is None:
            return {}, None
        total = part_of(first)[1]
        found = {0: first["ts"]}
        if total > 1:
            for m in self._pages("conversations.replies", channel=channel_id, ts=first["ts"]):
                if has_key(m, key) and m.get("thread_ts") == first["ts"]:
                    part, parts = part_of(m)
                    if parts == total:
                        found.setdefault(part, m["ts"])
                if len(found) == total:
                    break
        return found, total

    def _pages(self, method: str, **params):
        """The messages of a history or replies listing, page by page, at most HISTORY_PAGES pages."""
        cursor = None
        for _ in range(HISTORY_PAGES):
            kwargs = {**params, "limit": HISTORY_PAGE, "include_all_metadata": True}
            if cursor:
                kwargs["cursor"] = cursor
            page = self._call(method, **kwargs)
            yield from page.get("messages", [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return


def has_key(message: dict, key: str) -> bool:
    metadata = message.get("metadata") or {}
    return metadata.get("event_type") == EVENT_TYPE and (metadata.get("event_payload") or {}).get("key") == key


def part_of(message: dict) -> tuple[int, int]:
    """(part, parts) from a keyed message's metadata; (0, 1) for messages posted before parts were recorded."""
    payload = (message.get("metadata") or {}).get("event_payload") or {}
    part, parts = payload.get("part", 0), payload.get("parts", 1)
    return (part, parts) if isinstance(part, int) and isinstance(parts, int) and 0 <= part < parts else (-1, 0)
