"""The console adapter driven like a chat, over the same command layer the chat platforms use."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from adapters.console import run_console
from bot.commands import Commands, Session
from bot.ingest import Ingester
from tests.conftest import NOW

FIXTURES = Path(__file__).parent / "fixtures" / "wire"


@pytest.fixture
def commands(store, drop):
    for name in ("steel-tariff-talks-wire.txt", "chips-export-rules-undated.txt"):
        shutil.copy(FIXTURES / name, drop / name)
    spam = ("Reader comments were closed after a user posted @everyone and <!channel> links; the moderators said "
            "the @here spam came from [a fake page](http://evil.example/login) about the steel talks.")
    (drop / "spam.txt").write_text(f"Steel talks comment section closed\n\n{spam}\n")
    list(Ingester(store, now=lambda: NOW).ingest_paths([drop]))
    return Commands(store, now=lambda: NOW)


def chat(commands: Commands, *lines: str) -> str:
    out = io.StringIO()
    handled = run_console(commands, io.StringIO("\n".join(lines) + "\n"), out, prompt=False)
    assert handled == len([line for line in lines if line.strip() and line not in ("quit", "exit")])
    return out.getvalue()


def test_help(commands):
    assert "ask QUESTION" in chat(commands, "help")


def test_ask_gives_a_cited_answer(commands):
    out = chat(commands, "ask When does the current truce expire?")
    assert "The current truce expires on March 31." in out
    assert "steel-tariff-talks-wire" in out or "Lakeside Wire" in out


def test_a_bare_question_is_asked(commands):
    assert "90-day extension" in chat(commands, "What did South Korea ask Washington for?")


def test_unanswerable_question_says_so(commands):
    out = chat(commands, "ask What did the Brazilian central bank decide on interest rates?")
    assert "I found nothing on that" in out


def test_digest_in_chat_never_pings_anyone(commands):
    out = chat(commands, "digest", "ask who posted spam in the comment section?")
    assert "# Briefing" in out
    assert "everyone" in out  # the text is still readable...
    for live in ("@everyone", "@here", "<!channel>", "](http"):
        assert live not in out  # ...but it cannot ping or forge a link


def test_quit_ends_the_session(commands):
    out = io.StringIO()
    assert run_console(commands, io.StringIO("help\nquit\nhelp\n"), out, prompt=False) == 1


def test_session_keeps_history(commands):
    session = Session()
    commands.handle("ask When does the truce expire?", session)
    commands.handle("what about bourbon?", session)
    assert session.history == ["When does the truce expire?", "what about bourbon?"]


def test_a_follow_up_is_read_against_the_previous_question(commands, monkeypatch):
    asked = []
    real_ask = commands.ask
    monkeypatch.setattr(commands, "ask", lambda q, **kw: asked.append(q) or real_ask(q, **kw))
    session = Session()
    commands.handle("ask What did Elena Varga say about quotas?", session)
    reply = commands.handle("and what did Washington say?", session)
    assert asked == ["What did Elena Varga say about quotas?", "what did Washington say about quotas?"]
    assert session.history == ["What did Elena Varga say about quotas?", "and what did Washington say?"]
    assert reply.answer.answerable and "melt-and-pour" in reply.answer.answer
