"""Real worker processes, a real store, the real Slack client against a fake Slack Web API on 127.0.0.1.

Crashes are real SIGKILLs. To kill a worker "while it sends", the fake Slack holds its
answer to the first chat.postMessage (before or after recording the message) until the
test has killed the worker; production code has no fault hooks.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.ingest import Ingester
from bot.store import Store
from tests.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parent.parent
BRIEFBOT = str(ROOT / ".venv" / "bin" / "briefbot")
EXAMPLES = ROOT / "examples" / "drop"
UTC = dt.timezone.utc
DUE = "2025-09-01T06:30:00+00:00"  # 08:30 in Berlin: the digest and two reminders are due


class HoldingSlack(FakeSlack):
    """Holds the first chat.postMessage: "before" it reaches the channel, or "after" it did."""

    def __init__(self, hold: str | None = None, **kw):
        self.hold = hold
        self.held = threading.Event()
        self.release = threading.Event()
        super().__init__(**kw)

    def handle(self, call):
        if call.method != "chat.postMessage" or self.hold is None or self.held.is_set():
            return super().handle(call)
        self.held_key = call.params["metadata"]["event_payload"]["key"]
        if self.hold == "before":
            self.held.set()
            self.release.wait(30)
            return 503, {}, {"ok": False, "error": "fatal"}  # the client is dead by now; nothing was posted
        answer = super().handle(call)
        self.held.set()
        self.release.wait(30)
        return answer

    def keys(self) -> Counter:
        """How many top-level messages carry each idempotency key."""
        return Counter(p["metadata"]["event_payload"]["key"] for p in self.posts()
                       if p.get("metadata") and not p.get("thread_ts"))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A store holding the example articles, ingested once for the whole module."""
    folder = tmp_path_factory.mktemp("template")
    store = Store(folder / "brief.db")
    at = dt.datetime(2025, 9, 1, 6, 0, tzinfo=UTC)
    for outcome in Ingester(store, now=lambda: at).ingest_paths([EXAMPLES]):
        assert outcome.status in ("added", "duplicate")
    store.close()
    return folder / "brief.db"


@pytest.fixture
def setup(tmp_path, template):
    def make(fake: FakeSlack, empty: str = "skip") -> tuple[Path, dict]:
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
empty_digest = "{empty}"
[[channels]]
platform = "slack"
id = "C1"
topics = ["default"]
digest_time = "08:30"
timezone = "Europe/Berlin"
reminders = ["1d", "0d"]
""")
        env = {**os.environ, "SLACK_API_URL": fake.url, "SLACK_BOT_TOKEN": fake.token}
        return config, env
    return make


def briefbot(config: Path, env: dict, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([BRIEFBOT, "--config", str(config), *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def spawn(config: Path, env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([BRIEFBOT, "--config", str(config), *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def deliveries(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select key, status from deliveries"))


def wait_until(check, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def sent_keys(db: Path) -> set[str]:
    return {k for k, s in deliveries(db).items() if s == "sent"}


def test_worker_once_posts_what_is_due_once(setup):
    with HoldingSlack() as slack:
        config, env = setup(slack)
        first = briefbot(config, env, "--now", DUE, "worker", "--once")
        assert first.returncode == 0, first.stderr
        keys = slack.keys()
        # The digest and the reminders due at 08:30 on 1 September (1d before the 2 Sep deadline,
        # 0d for "early September"), each once, each recorded as sent.
        assert "digest:slack:C1:daily:2025-09-01" in keys
        assert any(k.startswith("reminder:slack:C1:") and k.endswith(":1d@2025-09-02") for k in keys)
        assert any(k.startswith("reminder:slack:C1:") and k.endswith(":0d@2025-09-01") for k in keys)
        assert set(keys.values()) == {1}
        assert set(keys) == sent_keys(config.parent / "brief.db")
        assert [line.split()[0] for line in first.stdout.splitlines()] == ["sent"] * len(keys)
        posted = len(slack.posts())
        again = briefbot(config, env, "--now", DUE, "worker", "--once")
        assert (again.returncode, again.stdout) == (0, "")
        assert len(slack.posts()) == posted


@pytest.mark.parametrize("hold", ["before", "after"])
def test_killed_while_sending_then_restarted_posts_each_once(setup, hold):
    with HoldingSlack(hold) as slack:
        config, env = setup(slack)
        worker = spawn(config, env, "--now", DUE, "worker", "--once")
        try:
            assert slack.held.wait(30), "the worker never posted"
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        finally:
            slack.release.set()
            worker.kill()
        db = config.parent / "brief.db"
        assert "sending" in deliveries(db).values()
        assert len(slack.posts()) == (1 if hold == "after" else 0)
        again = briefbot(config, env, "--now", "2025-09-01T06:32:00+00:00", "worker", "--once")
        assert again.returncode == 0, again.stderr
        keys = slack.keys()
        assert set(keys.values()) == {1} and len(keys) >= 3
        assert slack.held_key in keys  # the post interrupted by the kill was made, once
        assert set(keys) == sent_keys(db) and "sending" not in deliveries(db).values()
        assert ("found " in again.stdout) == (hold == "after")  # found on Slack, not sent again


def test_killed_between_planning_and_sending_posts_late_once(setup):
    with HoldingSlack() as slack:
        config, env = setup(slack)
        db = config.parent / "brief.db"
        worker = spawn(config, env, "--now", "2025-09-01T06:25:00+00:00", "worker")
        try:
            wait_until(lambda: deliveries(db).get("digest:slack:C1:daily:2025-09-01") == "planned")
            with sqlite3.connect(db) as conn:
                assert conn.execute("select count(*) from reminders where status = 'planned'").fetchone()[0] >= 2
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        finally:
            worker.kill()
        assert slack.posts() == []
        # Restarted 10 minutes after the digest time: within the grace, so sent late, once.
        late = briefbot(config, env, "--now", "2025-09-01T06:40:00+00:00", "worker", "--once")
        assert late.returncode == 0, late.stderr
        assert [line.split()[0] for line in late.stdout.splitlines()] == ["late"] * len(slack.keys())
        assert set(slack.keys().values()) == {1} and len(slack.keys()) >= 3
        assert "(sent late)" in str(slack.posts())


def test_running_worker_fires_on_time_and_a_second_worker_is_refused(setup):
    with HoldingSlack() as slack:
        config, env = setup(slack)
        db = config.parent / "brief.db"
        worker = spawn(config, env, "--now", "2025-09-01T06:29:56+00:00", "worker")
        try:
            wait_until(lambda: "digest:slack:C1:daily:2025-09-01" in slack.keys())
            second = briefbot(config, env, "--now", DUE, "worker", "--once")
            assert second.returncode == 3
            assert "another scheduler is already running" in second.stderr
            assert f":{worker.pid}" in second.stderr
            wait_until(lambda: len(sent_keys(db)) >= 3)
            worker.send_signal(signal.SIGTERM)
            out, err = worker.communicate(timeout=15)
        finally:
            worker.kill()
        assert worker.returncode == 0, err
        assert [line.split()[0] for line in out.splitlines()] == ["sent"] * len(slack.keys())
        assert set(slack.keys().values()) == {1}
        with sqlite3.connect(db) as conn:
            assert conn.execute("select count(*) from locks").fetchone()[0] == 0  # released on SIGTERM


def test_digest_post_moves_the_channel_window(setup):
    with HoldingSlack() as slack:
        config, env = setup(slack, empty="line")
        first = briefbot(config, env, "--now", "2025-09-01T07:00:00+00:00", "digest", "--post", "slack:C1")
        assert first.returncode == 0, first.stderr
        assert first.stdout.startswith("sent   digest slack:C1 now@2025-09-01T07:00:00+00:00 (8 documents)")
        assert "Briefing" in slack.posts()[0]["text"] or slack.posts()[0]["blocks"]
        count = len(slack.posts())
        second = briefbot(config, env, "--now", "2025-09-01T07:05:00+00:00", "digest", "--post", "slack:C1")
        assert second.returncode == 0, second.stderr
        assert len(slack.posts()) == count + 1
        assert "Nothing new on default since the last digest" in slack.posts()[-1]["text"]


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_serve_runs_the_worker_alone_without_tokens_and_ingests_dropped_files(setup):
    with HoldingSlack() as slack:
        config, env = setup(slack)
        db = config.parent / "brief.db"
        env = {k: v for k, v in env.items() if k != "SLACK_BOT_TOKEN"}
        served = spawn(config, env, "--now", "2025-09-01T06:10:00+00:00", "serve")
        try:
            wait_until(lambda: count(db, "select count(*) from reminders") > 0)
            # A new article lands in the drop folder: ingested, and its deadline planned at once.
            (config.parent / "drop" / "quota.txt").write_text(
                "GENEVA, August 30, 2025 (Harbour Wire) - The deadline for the fishing quota agreement expires "
                "on October 14, the commission said.\n")
            wait_until(lambda: count(db, "select count(*) from reminders where due = '2025-10-14' "
                                         "and status = 'planned'") == 2)
            served.send_signal(signal.SIGTERM)
            out, err = served.communicate(timeout=15)
        finally:
            served.kill()
        assert served.returncode == 0, err
        assert "slack: not started" in err and "discord: not started" in err and "worker running as" in err
