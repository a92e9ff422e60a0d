"""`--engine openai` end to end: the CLI, the command layer and the real openai client against a fake server."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.fake_openai import FakeOpenAI, error, reply

FIXTURES = Path(__file__).parent / "fixtures" / "wire"
runner = CliRunner()


@pytest.fixture
def setup(tmp_path, drop):
    for name in ("steel-tariff-talks-wire.txt", "chips-export-rules-undated.txt"):
        shutil.copy(FIXTURES / name, drop / name)
    config = tmp_path / "briefbot.toml"
    config.write_text('[store]\npath = "b.db"\n[summarizer]\nmodel = "fake-model"\nmax_retries = 1\ntimeout = 5\n')
    assert runner.invoke(app, ["--config", str(config), "ingest", str(drop)]).exit_code == 0
    with FakeOpenAI() as fake:
        yield config, fake, {"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "sk-test-secret"}


def ask(config, env, *extra):
    result = runner.invoke(app, ["--config", str(config), "ask", "When does the current truce expire?",
                                 "--format", "json", *extra], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "sk-test-secret" not in result.output
    return json.loads(result.stdout)


def test_a_verified_llm_answer(setup):
    config, fake, env = setup
    fake.queue(reply({"answer": "The truce expires on March 31.", "answerable": True,
                      "citations": [{"passage": 1, "quote": "The current truce expires on March 31."}]}))
    data = ask(config, env, "--engine", "openai")
    assert data["engine"] == "openai" and data["answerable"] is True
    assert data["citations"][0]["quote"] == "The current truce expires on March 31."
    (seen,) = fake.requests
    assert seen.body["model"] == "fake-model"
    assert seen.headers["authorization"] == "Bearer sk-test-secret"


def test_an_invented_quote_is_not_passed_off_as_an_answer(setup):
    config, fake, env = setup
    fake.queue(reply({"answer": "The truce was extended to June.", "answerable": True,
                      "citations": [{"passage": 1, "quote": "The truce was extended to June 30."}]}))
    data = ask(config, {**env, "BRIEFBOT_ENGINE": "openai"})
    assert data["engine"] == "openai" and data["answerable"] is False and data["citations"] == []
    assert "June" not in (data["answer"] or "")


def test_when_the_llm_fails_the_offline_engine_answers_and_says_so(setup):
    config, fake, env = setup
    fake.queue(error(500, "boom"), error(500, "boom"))
    data = ask(config, env, "--engine", "openai")
    assert data["engine"] == "extractive (LLM failed)"
    assert data["answerable"] is True and "March 31" in data["answer"]
    assert len(fake.requests) == 2  # one try and one retry (max_retries = 1), then the fallback


def test_a_digest_falls_back_when_the_llm_returns_nothing_valid(setup):
    config, fake, env = setup
    fake.queue(reply({"not": "the schema"}), reply({"still": "wrong"}))
    result = runner.invoke(app, ["--config", str(config), "--now", "2099-01-01T00:00:00Z", "digest", "--since",
                                 "2000-01-01", "--format", "json", "--engine", "openai"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["engine"] == "extractive (LLM failed)" and data["documents"] == 2
    assert data["deadlines"] or data["developments"]


def test_the_llm_is_shown_the_passages_the_question_is_about_first(setup):
    """"When does the current truce expire?" searched with every word ranks sentences full of "the" and
    "does"; searched with its content words the truce sentence leads the passages the model sees."""
    from bot.commands import search_terms

    assert search_terms("What did the EU say about the US melt-and-pour rule?") == ["EU", "US", "melt", "pour",
                                                                                  "rule"]
    assert search_terms("Who is it?") == ["Who", "is", "it"]  # nothing but stop words: the question itself
    config, fake, env = setup
    fake.queue(reply({"answer": "March 31.", "answerable": True,
                      "citations": [{"passage": 1, "quote": "The current truce expires on March 31."}]}))
    ask(config, env, "--engine", "openai")
    user = next(m["content"] for m in fake.requests[0].body["messages"] if m["role"] == "user")
    passages = re.findall(r"<passage [^>]*>\n(.*?)\n</passage>", user, re.S)
    assert "The current truce expires on March 31." in passages[0]
    # Not every sentence with "the", "does" or "when" in it: only those about the question.
    assert passages and all(re.search(r"current|truce|expir", p, re.I) for p in passages)
def test_a_digest_the_model_made_up_is_written_offline_and_says_so_everywhere(tmp_path, drop):
    """The inventing model, through the real CLI process: the `engine` field, the footer and stderr all say it."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.llm_window import INVENTED, WINDOW, inventing_model

    for doc in WINDOW:
        (drop / f"{doc['source'].replace(' ', '-').lower()}.txt").write_text(doc["title"] + "\n\n" + doc["text"])
    db, now = str(tmp_path / "b.db"), "2025-07-18T08:00:00+00:00"
    assert runner.invoke(app, ["--db", db, "--now", now, "ingest", str(drop)]).exit_code == 0
    with FakeOpenAI(respond=inventing_model) as fake:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "OPENAI_", "PYTHON"))}
        env.update(PYTHONPATH=str(ROOT), OPENAI_BASE_URL=fake.base_url, OPENAI_API_KEY="sk-test-secret")
        runs = {fmt: subprocess.run([sys.executable, "-m", "bot.cli", "--db", db, "--now", now, "digest", "--engine",
                                     "openai", "--format", fmt], env=env, capture_output=True, text=True, timeout=120,
                                    stdin=subprocess.DEVNULL)
                for fmt in ("markdown", "json", "slack", "discord")}
    for fmt, result in runs.items():
        assert result.returncode == 0, result.stderr
        assert "the model's briefing failed verification" in result.stderr and "sk-test-secret" not in result.stderr
        assert not [w for w in INVENTED if w in result.stdout], fmt
    assert runs["markdown"].stdout.rstrip().endswith("_offline engine: the model's output failed verification_")
    data = json.loads(runs["json"].stdout)
    assert data["engine"] == "extractive (model output failed verification)" and data["positions"]
    assert data["llm"]["failure"] == "failed verification" and data["llm"]["kept"] == 0 and data["llm"]["items"] == 5
    assert "offline engine: the model's output failed verification" in runs["slack"].stdout
    assert "offline engine: the model's output failed verification" in runs["discord"].stdout
