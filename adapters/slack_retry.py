"""Which Slack calls the SDK may retry by itself, for the sync and the async client.

A 429 is always retried (Slack did nothing; it says when to come back). A dropped
connection is retried only for calls that change nothing (reads): after a
`chat.postMessage` whose answer was lost, Slack may already have the message, and a
blind resend posts it twice. Those errors reach the caller as `Uncertain` (see
`bot.posting.PostUncertain`), and the delivery layer looks for its own message before
it decides to send again. Both clients of the project take these handlers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

MAX_RETRIES = 3
# Calls that change nothing on Slack's side: safe to send again when their answer is lost.
READ_METHODS = frozenset({"auth.test", "users.info", "conversations.history", "conversations.replies",
                          "conversations.info", "apps.connections.open"})


def api_method(url: str) -> str:
    """ "chat.postMessage" from "https://slack.com/api/chat.postMessage?…"."""
    return urlsplit(url).path.rstrip("/").rpartition("/")[2]


def is_read(url: str) -> bool:
    return api_method(url) in READ_METHODS


class ReadConnectionErrorRetryHandler(ConnectionErrorRetryHandler):
    """The SDK's connection-error retries, for reads only."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        return is_read(request.url) and super()._can_retry(state=state, request=request, response=response,
                                                           error=error)


class AsyncReadConnectionErrorRetryHandler(AsyncConnectionErrorRetryHandler):
    """The async client's connection-error retries, for reads only."""

    async def _can_retry_async(self, *, state, request, response=None, error=None) -> bool:
        return is_read(request.url) and await super()._can_retry_async(state=state, request=request,
                                                                       response=response, error=error)


def retry_handlers(retries: int = MAX_RETRIES) -> list:
    """For the sync WebClient: 429s wait for Retry-After; dropped connections are retried for reads only."""
    return [ReadConnectionErrorRetryHandler(max_retry_count=retries),
            RateLimitErrorRetryHandler(max_retry_count=retries)]


def async_retry_handlers(retries: int = MAX_RETRIES) -> list:
    """The same for the AsyncWebClient of the Bolt app."""
    return [AsyncReadConnectionErrorRetryHandler(max_retry_count=retries),
            AsyncRateLimitErrorRetryHandler(max_retry_count=retries)]


def webhook_retry_handlers(retries: int = MAX_RETRIES) -> list:
    """A response_url post is never idempotent: 429s only."""
    return [AsyncRateLimitErrorRetryHandler(max_retry_count=retries)]
