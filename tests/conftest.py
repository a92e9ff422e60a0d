"""Shared fixtures: a real SQLite store in a temporary folder, a fixed clock, a clean environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.store import Store

NOW = dt.datetime(2025, 7, 24, 9, 0, tzinfo=dt.timezone.utc)
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "drop"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No real token or config from the developer's shell can leak into a test."""
    for name in ("BRIEFBOT_CONFIG", "BRIEFBOT_DB", "BRIEFBOT_ENGINE", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN",
                 "SLACK_SIGNING_SECRET", "DISCORD_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL",
                 "SLACK_API_URL", "DISCORD_API_URL", "PORT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "store" / "brief.db")
    yield s
    s.close()


@pytest.fixture
def drop(tmp_path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder
