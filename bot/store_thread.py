"""A store confined to one thread of its own: opened, used and closed there.

Python's sqlite3 lets one thread close a connection while another is inside a statement on
it; the statement then runs on a freed handle and the process dies with SIGSEGV. A worker
that lost its lock did exactly that: it closed its store on the event loop while a scheduler
tick still ran on a thread of the default executor. Here every use of the connection is a job
on one thread's queue, and closing is queued behind the last of them, so it cannot overlap
any; the connection refuses use from any other thread (Store(one_thread=True)).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from bot.store import Store

T = TypeVar("T")


class StoreThread:
    """One Store on one thread. `run` (async) and `call` (blocking) queue work that uses it."""

    def __init__(self, path: Path | str, name: str):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._closed = False
        try:
            self.store: Store = self._pool.submit(Store, path, one_thread=True).result()
        except BaseException:
            self._pool.shutdown(wait=True)
            raise

    @classmethod
    async def open(cls, path: Path | str, name: str) -> StoreThread:
        """Open without blocking the event loop (a migration may wait for another writer)."""
        return await asyncio.to_thread(cls, path, name)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run fn on the store's thread and wait for it (from any thread but that one)."""
        return self._pool.submit(fn, *args, **kwargs).result()

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run fn on the store's thread. Cancelling the caller does not stop fn once it has started."""
        return await asyncio.wrap_future(self._pool.submit(fn, *args, **kwargs))

    def close(self) -> None:
        """Close the store once every job queued before has finished; then the thread ends. Idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            self._pool.submit(self.store.close).result()
        finally:
            self._pool.shutdown(wait=True)

    async def aclose(self) -> None:
        await asyncio.to_thread(self.close)
