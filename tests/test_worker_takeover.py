"""A worker frozen (SIGSTOP) past its lease while another took over: resumed, it steps down cleanly.

Real worker processes on a real store, the real Slack client against the fake Slack Web API.
The lease and heartbeat are shortened through the configuration ([scheduler] heartbeat, lease).
The frozen worker is caught in the middle of a tick: the fake holds its digest post until the
test lets it go, after the worker was resumed and learnt that it lost the lock.

The bug this guards: the worker closed its store connections on the event loop while a tick
still ran on another thread. Closing a sqlite3 connection under a running statement crashes
the process (signal 11, seen once in several runs of the freeze); with the statement not yet
started, the tick failed on a closed store instead, and a post it had made stayed unrecorded.
"""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bot.ingest import Ingester
from bot.store import Store
from tests.test_worker import BRIEFBOT, DUE, EXAMPLES, HoldingSlack, briefbot, deliveries, spawn, wait_until

UTC = dt.timezone.utc
HEARTBEAT, LEASE = 0.3, 1.5


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("takeover-template")
    store = Store(folder / "brief.db")
    at = dt.datetime(2025, 9, 1, 6, 0, tzinfo=UTC)
    for outcome in Ingester(store, now=lambda: at).ingest_paths([EXAMPLES]):
        assert outcome.status in ("added", "duplicate")
    store.close()
    return folder / "brief.db"


@pytest.fixture
def configured(tmp_path, template):
    def make(fake) -> tuple[Path, dict]:
        shutil.copy(template, tmp_path / "brief.db")
        (tmp_path / "drop").mkdir(exist_ok=True)
        config = tmp_path / "briefbot.toml"
        config.write_text(f"""
[store]
path = "brief.db"
[ingest]
drop = "drop"
settle_seconds = 0.2
[scheduler]
grace = "6h"
heartbeat = "{HEARTBEAT}s"
lease = "{LEASE}s"
[[channels]]
platform = "slack"
id = "C1"
topics = ["default"]
digest_time = "08:30"
timezone = "Europe/Berlin"
reminders = ["1d", "0d"]
""")
        import os

        return config, {**os.environ, "SLACK_API_URL": fake.url, "SLACK_BOT_TOKEN": fake.token,
                        "PYTHONFAULTHANDLER": "1"}
    return make


def _stderr_has(proc_log: Path, text: str) -> bool:
    return text in proc_log.read_text()


def test_a_frozen_worker_taken_over_finishes_its_post_and_steps_down_with_status_3(configured, tmp_path):
    with HoldingSlack("after") as slack:
        config, env = configured(slack)
        db = config.parent / "brief.db"
        a_err = tmp_path / "a.err"
        with a_err.open("w") as sink:
            # Started just before the digest time: the digest goes out from a timed tick, on its own thread.
            a = subprocess.Popen([BRIEFBOT, "--config", str(config), "--now", "2025-09-01T06:29:57+00:00", "worker"],
                                 env=env, stdout=subprocess.PIPE, stderr=sink, text=True)
        b = None
        try:
            # A posts the digest; the fake has recorded it and holds the answer.
            assert slack.held.wait(60), a_err.read_text()
            a.send_signal(signal.SIGSTOP)
            time.sleep(LEASE + 1.0)  # A's heartbeat is older than the lease now
            b = spawn(config, env, "--now", DUE, "worker")
            wait_until(lambda: owner_of_lock(db) == f":{b.pid}", timeout=60)
            a.send_signal(signal.SIGCONT)
            # A learns at its next heartbeat that it lost the lock, and waits for its tick to end.
            time.sleep(1.5)
            assert a.poll() is None, a_err.read_text()
            slack.release.set()
            out, _ = a.communicate(timeout=60)
        finally:
            slack.release.set()
            a.send_signal(signal.SIGCONT)
            a.kill()
            if b is not None:
                b.send_signal(signal.SIGTERM)
        b_out, b_err = b.communicate(timeout=60)
        err = a_err.read_text()
        assert a.returncode == 3, err
        for crash in ("Fatal Python error", "Traceback", "closed database"):
            assert crash not in err, err
        assert "stepped down" in err
        # The post A had in flight was recorded as sent by A before it closed its store, so B did not
        # send it again; everything else went out once.
        assert deliveries(db)[slack.held_key] == "sent"
        assert out.startswith("sent ") and "digest slack:C1" in out
        keys = slack.keys()
        assert slack.held_key in keys and set(keys.values()) == {1}
        assert b.returncode == 0, b_err
        assert "Traceback" not in b_err


def owner_of_lock(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        row = conn.execute("select owner from locks where name = 'scheduler'").fetchone()
    return (":" + row[0].rsplit(":", 1)[1]) if row else ""


def test_a_worker_busy_with_a_slow_post_keeps_its_lock(configured, tmp_path):
    """Heartbeats must not wait behind ticks: each added file asked for a tick on the default executor,
    where the heartbeat queued behind them all, and a second worker took over a live one."""
    from tests.articles import write_articles

    with HoldingSlack("after") as slack:
        config, env = configured(slack)
        db = config.parent / "brief.db"
        # Started just before the digest time: the watcher runs when the timed tick posts (and hangs).
        a = spawn(config, env, "--now", "2025-09-01T06:29:57+00:00", "worker")
        try:
            assert slack.held.wait(60)
            before = count_files(db)
            write_articles(config.parent / "drop", 40)  # 40 ticks asked for while one hangs on Slack
            wait_until(lambda: count_files(db) >= before + 40, timeout=25)
            time.sleep(LEASE * 2)
            second = briefbot(config, env, "--now", DUE, "worker", "--once")
            assert second.returncode == 3, second.stderr
            assert "another scheduler is already running" in second.stderr
        finally:
            slack.release.set()
            a.send_signal(signal.SIGTERM)
        _, err = a.communicate(timeout=60)
        assert a.returncode == 0, err
        assert "Traceback" not in err


def count_files(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from files").fetchone()[0]


def test_a_worker_started_while_a_frozen_process_holds_the_store_waits_for_it(configured, tmp_path):
    """A process frozen inside a write transaction holds SQLite's lock: a worker started meanwhile used
    to die with a traceback once the busy timeout ran out; it says so and waits."""
    import sys

    with HoldingSlack() as slack:
        config, env = configured(slack)
        db = config.parent / "brief.db"
        holder = subprocess.Popen([sys.executable, "-c", (
            "import os, signal, sqlite3, sys; conn = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "conn.execute('BEGIN IMMEDIATE'); conn.execute(\"insert into scheduler_state values ('x', 'y', 'z')\"); "
            "print('holding', flush=True); os.kill(os.getpid(), signal.SIGSTOP); conn.execute('COMMIT')"),
            str(db)], stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline() == "holding\n"
        log = tmp_path / "worker.err"
        with open(log, "w") as sink:  # read while it runs: the worker says it waits once the busy timeout is out
            worker = subprocess.Popen([BRIEFBOT, "--config", str(config), "--now", "2025-09-01T06:00:00+00:00",
                                       "worker"], env=env, stdout=subprocess.DEVNULL, stderr=sink, text=True)
        try:
            # Not a fixed sleep: on a loaded machine the worker's start alone took longer than one.
            wait_until(lambda: "the store is locked by another process" in log.read_text(), timeout=120)
            assert worker.poll() is None
            holder.send_signal(signal.SIGCONT)
            assert holder.wait(timeout=10) == 0
            wait_until(lambda: owner_of_lock(db) == f":{worker.pid}", timeout=60)
        finally:
            holder.kill()
            worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        err = log.read_text()
        assert worker.returncode == 0, err
        assert "the store is locked by another process" in err and "worker running" in err
        assert "Traceback" not in err


def test_heartbeat_and_lease_come_from_the_config_and_a_lease_under_two_beats_is_refused(tmp_path):
    from bot.config import ConfigError, load_config

    path = tmp_path / "b.toml"
    path.write_text('[scheduler]\nheartbeat = "5s"\nlease = "1m"\n')
    scheduler = load_config(path).scheduler
    assert (scheduler.heartbeat, scheduler.lease) == (dt.timedelta(seconds=5), dt.timedelta(minutes=1))
    assert load_config(None).scheduler.lease == dt.timedelta(minutes=2)
    path.write_text('[scheduler]\nheartbeat = "30s"\nlease = "45s"\n')
    with pytest.raises(ConfigError, match="at least twice the heartbeat"):
        load_config(path)


def test_a_worker_told_to_stop_while_it_waits_for_the_store_stops_cleanly(configured, tmp_path):
    """SIGTERM while a worker waits for a store another process holds: it used to die of the signal
    (status -15: its handlers were installed only once it had the lock); it stops, status 0."""
    import sys

    with HoldingSlack() as slack:
        config, env = configured(slack)
        db = config.parent / "brief.db"
        holder = subprocess.Popen([sys.executable, "-c", (
            "import os, signal, sqlite3, sys; conn = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "conn.execute('BEGIN IMMEDIATE'); conn.execute(\"insert into scheduler_state values ('x', 'y', 'z')\"); "
            "print('holding', flush=True); os.kill(os.getpid(), signal.SIGSTOP); conn.execute('COMMIT')"),
            str(db)], stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline() == "holding\n"
            worker = spawn(config, env, "--now", "2025-09-01T06:00:00+00:00", "worker")
            try:
                said = worker.stderr.readline()
                assert "the store is locked by another process" in said and "waiting for it" in said
                worker.send_signal(signal.SIGTERM)
                _, err = worker.communicate(timeout=30)  # the attempt under way ends within the busy timeout
            finally:
                worker.kill()
            assert worker.returncode == 0, said + err
            assert "stopped while starting" in err and "Traceback" not in err
            assert owner_of_lock(db) == ""  # the lock was never taken
        finally:
            holder.kill()
