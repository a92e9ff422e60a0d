"""Configuration: the TOML file plus the environment.

This is the only module that reads the environment. Secrets (tokens, API keys)
are read here on demand and never stored in files of the repository or logged.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = ".briefbot/brief.db"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_CHARS = 500_000  # characters of text kept from one file
DEFAULT_TIME_BUDGET = 60.0  # seconds to prepare one file


class ConfigError(Exception):
    """The configuration file is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class Topic:
    name: str
    drop: Path | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Channel:
    platform: str
    id: str
    topics: tuple[str, ...] = ("default",)
    digest_time: str = "08:30"
    timezone: str = "UTC"
    reminders: tuple[str, ...] = ("7d", "1d", "0d")


@dataclass(frozen=True)
class LLMConfig:
    """The optional LLM engine. The key comes from the environment only and is never printed."""

    model: str = "gpt-4o-mini"
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    max_retries: int = 3
    context_tokens: int = 8000


SLACK_API_URL = "https://slack.com/api/"
DISCORD_API_URL = "https://discord.com/api/v10"
SECRETS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN", "OPENAI_API_KEY")


def secret(name: str) -> str | None:
    """A token from the environment, read when needed and never kept in a Config (so never printed)."""
    if name not in SECRETS:
        raise KeyError(name)
    return os.environ.get(name) or None


@dataclass(frozen=True)
class SlackConfig:
    api_url: str = SLACK_API_URL          # SLACK_API_URL in the environment wins over the file
    admins: tuple[str, ...] = ()          # user ids allowed to subscribe channels (besides workspace admins)
    port: int = 3000                      # HTTP mode (no SLACK_APP_TOKEN): PORT in the environment wins
    host: str = "127.0.0.1"               # HTTP mode: the address to listen on (0.0.0.0 in a container)


@dataclass(frozen=True)
class DiscordConfig:
    api_url: str = DISCORD_API_URL        # DISCORD_API_URL wins; the full REST base with its version
    guild_id: str | None = None           # sync /brief to this guild only (development); else globally


@dataclass(frozen=True)
class SchedulerConfig:
    grace: dt.timedelta = dt.timedelta(hours=6)   # a post missed by less is sent late; older ones are recorded missed
    empty_digest: str = "skip"                    # "skip" posts nothing for an empty window; "line" posts one line
    heartbeat: dt.timedelta = dt.timedelta(seconds=15)  # how often a running worker refreshes its lock
    lease: dt.timedelta = dt.timedelta(minutes=2)       # a lock not refreshed for this long is taken over


@dataclass(frozen=True)
class Config:
    db_path: Path = Path(DEFAULT_DB)
    drop_folders: tuple[Path, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    max_size: str = "20 MiB"  # the limit as configured, for messages
    max_chars: int | None = DEFAULT_MAX_CHARS  # None: no cap
    time_budget: float = DEFAULT_TIME_BUDGET
    settle_seconds: float = 2.0
    topics: tuple[Topic, ...] = ()
    channels: tuple[Channel, ...] = ()
    engine: str = "extractive"
    llm: LLMConfig = field(default_factory=LLMConfig)
    slack: SlackConfig = field(default_factory=SlackConfig)
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    scheduler: SchedulerConfig = field(default_factory=SchedulerConfig)
    source_file: Path | None = None

    def channel(self, key: str) -> Channel | None:
        """The configured channel "platform:id", if any."""
        return next((c for c in self.channels if f"{c.platform}:{c.id}" == key), None)

    def aliases_for(self, topics: Sequence[str] | None = None) -> dict[str, list[str]]:
        """Actor aliases the configuration adds for these topics (all topics when None)."""
        merged: dict[str, list[str]] = {}
        for topic in self.topics:
            if topics is None or topic.name in topics:
                for actor, names in topic.aliases.items():
                    merged.setdefault(actor, []).extend(n for n in names if n not in merged[actor])
        return merged

    def topic_for(self, path: Path) -> str:
        """The topic a dropped file belongs to: the topic whose folder holds it, else "default"."""
        resolved = path.resolve()
        for topic in self.topics:
            if topic.drop is not None and resolved.is_relative_to(topic.drop.resolve()):
                return topic.name
        return "default"


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:([KMG])(?:I?B)?|(B))?\s*", re.I)
_UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3}


def _parse_size(value: object) -> int:
    """ "20 MiB", "20MB" (read as MiB), "500 KiB", "1G" or a number of bytes."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    m = _SIZE.fullmatch(str(value))
    if not m:
        raise ConfigError(f"not a size: {value!r} (use e.g. 20 MiB, 500 KiB)")
    return int(float(m.group(1)) * _UNITS.get((m.group(2) or "").upper(), 1))


def size_label(size: int) -> str:
    """A byte count as people write limits: "20 MiB" when it is whole mebibytes, else exact bytes."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size:,} bytes"


def parse_duration(value: object) -> dt.timedelta:
    """ "6h", "90m", "1d", "30s" or a number of seconds."""
    if isinstance(value, (int, float)):
        return dt.timedelta(seconds=value)
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", str(value))
    if not m:
        raise ConfigError(f"not a duration: {value!r} (use e.g. 6h, 90m, 1d)")
    unit = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[m.group(2)]
    return dt.timedelta(**{unit: float(m.group(1))})


def load_config(path: Path | None = None, *, db_override: str | None = None) -> Config:
    """Read the TOML file (explicit path, else $BRIEFBOT_CONFIG, else none) and apply overrides.

    The store path comes from --db, else $BRIEFBOT_DB, else the file, else the default.
    Relative paths in the file are taken relative to the file's folder.
    """
    if path is None and os.environ.get("BRIEFBOT_CONFIG"):
        path = Path(os.environ["BRIEFBOT_CONFIG"])
    raw: dict = {}
    base = Path.cwd()
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as err:
            raise ConfigError(f"config file not found: {path}") from err
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"config file {path} is not valid TOML: {err}") from err
        base = path.resolve().parent

    def rel(p: str) -> Path:
        candidate = Path(p).expanduser()
        return candidate if candidate.is_absolute() else base / candidate

    store = raw.get("store", {})
    ingest = raw.get("ingest", {})
    db = db_override or os.environ.get("BRIEFBOT_DB") or None
    db_path = Path(db) if db else (rel(store["path"]) if "path" in store else Path(DEFAULT_DB))
    drops = ingest.get("drop", [])
    if isinstance(drops, str):
        drops = [drops]
    topics = tuple(
        Topic(
            name=t["name"],
            drop=rel(t["drop"]) if t.get("drop") else None,
            aliases={k: list(v) for k, v in t.get("aliases", {}).items()},
        )
        for t in raw.get("topics", [])
    )
    channels = tuple(
        Channel(
            platform=c["platform"],
            id=str(c["id"]),
            topics=tuple(c.get("topics", ["default"])),
            digest_time=c.get("digest_time", "08:30"),
            timezone=c.get("timezone", "UTC"),
            reminders=tuple(c.get("reminders", ["7d", "1d", "0d"])),
        )
        for c in raw.get("channels", [])
    )
    summarizer = raw.get("summarizer", {})
    slack, discord, sched = raw.get("slack", {}), raw.get("discord", {}), raw.get("scheduler", {})
    empty = sched.get("empty_digest", "skip")
    if empty not in ("skip", "line"):
        raise ConfigError(f'[scheduler] empty_digest must be "skip" or "line", not {empty!r}')
    time_budget = parse_duration(ingest.get("time_budget", DEFAULT_TIME_BUDGET)).total_seconds()
    if time_budget <= 0:
        raise ConfigError(f"[ingest] time_budget must be positive, not {ingest['time_budget']!r}")
    for c in channels:
        if c.platform not in ("slack", "discord", "console"):
            raise ConfigError(f"channel {c.id}: platform must be slack, discord or console, not {c.platform!r}")
        _check_schedule(c)
    return Config(
        db_path=db_path,
        drop_folders=tuple(rel(d) for d in drops) + tuple(t.drop for t in topics if t.drop),
        max_bytes=_parse_size(ingest.get("max_size", DEFAULT_MAX_BYTES)),
        max_size=(" ".join(str(ingest["max_size"]).split()) if isinstance(ingest.get("max_size"), str)
                  else size_label(_parse_size(ingest.get("max_size", DEFAULT_MAX_BYTES)))),
        max_chars=_max_chars(ingest.get("max_chars", DEFAULT_MAX_CHARS)),
        time_budget=time_budget,
        settle_seconds=float(ingest.get("settle_seconds", 2.0)),
        topics=topics,
        channels=channels,
        engine=os.environ.get("BRIEFBOT_ENGINE") or summarizer.get("engine", "extractive"),
        llm=LLMConfig(
            model=summarizer.get("model", LLMConfig.model),
            base_url=os.environ.get("OPENAI_BASE_URL") or summarizer.get("base_url") or None,
            api_key=os.environ.get("OPENAI_API_KEY") or None,
            timeout=float(summarizer.get("timeout", LLMConfig.timeout)),
            max_retries=int(summarizer.get("max_retries", LLMConfig.max_retries)),
            context_tokens=int(summarizer.get("context_tokens", LLMConfig.context_tokens)),
        ),
        slack=SlackConfig(
            api_url=os.environ.get("SLACK_API_URL") or slack.get("api_url") or SLACK_API_URL,
            admins=tuple(str(a) for a in slack.get("admins", [])),
            port=int(os.environ.get("PORT") or slack.get("port", 3000)),
            host=str(slack.get("host", SlackConfig.host)),
        ),
        discord=DiscordConfig(
            api_url=(os.environ.get("DISCORD_API_URL") or discord.get("api_url") or DISCORD_API_URL).rstrip("/"),
            guild_id=str(discord["guild_id"]) if discord.get("guild_id") else None,
        ),
        scheduler=_scheduler_config(sched, empty),
        source_file=path,
    )


def _scheduler_config(raw: dict, empty: str) -> SchedulerConfig:
    heartbeat = parse_duration(raw.get("heartbeat", "15s"))
    lease = parse_duration(raw.get("lease", "2m"))
    if heartbeat <= dt.timedelta(0) or lease < 2 * heartbeat:
        # A lease shorter than two heartbeats lets a second worker take over a live one that was merely slow.
        raise ConfigError(f"[scheduler] lease ({lease}) must be at least twice the heartbeat ({heartbeat}), "
                          "and the heartbeat more than zero")
    return SchedulerConfig(grace=parse_duration(raw.get("grace", "6h")), empty_digest=empty, heartbeat=heartbeat,
                           lease=lease)


def _max_chars(value: object) -> int | None:
    """[ingest] max_chars: a positive number of characters, or 0 for no cap."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"[ingest] max_chars must be a whole number of characters (0: no cap), not {value!r}")
    return value or None


def _check_schedule(channel: Channel) -> None:
    """A channel's digest time, time zone and reminder offsets, refused with a clear message."""
    from bot.schedule import parse_digest_time, parse_offset, parse_zone

    try:
        parse_digest_time(channel.digest_time)
        parse_zone(channel.timezone)
        for offset in channel.reminders:
            parse_offset(offset)
    except ValueError as err:
        raise ConfigError(f"channel {channel.platform}:{channel.id}: {err}") from None
