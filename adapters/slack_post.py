"""Posting to Slack without a chat session (scheduler, `digest --post`): the sync Web API client.

Every message carries the idempotency key as Slack message metadata, so that after
a crash between sending and recording, `already_posted` can find the message in
the channel's recent history instead of posting it twice.
"""

from __future__ import annotations

import datetime as dt

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from adapters.slack_render import briefing_messages, reminder_message, text_message
from bot.config import SLACK_API_URL
from bot.posting import PostError
from summarizer.model import Briefing, Deadline

EVENT_TYPE = "briefbot_post"
MAX_RETRIES = 3
HISTORY_PAGE = 200  # messages per conversations.history page
HISTORY_PAGES = 3  # how far back `already_posted` looks: a crash is recovered within minutes


def retry_handlers() -> list:
    """429s wait for Retry-After; dropped connections are retried; both a bounded number of times."""
    return [ConnectionErrorRetryHandler(max_retry_count=MAX_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=MAX_RETRIES)]


def post_options(key: str | None) -> dict:
    """What every message we post carries: no unfurls, no name linking, and the idempotency key."""
    options = {"unfurl_links": False, "unfurl_media": False, "link_names": False}
    if key:
        options["metadata"] = {"event_type": EVENT_TYPE, "event_payload": {"key": key}}
    return options


class SlackPoster:
    """The `bot.posting.Poster` for Slack; the token is held by the client only and never shown."""

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
        except Exception as err:  # connection refused, timeouts: after the client's own retries
            raise PostError(self._scrub(f"Slack {method} failed: {type(err).__name__}: {err}")) from None

    def _scrub(self, text: str) -> str:
        return text.replace(self._token, "[token]") if self._token else text

    def _post(self, channel_id: str, message: dict, key: str | None, thread_ts: str | None = None) -> str:
        kwargs = {"channel": channel_id, **message, **post_options(key)}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        return self._call("chat.postMessage", **kwargs)["ts"]

    def post_messages(self, channel_id: str, messages: list[dict], *, key: str | None = None,
                      thread_ts: str | None = None) -> list[str]:
        """The first message in the channel (or the given thread), the rest as replies in its thread."""
        first = self._post(channel_id, messages[0], key, thread_ts)
        return [first] + [self._post(channel_id, m, key, thread_ts or first) for m in messages[1:]]

    def post_briefing(self, channel_id: str, briefing: Briefing, *, key: str | None = None) -> list[str]:
        return self.post_messages(channel_id, briefing_messages(briefing), key=key)

    def post_reminder(self, channel_id: str, deadline: Deadline, today: dt.date, *, offset: str,
                      late: bool = False, key: str | None = None) -> list[str]:
        return self.post_messages(channel_id, [reminder_message(deadline, today, late=late)], key=key)

    def post_text(self, channel_id: str, text: str, *, key: str | None = None) -> list[str]:
        return self.post_messages(channel_id, [text_message(text)], key=key)

    def already_posted(self, channel_id: str, key: str) -> bool:
        """Is a message with this key among the channel's recent messages?"""
        cursor = None
        for _ in range(HISTORY_PAGES):
            kwargs = {"channel": channel_id, "limit": HISTORY_PAGE, "include_all_metadata": True}
            if cursor:
                kwargs["cursor"] = cursor
            page = self._call("conversations.history", **kwargs)
            if any(has_key(m, key) for m in page.get("messages", [])):
                return True
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return False
        return False


def has_key(message: dict, key: str) -> bool:
    metadata = message.get("metadata") or {}
    return metadata.get("event_type") == EVENT_TYPE and (metadata.get("event_payload") or {}).get("key") == key
