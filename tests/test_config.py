from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_example_config_loads_with_its_keys():
    cfg = load_config(ROOT / "config.example.toml")
    assert cfg.db_path == ROOT / ".briefbot" / "brief.db"
    assert cfg.drop_folders == (ROOT / "drop",)
    assert cfg.max_bytes == 20 * 1024 * 1024
    (channel,) = cfg.channels
    assert (channel.platform, channel.id, channel.timezone, channel.reminders) == (
        "slack", "C0123456", "Europe/Berlin", ("7d", "1d", "0d"))
    assert cfg.engine == "extractive"


def test_environment_and_flags_override_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFBOT_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("BRIEFBOT_ENGINE", "openai")
    cfg = load_config(ROOT / "config.example.toml")
    assert cfg.db_path == tmp_path / "env.db" and cfg.engine == "openai"
    assert load_config(ROOT / "config.example.toml", db_override="flag.db").db_path == Path("flag.db")


def test_topic_of_a_file_comes_from_its_folder(tmp_path):
    (tmp_path / "drop" / "trade").mkdir(parents=True)
    config = tmp_path / "c.toml"
    config.write_text('[ingest]\ndrop = "drop"\n[[topics]]\nname = "trade"\ndrop = "drop/trade"\n')
    cfg = load_config(config)
    assert cfg.topic_for(tmp_path / "drop" / "trade" / "a.txt") == "trade"
    assert cfg.topic_for(tmp_path / "drop" / "b.txt") == "default"


def test_missing_or_broken_config_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
    (tmp_path / "bad.toml").write_text("[ingest\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path / "bad.toml")


def test_topic_aliases_are_merged_for_the_engine(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[[topics]]\nname = "a"\naliases = { "Russia" = ["Lavrov"] }\n'
                      '[[topics]]\nname = "b"\naliases = { "Russia" = ["Medinsky", "Lavrov"], "Ukraine" = ["Sybiha"] }\n')
    cfg = load_config(config)
    assert cfg.aliases_for() == {"Russia": ["Lavrov", "Medinsky"], "Ukraine": ["Sybiha"]}
    assert cfg.aliases_for(["a"]) == {"Russia": ["Lavrov"]}


def test_llm_settings_come_from_file_and_environment_and_the_key_is_never_shown(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-value")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    cfg = load_config(ROOT / "config.example.toml")
    assert cfg.llm.model == "gpt-4o-mini" and cfg.llm.base_url == "http://127.0.0.1:9/v1"
    assert cfg.llm.api_key == "sk-secret-value"
    assert "sk-secret-value" not in repr(cfg) and "sk-secret-value" not in str(cfg.llm)


def test_platform_and_scheduler_keys_with_the_environment_winning(tmp_path, monkeypatch):
    import datetime as dt

    path = tmp_path / "c.toml"
    path.write_text('[slack]\napi_url = "http://file.example/api/"\nadmins = ["U1", "U2"]\nport = 8080\n'
                    'host = "0.0.0.0"\n'
                    '[discord]\napi_url = "http://file.example/api/v10/"\nguild_id = 42\n'
                    '[scheduler]\ngrace = "90m"\nempty_digest = "line"\n'
                    '[[channels]]\nplatform = "discord"\nid = 123\n')
    cfg = load_config(path)
    assert (cfg.slack.api_url, cfg.slack.admins, cfg.slack.port) == ("http://file.example/api/", ("U1", "U2"), 8080)
    assert cfg.slack.host == "0.0.0.0"
    assert (cfg.discord.api_url, cfg.discord.guild_id) == ("http://file.example/api/v10", "42")
    assert (cfg.scheduler.grace, cfg.scheduler.empty_digest) == (dt.timedelta(minutes=90), "line")
    assert cfg.channel("discord:123").platform == "discord" and cfg.channel("slack:123") is None
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("DISCORD_API_URL", "http://127.0.0.1:9/api/v10")
    monkeypatch.setenv("PORT", "5000")
    cfg = load_config(path)
    assert (cfg.slack.api_url, cfg.discord.api_url, cfg.slack.port) == (
        "http://127.0.0.1:9/api/", "http://127.0.0.1:9/api/v10", 5000)


def test_defaults_for_the_platforms():
    cfg = load_config(None)
    assert cfg.slack.api_url == "https://slack.com/api/"
    assert cfg.slack.host == "127.0.0.1"  # behind a reverse proxy unless told otherwise
    assert cfg.discord.api_url == "https://discord.com/api/v10"
    assert cfg.scheduler.empty_digest == "skip" and cfg.scheduler.grace.total_seconds() == 6 * 3600


@pytest.mark.parametrize("body, message", [
    ('[scheduler]\nempty_digest = "sometimes"\n', "empty_digest"),
    ('[scheduler]\ngrace = "soon"\n', "not a duration"),
    ('[[channels]]\nplatform = "teams"\nid = "X"\n', "platform must be"),
])
def test_bad_platform_or_scheduler_keys_are_refused_clearly(tmp_path, body, message):
    path = tmp_path / "c.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_secrets_are_read_from_the_environment_only_and_never_kept(monkeypatch):
    from bot.config import secret

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret-value")
    assert secret("SLACK_BOT_TOKEN") == "xoxb-secret-value"
    assert "xoxb-secret-value" not in repr(load_config(None))
    with pytest.raises(KeyError):
        secret("HOME")
