"""Refusing a replayed Slack request (HTTP mode).

Bolt checks the signature and that the timestamp is within 5 minutes of now, but
remembers nothing: a signed `/brief today` sent again byte for byte inside that
window would run again. Every signature is remembered in the store until its
window has passed (shared by every process serving Slack, and kept across
restarts) and a repeat is refused with 401. Slack's own retries of an event
(`X-Slack-Retry-Num`) are acknowledged and not run again: a retry with a new
signature reaches the app, which drops an event id it has already handled; one
with a signature already seen gets a 200 and nothing else.

The acknowledgement must leave within 3 seconds, so the store is given at most
STORE_WAIT seconds (another process may hold its write lock, e.g. a large ingest);
past that the signature is checked against this process's memory only, and the
write to the store finishes in the background.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.response import BoltResponse

log = logging.getLogger(__name__)
REPLAY_WINDOW = 5 * 60  # Bolt refuses a timestamp further than this from now, either way
STORE_WAIT = 1.0


class ReplayCache:
    """Signatures seen, in the store at `path` (a connection of its own, on one thread) and in memory."""

    def __init__(self, path: Path | str, *, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.clock = clock
        self._memory: dict[str, float] = {}  # signature -> when it may be forgotten
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slack-replay")
        self._store = None

    def _remember_in_store(self, signature: str, now: float, expires_at: float) -> bool:
        if self._store is None:
            from bot.store import Store

            self._store = Store(self.path)
        return self._store.first_request(signature, now=now, expires_at=expires_at)

    async def first_time(self, signature: str, timestamp: str | None) -> bool:
        """True the first time this signature is seen within its replay window."""
        now = self.clock()
        try:
            sent_at = float(timestamp or now)
        except ValueError:
            sent_at = now
        expires_at = max(now, sent_at) + REPLAY_WINDOW  # a timestamp ahead of our clock stays valid longer
        self._memory = {s: t for s, t in self._memory.items() if t >= now}
        if signature in self._memory:
            return False
        self._memory[signature] = expires_at
        work = asyncio.get_running_loop().run_in_executor(self._executor, self._remember_in_store, signature,
                                                          now, expires_at)
        try:
            return await asyncio.wait_for(asyncio.shield(work), STORE_WAIT)
        except asyncio.TimeoutError:
            log.warning("the store was busy; checked this Slack request against this process's memory only")
            return True
        except Exception as err:  # a broken store must not stop the app from answering
            log.warning("the replay cache could not be written (%s); checked in memory only", type(err).__name__)
            return True

    def close(self) -> None:
        self._executor.submit(self._close_store)
        self._executor.shutdown(wait=True)

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class RefuseReplays(AsyncMiddleware):
    """Bolt global middleware, after Bolt's own signature check: a repeated signature goes no further."""

    def __init__(self, cache: ReplayCache):
        self.cache = cache

    async def async_process(self, *, req, resp, next):  # noqa: A002 (Bolt's argument name)
        signature = _header(req, "x-slack-signature")
        if not signature:  # Socket Mode: no HTTP request, nothing to replay
            return await next()
        if await self.cache.first_time(signature, _header(req, "x-slack-request-timestamp")):
            return await next()
        if _header(req, "x-slack-retry-num"):
            return BoltResponse(status=200, body="")  # Slack retrying what we already have: acknowledged, not re-run
        log.warning("refused a replayed Slack request (its signature was used in the last %d minutes)",
                    REPLAY_WINDOW // 60)
        return BoltResponse(status=401, body="")


def _header(req, name: str) -> str | None:
    values = req.headers.get(name) or []
    return values[0] if values else None
