"""DropWatcher against real files and real observers (inotify and polling)."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watchdog.observers.polling import PollingObserver

import bot.watch
from bot.watch import DropWatcher

SETTLE = 0.4
POLL = 0.1
MODES = [pytest.param(None, id="native"), pytest.param(True, id="polling")]


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll until predicate() holds; False after the deadline, so the assert shows what failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


class Recorder:
    """An on_ready that reads the file as the ingester would, and remembers what it saw."""

    def __init__(self, fail_on: str | None = None, delay: float = 0.0) -> None:
        self.calls: list[tuple[Path, bytes | None, float]] = []
        self.threads: set[str] = set()
        self.fail_on = fail_on
        self.delay = delay
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def __call__(self, path: Path) -> None:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            try:
                content: bytes | None = path.read_bytes()
            except FileNotFoundError:
                content = None  # still recorded: handing over a vanished file is a failure too
            time.sleep(self.delay)
            with self._lock:
                self.calls.append((path, content, time.monotonic()))
                self.threads.add(threading.current_thread().name)
            if self.fail_on is not None and path.name == self.fail_on:
                raise RuntimeError(f"ingester exploded on {path.name}")
        finally:
            with self._lock:
                self.active -= 1

    def paths(self) -> list[Path]:
        with self._lock:
            return [p for p, _, _ in self.calls]

    def count(self, path: Path) -> int:
        return self.paths().count(path)


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def make_watcher(drop: Path, recorder: Recorder) -> Iterator[Callable[..., DropWatcher]]:
    made: list[DropWatcher] = []

    def make(**options: object) -> DropWatcher:
        options.setdefault("settle", SETTLE)
        options.setdefault("poll_interval", POLL)
        on_ready = options.pop("on_ready", recorder)
        watcher = DropWatcher([drop], on_ready, **options)  # type: ignore[arg-type]
        made.append(watcher)
        return watcher

    yield make
    for watcher in made:
        watcher.stop()


def settled_quietly(watcher: DropWatcher) -> None:
    """Give a wrongly handled file the time it would need to be handed over (again)."""
    assert wait_for(lambda: not watcher.pending())
    time.sleep(SETTLE)


@pytest.mark.parametrize("polling", MODES)
def test_file_written_in_chunks_is_handed_over_once_after_last_write(make_watcher, recorder, drop, polling):
    watcher = make_watcher(polling=polling)
    watcher.start()
    target = drop / "story.txt"
    chunks = [f"paragraph {i}\n".encode() * 50 for i in range(5)]
    with target.open("wb") as f:
        for chunk in chunks:
            f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
            time.sleep(SETTLE / 4)  # well inside the settle time: the file must keep waiting
        last_write = time.monotonic()
    assert wait_for(lambda: recorder.count(target) >= 1)
    settled_quietly(watcher)
    assert recorder.paths() == [target]
    path, content, handed_at = recorder.calls[0]
    assert content == b"".join(chunks)
    assert handed_at >= last_write


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="close-after-write events come from inotify")
def test_close_after_write_still_waits_for_the_settle_time(make_watcher, recorder, drop):
    """A close is not "complete": `echo >> file` closes after every line (it was handed over 0.1 s after)."""
    watcher = make_watcher(settle=1.5)
    watcher.start()
    assert not watcher.is_polling
    target = drop / "quick.md"
    target.write_text("# Headline\n\nBody.\n")
    written = time.monotonic()
    time.sleep(1.0)
    assert recorder.paths() == []
    assert wait_for(lambda: recorder.count(target) == 1, timeout=5.0)
    assert recorder.calls[0][2] - written >= 1.5
    assert recorder.calls[0][1] == b"# Headline\n\nBody.\n"


@pytest.mark.parametrize("polling", MODES)
def test_a_file_appended_to_once_a_second_is_handed_over_once_after_it_stops(make_watcher, recorder, drop,
                                                                             polling):
    """A real writer in another process, opening, appending and closing the file once a second."""
    # Settle well above the writer's 1 s pause, so that a loaded machine stretching a pause is no stop.
    watcher = make_watcher(settle=3.0, polling=polling)
    watcher.start()
    target = drop / "live-blog.txt"
    script = 'for i in 1 2 3 4; do echo "Update $i: talks resume in Geneva." >> "$1"; sleep 1; done'
    subprocess.run(["sh", "-c", script, "sh", str(target)], check=True, timeout=30)
    # The last append, on the monotonic clock: from the file's own mtime, not "now minus the writer's last
    # 1 s sleep", which a loaded machine stretches (that guess once put the append 13 ms late, failing CI).
    stopped = time.monotonic() - (time.time() - target.stat().st_mtime)
    assert wait_for(lambda: recorder.count(target) >= 1, timeout=12)
    time.sleep(3.5)  # long enough for a second hand-over, were there one
    assert recorder.paths() == [target]
    _, content, handed_at = recorder.calls[0]
    assert content == "".join(f"Update {i}: talks resume in Geneva.\n" for i in range(1, 5)).encode()
    assert handed_at - stopped >= 3.0


def test_catch_up_hands_over_existing_candidates_once_and_skips_ignored(make_watcher, recorder, drop):
    wanted = [drop / "a.txt", drop / "notes.xyz", drop / "sub" / "b.html"]  # unsupported still goes to ingest
    ignored = [drop / "c.txt.part", drop / "d.tmp", drop / "e.pdf.crdownload", drop / "~x.txt",
               drop / ".hidden.txt", drop / ".sync" / "state.txt"]
    for path in wanted + ignored:
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"content of {path.name}")
    watcher = make_watcher()
    handed = watcher.catch_up(timeout=10)
    assert sorted(handed) == sorted(wanted)
    assert sorted(recorder.paths()) == sorted(wanted)
    assert {p: c for p, c, _ in recorder.calls} == {p: p.read_bytes() for p in wanted}
    # Starting afterwards rescans the folder: nothing already handed over may come again.
    watcher.start()
    settled_quietly(watcher)
    assert watcher.catch_up(timeout=10) == []
    assert sorted(recorder.paths()) == sorted(wanted)


@pytest.mark.parametrize("polling", MODES)
def test_file_arriving_between_catch_up_and_start_is_not_lost(make_watcher, recorder, drop, polling):
    watcher = make_watcher(polling=polling)
    assert watcher.catch_up(timeout=10) == []
    gap = drop / "in-the-gap.txt"
    gap.write_text("written while no observer was running")
    watcher.start()
    assert wait_for(lambda: recorder.count(gap) == 1)
    settled_quietly(watcher)
    assert recorder.paths() == [gap]


@pytest.mark.parametrize("polling", MODES)
def test_rename_from_part_is_handed_over_as_final_name_once(make_watcher, recorder, drop, polling):
    watcher = make_watcher(polling=polling)
    watcher.start()
    partial = drop / "report.txt.part"
    partial.write_text("full report\n" * 100)
    time.sleep(SETTLE)
    assert watcher.pending() == []
    assert recorder.paths() == []
    final = drop / "report.txt"
    partial.rename(final)
    assert wait_for(lambda: recorder.count(final) == 1)
    settled_quietly(watcher)
    assert recorder.paths() == [final]
    assert recorder.calls[0][1] == b"full report\n" * 100


@pytest.mark.parametrize("polling", MODES)
def test_file_deleted_before_settling_is_never_handed_over(make_watcher, recorder, drop, polling):
    watcher = make_watcher(polling=polling)
    watcher.start()
    doomed = drop / "doomed.txt"
    with doomed.open("w") as f:  # kept open: a close would count as "complete" on inotify
        f.write("half an article")
        f.flush()
        assert wait_for(lambda: doomed in watcher.pending())
        doomed.unlink()
    assert wait_for(lambda: doomed not in watcher.pending())
    later = drop / "later.txt"
    later.write_text("the next article")
    assert wait_for(lambda: recorder.count(later) == 1)
    time.sleep(SETTLE)
    assert recorder.paths() == [later]


def test_falls_back_to_polling_when_inotify_cannot_start(make_watcher, recorder, drop, monkeypatch, caplog):
    class ExhaustedObserver(PollingObserver):
        def start(self) -> None:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(bot.watch, "Observer", ExhaustedObserver)
    watcher = make_watcher()
    with caplog.at_level(logging.WARNING, logger="bot.watch"):
        watcher.start()
    assert watcher.is_polling
    assert "inotify watch limit reached" in caplog.text
    target = drop / "fallback.txt"
    target.write_text("still watched")
    assert wait_for(lambda: recorder.count(target) == 1)


def test_polling_false_lets_native_errors_through(make_watcher, monkeypatch):
    class ExhaustedObserver(PollingObserver):
        def start(self) -> None:
            raise OSError(errno.EMFILE, "inotify instance limit reached")

    monkeypatch.setattr(bot.watch, "Observer", ExhaustedObserver)
    with pytest.raises(OSError, match="instance limit"):
        make_watcher(polling=False).start()


class Flaky(Recorder):
    """Fails for one file name until `failures` calls have failed (None: always)."""

    def __init__(self, name: str, failures: int | None) -> None:
        super().__init__()
        self.name, self.failures, self.failed = name, failures, 0

    def __call__(self, path: Path) -> None:
        super().__call__(path)
        if path.name == self.name and (self.failures is None or self.failed < self.failures):
            self.failed += 1
            raise sqlite3.OperationalError("database is locked")


def test_a_failed_hand_over_is_retried_until_it_succeeds_and_others_go_on(make_watcher, drop, caplog):
    """Done means on_ready returned (the ingest committed): a file whose ingest failed used to be taken
    for handed over, and was lost until it changed or the worker restarted."""
    flaky = Flaky("bad.txt", failures=2)
    watcher = make_watcher(on_ready=flaky, retry_first=0.1)
    watcher.start()
    bad, good = drop / "bad.txt", drop / "good.txt"
    with caplog.at_level(logging.WARNING, logger="bot.watch"):
        bad.write_text("locked out twice")
        good.write_text("fine")
        assert wait_for(lambda: flaky.count(bad) == 3 and flaky.count(good) == 1)
    assert "database is locked" in caplog.text and "try 1 of 5" in caplog.text
    settled_quietly(watcher)
    time.sleep(0.5)
    assert flaky.count(bad) == 3 and flaky.count(good) == 1  # done after its success: not tried again
    assert watcher.catch_up(timeout=5) == []


def test_a_file_that_keeps_failing_is_reported_once_and_never_dropped(make_watcher, drop, caplog):
    flaky = Flaky("bad.txt", failures=None)
    reports: list[tuple[Path, str, int]] = []
    watcher = make_watcher(on_ready=flaky, retry_first=0.05, retry_max=0.2, max_tries=3,
                           on_failed=lambda path, err, tries: reports.append((path, str(err), tries)))
    bad = drop / "bad.txt"
    bad.write_text("locked out for a while")
    with caplog.at_level(logging.WARNING, logger="bot.watch"):
        assert watcher.catch_up(timeout=10) == []  # given up waiting for, after the last try
        assert reports == [(bad, "database is locked", 3)]
        assert wait_for(lambda: flaky.count(bad) >= 6)  # still retried, every retry_max at most
    assert reports == [(bad, "database is locked", 3)]
    assert "failed 3 times (OperationalError: database is locked)" in caplog.text
    assert watcher.pending() == [bad]
    flaky.failures = 0  # the store is back
    calls = flaky.count(bad)
    assert wait_for(lambda: not watcher.pending())
    time.sleep(0.5)
    assert flaky.count(bad) == calls + 1


@pytest.mark.parametrize("polling", MODES)
def test_subfolders_are_watched(make_watcher, recorder, drop, polling):
    existing = drop / "2025"
    existing.mkdir()
    watcher = make_watcher(polling=polling)
    watcher.start()
    fresh = drop / "2025" / "july" / "week31"
    fresh.mkdir(parents=True)
    targets = [existing / "old-folder.txt", fresh / "new-folder.txt"]
    for target in targets:
        target.write_text(target.name)
    assert wait_for(lambda: all(recorder.count(t) == 1 for t in targets))
    settled_quietly(watcher)
    assert sorted(recorder.paths()) == sorted(targets)


def test_later_modification_is_handed_over_again(make_watcher, recorder, drop):
    watcher = make_watcher()
    watcher.start()
    target = drop / "developing.txt"
    target.write_text("first version\n")
    assert wait_for(lambda: recorder.count(target) == 1)
    with target.open("a") as f:
        f.write("update: talks continue\n")
    assert wait_for(lambda: recorder.count(target) == 2)
    settled_quietly(watcher)
    assert [c for _, c, _ in recorder.calls] == [b"first version\n", b"first version\nupdate: talks continue\n"]


def test_on_ready_runs_on_one_thread_never_concurrently(make_watcher, drop):
    recorder = Recorder(delay=0.01)
    watcher = make_watcher(on_ready=recorder)
    watcher.start()
    targets = [drop / f"burst-{i:02}.txt" for i in range(20)]
    for target in targets:
        target.write_text(target.name)
    assert wait_for(lambda: len(recorder.paths()) >= len(targets))
    settled_quietly(watcher)
    assert sorted(recorder.paths()) == targets
    assert recorder.max_active == 1
    assert len(recorder.threads) == 1
    assert recorder.threads != {threading.current_thread().name}


def test_settle_decision_uses_injected_clock(make_watcher, recorder, drop):
    now = [1000.0]
    watcher = make_watcher(settle=60.0, clock=lambda: now[0])
    target = drop / "waiting.txt"
    target.write_text("stable")
    assert watcher.catch_up(timeout=0) == []
    time.sleep(SETTLE)  # many worker ticks, but no time has passed on the injected clock
    assert watcher.pending() == [target]
    assert recorder.paths() == []
    now[0] += 60.0
    assert wait_for(lambda: recorder.count(target) == 1)
    assert watcher.pending() == []


def test_run_forever_catches_up_then_watches_until_stopped(make_watcher, recorder, drop):
    before = drop / "before.txt"
    before.write_text("arrived while the bot was down")
    watcher = make_watcher()
    stop = threading.Event()
    runner = threading.Thread(target=watcher.run_forever, args=(stop,))
    runner.start()
    try:
        assert wait_for(lambda: recorder.count(before) == 1)
        after = drop / "after.txt"
        after.write_text("arrived while watching")
        assert wait_for(lambda: recorder.count(after) == 1)
    finally:
        stop.set()
        runner.join(timeout=10)
    assert not runner.is_alive()
    assert recorder.paths() == [before, after]


def test_missing_folder_is_a_clear_error(tmp_path, recorder):
    watcher = DropWatcher([tmp_path / "nowhere"], recorder)
    with pytest.raises(FileNotFoundError, match="nowhere"):
        watcher.start()


def test_stop_while_the_worker_thread_is_being_started_does_not_raise(tmp_path, monkeypatch):
    # A SIGTERM arrives as KeyboardInterrupt in the main thread; landing inside _ensure_worker, after the thread
    # was made and before it started, it left stop() an unstarted thread to join: "cannot join thread before it
    # is started" (seen as a flaky test_watch_stops_on_sigterm_even_when_started_with_sigint_ignored).
    (tmp_path / "drop").mkdir()
    watcher = DropWatcher([tmp_path / "drop"], lambda path: None)
    real_start = threading.Thread.start

    def interrupted(thread):
        if thread.name == "briefbot-watch":
            raise KeyboardInterrupt
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", interrupted)
    with pytest.raises(KeyboardInterrupt):
        watcher.start()
    monkeypatch.setattr(threading.Thread, "start", real_start)
    watcher.stop()  # raised RuntimeError before
