"""Process entry points: `worker --once`, the long-running `worker`, and `serve` (worker + chat apps).

The worker ingests what lands in the drop folders and runs the scheduler. Exactly one
scheduler runs per store: a second worker reports the holder on stderr and exits with
LOCK_HELD_EXIT.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from adapters.posters import posters_from
from bot.scheduler import LockHeld, Scheduler, SchedulerLock, Timers, real_now
from bot.store import BUSY_TIMEOUT_MS, Store
from bot.store_thread import StoreThread

LOCK_HELD_EXIT = 3
log = logging.getLogger(__name__)


class ShiftedClock:
    """Real time moved to start at `start` (the --now of a long-running worker); real time without it."""

    def __init__(self, start: dt.datetime | None = None):
        self._shift = (start - real_now()) if start else dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return real_now() + self._shift


def _say(stream: TextIO, line: str) -> None:
    stream.write(line + "\n")
    stream.flush()


def ingest_waiting(config, store: Store, now: Callable[[], dt.datetime], err: TextIO) -> int:
    """Ingest every file already in the drop folders (known ones are skipped cheaply); how many were added."""
    folders = [f for f in config.drop_folders if f.is_dir()]
    if not any(p.is_file() for folder in folders for p in folder.rglob("*")):
        return 0  # nothing waiting: spare the reader and NLP imports
    from bot.ingest import ADDED, IGNORED, Ingester, Outcome, expand
    from bot.watch import wait_settled

    ingester = Ingester.from_config(store, config, now=now, aliases=config.aliases_for(None))
    added = 0
    for root, path in expand(folders):
        if wait_settled(path, config.settle_seconds):  # an upload may be under way
            outcome = ingester.ingest_file(path, root=root)
        else:
            outcome = Outcome(path, IGNORED, "still being written (it kept changing); ingested once it stops")
        added += outcome.status == ADDED
        if outcome.status not in ("known", "ignored"):
            _say(err, outcome.line())
    return added


def run_once(config, now: dt.datetime, *, llm=None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """One tick as of `now`: ingest what waits, send everything due and not yet delivered."""
    store = Store(config.db_path)
    lock = SchedulerLock(store, stale=config.scheduler.lease)
    try:
        lock.acquire()
    except LockHeld as held:
        _say(err, f"error: {held}")
        store.close()
        return LOCK_HELD_EXIT
    try:
        ingest_waiting(config, store, lambda: now, err)
        scheduler = Scheduler(store, config, posters=posters_from(config), llm=llm,
                              report=lambda line: _say(out, line))
        scheduler.tick(now)
        return 0
    finally:
        lock.release()
        store.close()


class _Watcher:
    """The drop-folder watcher on its own thread and store connection; wakes the scheduler after an ingest.

    The thread opens, uses (through the DropWatcher's hand-over thread, which it joins first)
    and closes its own store, and `stop` waits for it: nothing outlives the worker's loop.
    """

    def __init__(self, config, clock, err: TextIO, on_added: Callable[[], None]):
        self.config, self.clock, self.err, self.on_added = config, clock, err, on_added
        self.stop_event = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        roots = [Path(f).resolve() for f in self.config.drop_folders if Path(f).is_dir()]
        if not roots:
            _say(self.err, "no drop folder to watch; the scheduler runs alone")
            return
        self.thread = threading.Thread(target=self._run, args=(roots,), name="drop-watcher", daemon=True)
        self.thread.start()

    def _run(self, roots: list[Path]) -> None:
        from bot.ingest import ADDED, DUPLICATE, Ingester
        from bot.watch import DropWatcher

        store = Store(self.config.db_path)
        ingester = Ingester.from_config(store, self.config, now=self.clock, aliases=self.config.aliases_for(None))

        def on_ready(path: Path) -> None:
            root = next((r for r in roots if path.resolve().is_relative_to(r)), path.parent)
            outcome = ingester.ingest_file(path, root=root)  # raises when the store failed: retried
            _say(self.err, outcome.line())
            if outcome.status in (ADDED, DUPLICATE):
                try:
                    self.on_added()
                except Exception:  # the loop is gone (stopping): the next worker's first tick re-plans
                    log.exception("could not wake the scheduler after %s", path)

        def on_failed(path: Path, error: BaseException, tries: int) -> None:
            _say(self.err, f"failed          {path}  ({type(error).__name__}: {error}; tried {tries} times, "
                           "still retrying)")

        try:
            DropWatcher(roots, on_ready, settle=self.config.settle_seconds,
                        on_failed=on_failed).run_forever(self.stop_event)
        except Exception:
            log.exception("the drop-folder watcher stopped; files are picked up at the next start")
        finally:
            store.close()

    def stop(self) -> None:
        """Stop watching; returns once the file being ingested is done and the store is closed."""
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join()


async def _acquire(lock: SchedulerLock, home: StoreThread, err: TextIO, stop: asyncio.Event) -> bool:
    """Take the scheduler lock; while another process holds the store's write lock, wait and say so.
    False when told to stop while waiting (checked between attempts, each at most the busy timeout)."""
    told = False
    while not stop.is_set():
        try:
            await home.run(lock.acquire)
            return True
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if not told:
                _say(err, "the store is locked by another process (a write held for over "
                          f"{BUSY_TIMEOUT_MS / 1000:.0f} s); waiting for it")
                told = True
    return False


async def run_worker(config, *, start: dt.datetime | None = None, llm=None, out: TextIO = sys.stdout,
                     err: TextIO = sys.stderr, stop: asyncio.Event | None = None) -> int:
    """Watch, ingest and schedule until `stop` is set (or SIGTERM/SIGINT); the exit status.

    LOCK_HELD_EXIT when another worker holds the lock at start, or took it over while this one
    was stalled (frozen, suspended, starved): this one then finishes what it was doing and steps down.
    """
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    # First of all: a SIGTERM while starting (waiting for the store, say) stops cleanly, never half-way
    # with the lock just taken and nothing released.
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread (serve in tests)
            pass
    clock = ShiftedClock(start)
    lock_home = await StoreThread.open(config.db_path, "briefbot-lock")
    lock = SchedulerLock(lock_home.store, stale=config.scheduler.lease)
    try:
        acquired = await _acquire(lock, lock_home, err, stop)
    except LockHeld as held:
        _say(err, f"error: {held}")
        await lock_home.aclose()
        return LOCK_HELD_EXIT
    except BaseException:
        await lock_home.aclose()
        raise
    if not acquired or stop.is_set():
        if acquired:
            await lock_home.run(lock.release)
        _say(err, "stopped while starting; nothing was started")
        await lock_home.aclose()
        return 0
    status = {"code": 0}

    def lost_lock() -> None:
        status["code"] = LOCK_HELD_EXIT
        stop.set()

    home = await StoreThread.open(config.db_path, "briefbot-scheduler")
    scheduler = Scheduler(home.store, config, posters=posters_from(config), llm=llm, owner=lock.owner,
                          report=lambda line: _say(out, line))
    timers = Timers(scheduler, home, lock, lock_home, clock, lost_lock,
                    heartbeat_every=config.scheduler.heartbeat.total_seconds())
    watcher = _Watcher(config, clock, err,
                       lambda: loop.call_soon_threadsafe(timers.request_tick, "a file was ingested"))
    try:
        timers.start()
        await timers.tick_now("start")  # catch up on whatever fell due while no worker ran, then arm the timers
        _say(err, f"worker running as {lock.owner}; {len(timers.armed)} timer(s) armed")
        watcher.start()
        await stop.wait()
    finally:
        # In this order: nothing is closed while something may still use it.
        await timers.stop()
        await asyncio.to_thread(watcher.stop)
        try:
            await lock_home.run(lock.release)  # only ours: a lock taken over stays with its new holder
        except Exception:
            log.exception("could not release the scheduler lock; it goes stale and is taken over")
        await home.aclose()
        await lock_home.aclose()
    if status["code"] == LOCK_HELD_EXIT:
        _say(err, "another worker took over the scheduler lock while this one was stalled; stepped down")
    return status["code"]


async def serve(config, make_commands: Callable, *, start: dt.datetime | None = None, llm=None,
                err: TextIO = sys.stderr) -> int:
    """The worker plus the Slack and Discord apps (each only when its tokens are set), in one process."""
    from bot.config import secret

    stop = asyncio.Event()
    tasks = {asyncio.ensure_future(run_worker(config, start=start, llm=llm, err=err, stop=stop)): "worker"}
    if secret("SLACK_BOT_TOKEN") and (secret("SLACK_APP_TOKEN") or secret("SLACK_SIGNING_SECRET")):
        from adapters.slack_app import serve_slack

        tasks[asyncio.ensure_future(serve_slack(config, make_commands))] = "slack"
    else:
        _say(err, "slack: not started (set SLACK_BOT_TOKEN and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)")
    if secret("DISCORD_TOKEN"):
        from adapters.discord_app import serve_discord

        tasks[asyncio.ensure_future(serve_discord(config, make_commands))] = "discord"
    else:
        _say(err, "discord: not started (set DISCORD_TOKEN)")
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    code = 0
    for task in done:
        if task.exception() is not None:
            _say(err, f"error: {tasks[task]} stopped: {type(task.exception()).__name__}: {task.exception()}")
            code = 1
        elif isinstance(task.result(), int) and task.result():
            code = task.result()
    stop.set()
    for task in pending:
        if tasks[task] != "worker":
            task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return code

