"""Watch drop folders and hand each file to ingestion once it is fully written.

A file is ready when its (size, mtime_ns) has not changed for ``settle`` seconds, on
every path: inotify and polling alike. A close-after-write does not mean "complete":
a writer that appends with a fresh open and close each time (``echo >> file``, log
shippers) closes the file after every line.

All hand-overs happen on one worker thread, so ``on_ready`` never runs twice at
once and needs no locking of its own. A file counts as done only when ``on_ready``
returns; when it raises (the store is locked, say), the file is tried again,
backing off, reported through ``on_failed`` after ``max_tries`` tries, and then
tried again every ``retry_max`` seconds for as long as the watcher runs: never
dropped. A watcher that stops meanwhile leaves it to the next one's catch-up,
which finds it because nothing recorded it as done.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from bot.filenames import ignore_reason
from bot.printable import shown_name

logger = logging.getLogger(__name__)

State = tuple[int, int]  # (st_size, st_mtime_ns)

# Opened and closed-without-write events are left out: every read, including the
# ingester's own, would produce them and they never mean new content.
_EVENT_FILTER: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirCreatedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]


@dataclass
class _Pending:
    state: State
    since: float  # clock() when this state was first seen
    tries: int = 0  # failed hand-overs of this state
    retry_at: float = 0.0  # clock() before which a failed hand-over is not tried again


class _CatchUp:
    """The files one catch_up() call is waiting for, resolved by the worker."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.waiting = set(paths)
        self.handed: list[Path] = []


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: DropWatcher) -> None:
        self._watcher = watcher

    def dispatch(self, event: FileSystemEvent) -> None:
        # An exception here would kill watchdog's dispatcher thread and with it the watch.
        try:
            self._watcher._on_event(event)
        except Exception:
            logger.exception("watcher: failed to handle %r", event)


class DropWatcher:
    """Hands every settled candidate file under ``folders`` to ``on_ready``.

    ``polling``: None tries the native observer and falls back to polling when it
    cannot start; True forces polling (network shares, where inotify sees no
    remote writes); False forces the native observer and lets its errors through.
    ``clock`` only decides readiness and retries; the worker and catch_up's timeout
    still wait in real time. ``is_polling`` tells which observer ``start`` ended up with.
    A failed hand-over is retried after ``retry_first`` seconds, doubling up to
    ``retry_max``; ``on_failed(path, error, tries)`` is called once it has failed
    ``max_tries`` times (the retries go on).
    """

    def __init__(
        self,
        folders: Sequence[Path],
        on_ready: Callable[[Path], None],
        *,
        settle: float = 2.0,
        polling: bool | None = None,
        poll_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        tick: float | None = None,
        retry_first: float = 1.0,
        retry_max: float = 60.0,
        max_tries: int = 5,
        on_failed: Callable[[Path, BaseException, int], None] | None = None,
    ) -> None:
        if not folders:
            raise ValueError("DropWatcher needs at least one folder")
        self._folders = [Path(os.path.abspath(f)) for f in folders]
        self._on_ready = on_ready
        self._settle = settle
        self._polling = polling
        self._poll_interval = poll_interval
        self._clock = clock
        self._tick = tick if tick is not None else max(0.02, min(settle / 4, 0.25))
        self._retry_first, self._retry_max, self._max_tries = retry_first, retry_max, max(1, max_tries)
        self._on_failed = on_failed
        self._cond = threading.Condition()
        self._pending: dict[Path, _Pending] = {}
        self._handed: dict[Path, State] = {}
        self._in_flight: dict[Path, State] = {}  # being handed over right now (at most one: one worker)
        self._catch_ups: list[_CatchUp] = []
        self._caught_up = False
        self._observer: BaseObserver | None = None
        self._worker: threading.Thread | None = None
        self._halt = threading.Event()
        self.is_polling = False

    # -- public API -----------------------------------------------------------

    def catch_up(self, *, timeout: float | None = None) -> list[Path]:
        """Queue every candidate already in the folders; wait until each is handed over.

        Returns the files handed over within ``timeout`` (None waits for all);
        files deleted meanwhile are left out, and files still changing when the
        timeout passes stay pending and are handed over later by the worker.
        """
        self._check_folders()
        self._caught_up = True
        found = self._scan()
        waiter = _CatchUp(found)
        with self._cond:
            self._catch_ups.append(waiter)
            for path in found:
                self._note(path, activity=False)
            # Already handed over in this state, or gone since the scan: nothing to wait for.
            waiter.waiting.intersection_update(self._pending)
        self._ensure_worker()
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            try:
                while waiter.waiting:
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        break
                    self._cond.wait(left)
            finally:
                self._catch_ups.remove(waiter)
            return list(waiter.handed)

    def start(self) -> None:
        """Start watching: inotify where it can start, else watchdog's PollingObserver."""
        if self._observer is not None:
            return
        self._check_folders()
        self._ensure_worker()
        self._observer = self._start_observer()
        self.is_polling = isinstance(self._observer, PollingObserver)
        if self._caught_up:
            # Files that arrived between catch_up() and the observer's first watch
            # produce no event; a second scan closes that gap (known states are skipped).
            found = self._scan()
            with self._cond:
                for path in found:
                    self._note(path, activity=False)

    def stop(self) -> None:
        """Stop the observer and the worker; files still settling are picked up by the next catch_up."""
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=10)
        worker, self._worker = self._worker, None
        self._halt.set()
        # on_ready may call stop() itself: joining the current thread would raise.
        if worker is not None and worker is not threading.current_thread() and worker.ident is not None:
            worker.join()

    def run_forever(self, stop_event: threading.Event) -> None:
        """Catch up, watch, and hand over settled files until ``stop_event`` is set."""
        try:
            self.catch_up(timeout=0)  # the worker hands these over while we watch
            self.start()
            stop_event.wait()
        finally:
            self.stop()

    def pending(self) -> list[Path]:
        """Files seen but not yet handed over, oldest first."""
        with self._cond:
            return sorted(self._pending, key=lambda p: self._pending[p].since)

    # -- observer -------------------------------------------------------------

    def _start_observer(self) -> BaseObserver:
        if not self._polling:
            try:
                return self._started(Observer)
            except OSError as exc:  # e.g. ENOSPC: the inotify watch limit is reached
                if self._polling is False:
                    raise
                logger.warning("watcher: native file events unavailable (%s); polling every %.1fs instead",
                               exc, self._poll_interval)
        return self._started(lambda: PollingObserver(timeout=self._poll_interval))

    def _started(self, make: Callable[[], BaseObserver]) -> BaseObserver:
        observer = make()
        try:
            handler = _Handler(self)
            for folder in self._folders:
                observer.schedule(handler, str(folder), recursive=True, event_filter=_EVENT_FILTER)
            observer.start()
        except BaseException:
            # With several folders, the emitters that did start must not keep running.
            with contextlib.suppress(Exception):
                observer.stop()
            raise
        return observer

    def _on_event(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        src = Path(os.fsdecode(event.src_path))
        dest = Path(os.fsdecode(event.dest_path)) if event.dest_path else None
        # A folder moved or copied in: its files may come with no event of their own.
        found = self._scan([dest or src]) if event.is_directory and kind in ("created", "moved") else []
        with self._cond:
            if event.is_directory:
                if kind in ("deleted", "moved"):
                    self._forget_tree(src)
                for path in found:
                    self._note(path, activity=False)
            elif kind == "moved":
                self._forget(src)
                if dest is not None:
                    self._note(dest, activity=True)
            elif kind == "deleted":
                self._forget(src)
            elif kind == "closed":
                # Not "complete" (see the module docstring): only a chance to see the last write's state.
                self._note(src, activity=False)
            elif kind in ("created", "modified", "attrib"):
                self._note(src, activity=True)

    # -- bookkeeping (callers hold self._cond) --------------------------------

    def _note(self, path: Path, *, activity: bool) -> None:
        """Record the current state of ``path`` if it is a candidate with something new to hand over."""
        if not self._is_candidate(path):
            return
        state = _regular_state(path)
        if state is None:
            self._forget(path, keep_handed=True)
            return
        now = self._clock()
        entry = self._pending.get(path)
        if entry is None:
            if self._handed.get(path) == state or self._in_flight.get(path) == state:
                return  # a late event for something already handed over, or being handed over
            entry = self._pending[path] = _Pending(state, now)
        elif entry.state != state:
            entry.state, entry.since, entry.tries, entry.retry_at = state, now, 0, 0.0
        elif activity:
            # A write within the same mtime tick leaves the state unchanged; wait anyway.
            entry.since = now

    def _forget(self, path: Path, *, keep_handed: bool = False) -> None:
        self._pending.pop(path, None)
        if not keep_handed:
            # Forgetting deleted paths keeps memory flat on a busy folder; a file
            # re-created later is handed over again, which the ingester tolerates.
            self._handed.pop(path, None)
        self._resolve(path, handed=False)

    def _forget_tree(self, folder: Path) -> None:
        for table in (self._pending, self._handed):
            for path in [p for p in table if p.is_relative_to(folder)]:
                table.pop(path, None)
                self._resolve(path, handed=False)

    def _resolve(self, path: Path, *, handed: bool) -> None:
        for waiter in self._catch_ups:
            if path in waiter.waiting:
                waiter.waiting.discard(path)
                if handed:
                    waiter.handed.append(path)
        self._cond.notify_all()

    # -- worker ---------------------------------------------------------------

    def _ensure_worker(self) -> None:
        if self._worker is not None and self._worker.is_alive():
            return
        self._halt = threading.Event()
        # Kept once started: a SIGTERM (KeyboardInterrupt) between the two would leave stop() a thread to join
        # that never started, and it raised "cannot join thread before it is started".
        worker = threading.Thread(target=self._work, args=(self._halt,), name="briefbot-watch", daemon=True)
        worker.start()
        self._worker = worker

    def _work(self, halt: threading.Event) -> None:
        while not halt.wait(self._tick):
            try:
                self._hand_over_settled(halt)
            except Exception:
                logger.exception("watcher: settle check failed; retrying")

    def _hand_over_settled(self, halt: threading.Event) -> None:
        with self._cond:
            order = sorted(self._pending.items(), key=lambda item: item[1].since)
        for path, entry in order:
            if halt.is_set():
                return
            state = _regular_state(path)  # stat outside the lock: it may be a slow share
            with self._cond:
                if self._pending.get(path) is not entry:
                    continue  # forgotten or replaced while we were busy
                if state is None:
                    self._forget(path, keep_handed=True)
                    continue
                now = self._clock()
                if state != entry.state:
                    entry.state, entry.since, entry.tries, entry.retry_at = state, now, 0, 0.0
                    continue
                if now - entry.since < self._settle or now < entry.retry_at:
                    continue
                del self._pending[path]
                if self._handed.get(path) == state:
                    self._resolve(path, handed=False)
                    continue
                self._in_flight[path] = state
            try:
                self._on_ready(path)
            except Exception as exc:
                self._failed(path, entry, exc)
                continue
            finally:
                with self._cond:
                    self._in_flight.pop(path, None)
            with self._cond:
                # Done only now that on_ready returned (the ingest committed).
                self._handed[path] = state
                self._resolve(path, handed=True)

    def _failed(self, path: Path, entry: _Pending, exc: Exception) -> None:
        """Queue a failed hand-over again, backing off; report it once it has failed max_tries times."""
        tries = entry.tries + 1
        delay = min(self._retry_first * 2 ** (tries - 1), self._retry_max)
        with self._cond:
            current = self._pending.get(path)
            if current is None and _regular_state(path) == entry.state:
                current = self._pending[path] = _Pending(entry.state, entry.since)
            if current is not None and current.state == entry.state:
                current.tries, current.retry_at = tries, self._clock() + delay
            # else: it changed or went away meanwhile; its new state starts afresh
        if tries < self._max_tries:
            logger.warning("watcher: %s failed (try %d of %d: %s: %s); trying again in %.1fs",
                           shown_name(path), tries, self._max_tries, type(exc).__name__, exc, delay)
            return
        logger.error("watcher: %s failed %d times (%s: %s); trying again every %.0fs until it succeeds",
                     shown_name(path), tries, type(exc).__name__, exc, delay, exc_info=tries == self._max_tries)
        if tries == self._max_tries and self._on_failed is not None:
            try:
                self._on_failed(path, exc, tries)
            except Exception:
                logger.exception("watcher: on_failed failed for %s", shown_name(path))
        with self._cond:
            self._resolve(path, handed=False)  # reported: a catch_up() waiting for it need not wait for ever

    # -- folders --------------------------------------------------------------

    def _check_folders(self) -> None:
        # A missing folder is a configuration error, not a reason to fall back to polling.
        for folder in self._folders:
            if not folder.is_dir():
                raise FileNotFoundError(f"drop folder does not exist or is not a folder: {folder}")

    def _root_of(self, path: Path) -> Path | None:
        return next((f for f in self._folders if path.is_relative_to(f) and path != f), None)

    def _is_candidate(self, path: Path) -> bool:
        root = self._root_of(path)
        if root is None:
            return False
        # Hidden folders too: sync tools keep their own state there (.stfolder, .Trash-1000).
        return all(ignore_reason(Path(part)) is None for part in path.relative_to(root).parts)

    def _scan(self, roots: Iterable[Path] | None = None) -> list[Path]:
        found: dict[Path, None] = {}
        for top in roots if roots is not None else self._folders:
            for dirpath, dirnames, filenames in os.walk(top, onerror=_log_walk_error):
                dirnames[:] = sorted(d for d in dirnames if ignore_reason(Path(d)) is None)
                for name in sorted(filenames):
                    path = Path(dirpath, name)
                    if self._is_candidate(path) and _regular_state(path) is not None:
                        found[path] = None
        return list(found)


def wait_settled(path: Path, settle: float, *, max_wait: float | None = None, poll: float | None = None) -> bool:
    """Wait until ``path`` has been unchanged (size and mtime) for ``settle`` seconds; False if it still
    changes after ``max_wait`` (default: 10 settle periods, at least 30 s).

    For a one-off ingest of a drop folder, where an upload may be in progress: a file whose
    mtime is ``settle`` seconds old or more is taken at once, a fresher one is watched until it
    stops changing. A file that is gone or not regular returns True: ingestion says what it is.
    """
    state = _regular_state(path)
    if state is None or settle <= 0:
        return True
    age = time.time() - state[1] / 1e9
    if age >= settle:
        return True
    poll = poll if poll is not None else max(0.02, min(settle / 4, 0.25))
    now = time.monotonic()
    since = now - max(age, 0.0)  # unchanged since its last write, as far as its mtime tells
    deadline = now + (max_wait if max_wait is not None else max(30.0, 10 * settle))
    while True:
        now = time.monotonic()
        if now - since >= settle:
            return True
        if now >= deadline:
            return False
        time.sleep(min(poll, settle - (now - since), max(deadline - now, 0.0)) + 0.001)
        current = _regular_state(path)
        if current is None:
            return True
        if current != state:
            state, since = current, time.monotonic()


def _regular_state(path: Path) -> State | None:
    """(size, mtime_ns) of a regular file, None when it is gone or is anything else.

    lstat, not stat: a symlink dropped in a shared folder must not make the bot
    read and publish a file from elsewhere on the machine.
    """
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return st.st_size, st.st_mtime_ns


def _log_walk_error(exc: OSError) -> None:
    logger.warning("watcher: cannot list %s: %s", shown_name(exc.filename), exc)
