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
