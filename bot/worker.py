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
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from adapters.posters import posters_from
from bot.scheduler import LockHeld, Scheduler, SchedulerLock, Timers, real_now
from bot.store import Store

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
    from bot.ingest import ADDED, Ingester, expand

    ingester = Ingester.from_config(store, config, now=now)
    added = 0
    for root, path in expand(folders):
        outcome = ingester.ingest_file(path, root=root)
        added += outcome.status == ADDED
        if outcome.status not in ("known", "ignored"):
            _say(err, outcome.line())
    return added


def run_once(config, now: dt.datetime, *, llm=None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """One tick as of `now`: ingest what waits, send everything due and not yet delivered."""
    store = Store(config.db_path)
    lock = SchedulerLock(store)
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
    """The drop-folder watcher on its own thread and store connection; wakes the scheduler after an ingest."""

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
        from bot.ingest import ADDED, Ingester
        from bot.watch import DropWatcher

        store = Store(self.config.db_path)
        ingester = Ingester.from_config(store, self.config, now=self.clock)

        def on_ready(path: Path) -> None:
            root = next((r for r in roots if path.resolve().is_relative_to(r)), path.parent)
            outcome = ingester.ingest_file(path, root=root)
            _say(self.err, outcome.line())
            if outcome.status == ADDED:
                self.on_added()

        try:
            DropWatcher(roots, on_ready, settle=self.config.settle_seconds).run_forever(self.stop_event)
        finally:
            store.close()

    def stop(self) -> None:
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join(timeout=10)


async def run_worker(config, *, start: dt.datetime | None = None, llm=None, out: TextIO = sys.stdout,
                     err: TextIO = sys.stderr, stop: asyncio.Event | None = None) -> int:
    """Watch, ingest and schedule until `stop` is set (or SIGTERM/SIGINT); the exit status."""
    stop = stop or asyncio.Event()
    clock = ShiftedClock(start)
    lock = SchedulerLock(Store(config.db_path))
    try:
        lock.acquire()
    except LockHeld as held:
        _say(err, f"error: {held}")
        lock.store.close()
        return LOCK_HELD_EXIT
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread (serve in tests)
            pass
    status = {"code": 0}

    def lost_lock() -> None:
        status["code"] = LOCK_HELD_EXIT
        stop.set()

    store = Store(config.db_path)
    scheduler = Scheduler(store, config, posters=posters_from(config), llm=llm, owner=lock.owner,
                          report=lambda line: _say(out, line))
    timers = Timers(scheduler, lock, clock, lost_lock)
    watcher = _Watcher(config, clock, err,
                       lambda: loop.call_soon_threadsafe(lambda: asyncio.ensure_future(timers.tick())))
    try:
        timers.start()
        await timers.tick()  # catch up on whatever fell due while no worker ran, then arm the timers
        _say(err, f"worker running as {lock.owner}; {len(timers.armed)} timer(s) armed")
        watcher.start()
        await stop.wait()
    finally:
        timers.stop()
        watcher.stop()
        lock.release()
        lock.store.close()
        store.close()
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

