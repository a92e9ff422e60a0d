"""Slack Block Kit rendering: platform limits, nothing lost when a digest is split, nothing that pings."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from adapters.safety import ZWSP, escape_slack
from adapters.slack_render import (
    answer_message,
    briefing_messages,
    deadlines_message,
    reminder_message,
    reply_messages,
)
from bot.commands import HELP, Commands, Reply
from bot.ingest import Ingester
from bot.store import Store
from summarizer.model import (
    Answer,
    Briefing,
    Citation,
    Deadline,
    Development,
    OpenQuestion,
    Position,
)
from tests.conftest import EXAMPLES, NOW

SPAM = ["<!channel>", "<!here>", "<!everyone>", "<@U123>", "<!subteam^S1>", "@everyone", "@here",
        "\uff20everyone", "[click](http://evil)", "<http://evil|bank>"]
TODAY = dt.date(2025, 7, 24)


def texts(payload) -> list[tuple[str, str]]:
    """(kind, text) of every text in a message payload: 'mrkdwn', 'plain_text' or 'fallback'."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append((node["type"], node["text"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload.get("blocks", []))
    found.append(("fallback", payload["text"]))
    return found


LIVE = re.compile(r"<\s*[!@#]|<\s*(?:https?|mailto):|[@\uff20\ufe6b]\s*(?:everyone|here|channel)\b|\]\(", re.I)


def assert_inert(payload) -> None:
    """No ping, no link of a document's making, anywhere in a message (as Slack would parse it)."""
    for kind, text in texts(payload):
        assert not LIVE.search(text), (kind, text)
        if kind != "plain_text":  # mrkdwn: any raw angle bracket could open a control sequence
            assert "<" not in text and ">" not in text, (kind, text)


def assert_within_limits(message) -> None:
    blocks = message["blocks"]
    assert 1 <= len(blocks) <= 50
    assert message["text"] and len(message["text"]) <= 40000
    for block in blocks:
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text" and len(block["text"]["text"]) <= 150
        elif block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        elif block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 3000 for e in block["elements"])


def cite(source: str, quote: str) -> Citation:
    return Citation("d" * 64, source, quote, 0, len(quote))


def long_briefing(n: int = 60) -> Briefing:
    filler = "negotiators argued over quota volumes and melt-and-pour rules late into the night " * 8
    return Briefing(
        topic="Trade " * 40, generated_at="2025-07-24T09:00:00+00:00", since="2025-07-23T09:00:00+00:00",
        until="2025-07-24T09:00:00+00:00", documents=n, sources=[f"Outlet number {i}" for i in range(300)],
        positions=[Position(f"Actor {i}", f"\u201cPosition {i}: {filler}\u201d", [cite(f"Outlet {i}", filler)],
                            sources=3) for i in range(n)],
        deadlines=[Deadline(f"Deadline {i} falls due by August {1 + i % 28}. {filler}", f"2025-08-{1 + i % 28:02d}",
                            f"August {1 + i % 28}", "upcoming", [cite(f"Outlet {i}", filler)]) for i in range(n)],
        open_questions=[OpenQuestion(f"Question {i}: will the talks resume? {filler}", [cite("Outlet", filler)])
                        for i in range(n)],
        developments=[Development(f"Development {i}: {filler}", [cite("Outlet", filler)]) for i in range(n)],
    )


def test_escape_slack_defangs_and_escapes_mrkdwn():
    assert escape_slack("a & b <http://evil|bank> <!here>") == f"a &amp; b &lt;http://evil|bank&gt; &lt;{ZWSP}!here&gt;"
    assert escape_slack("@everyone") == f"@{ZWSP}everyone"
    assert escape_slack("Plain words, 5 percent.") == "Plain words, 5 percent."
    for spam in SPAM:
        out = escape_slack(spam)
        assert not LIVE.search(out) and "<" not in out and ">" not in out, (spam, out)


def test_a_long_digest_is_split_within_limits_and_loses_nothing():
    briefing = long_briefing()
    messages = briefing_messages(briefing)
    assert len(messages) > 1
    for message in messages:
        assert_within_limits(message)
    assert messages[0]["blocks"][0]["type"] == "header"
    assert messages[1]["blocks"][0]["type"] == "context" and f"continued (2/{len(messages)})" in messages[1]["text"]
    everything = "\n".join(m["text"] for m in messages)
    for i in range(60):
        assert f"*Actor {i}*: \u201cPosition {i}:" in everything
        assert f"Deadline {i} falls due" in everything
        assert f"Question {i}: will the talks resume?" in everything
        assert f"Development {i}:" in everything
    # The tail: the last development, the sources line and the engine's footer end the last message.
    assert "Development 59:" in messages[-1]["text"]
    assert [b["type"] for b in messages[-1]["blocks"][-2:]] == ["context", "context"]
    assert messages[-1]["text"].rstrip().endswith("more\noffline engine")  # 300 source names: the rest counted
    # Blocks and text carry the same content.
    for message in messages:
        for kind, text in texts(message)[:-1]:
            assert text in message["text"]


@pytest.fixture(scope="module")
def real_briefing(tmp_path_factory) -> Briefing:
    store = Store(tmp_path_factory.mktemp("render") / "brief.db")
    list(Ingester(store, now=lambda: NOW).ingest_paths([EXAMPLES]))
    briefing = Commands(store, now=lambda: NOW).digest()
    store.close()
    return briefing


def test_a_real_digest_from_the_examples(real_briefing):
    messages = briefing_messages(real_briefing)
    assert len(messages) == 1
    message = messages[0]
    assert_within_limits(message)
    assert_inert(message)
    blocks = message["blocks"]
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Briefing: all", "emoji": False}}
    assert blocks[1]["elements"][0]["text"].startswith("8 documents from 7 sources, 23 Jul 2025 09:00 UTC")
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert any(s.startswith("*Positions*\n• *Ukraine*:") for s in sections)
    deadlines = next(s for s in sections if s.startswith("*Deadlines*"))
    # "expected answers by August 15" in an article of 22 July; counted from 24 July.
    assert "• *Fri 15 Aug 2025 (in 22 days)*: Umerov said" in deadlines
    assert "Sources disagree: Neva Business Daily gives Wed 3 Sep 2025" in deadlines
    assert any(s.startswith("*Open questions*\n• ") for s in sections)
    assert blocks[-1]["type"] == blocks[-2]["type"] == "context"
    sources = blocks[-2]["elements"][0]["text"]
    assert sources.startswith("Sources: Atlas Morning Post · Black Sea Dispatch · Harbour Wire")
    assert blocks[-1]["elements"][0]["text"] == "offline engine"
    every = [p.actor for p in real_briefing.positions] + [q.question[:30] for q in real_briefing.open_questions]
    assert all(escape_slack(item) in message["text"] for item in every)


def spam_briefing() -> Briefing:
    spam = " ".join(SPAM)
    source = f"Evil Times {spam}"
    return Briefing(
        topic=f"topic {spam}", generated_at="2025-07-24T09:00:00+00:00", since=None,
        until="2025-07-24T09:00:00+00:00", documents=2, sources=[source, "https://evil.example/x?a=1&b=<!here>"],
        positions=[Position(f"Mallory {spam}", f"says {spam}", [cite(source, spam)], sources=2)],
        deadlines=[Deadline(f"pay {spam} by August 1", "2025-08-01", "August 1", "upcoming", [cite(source, spam)],
                            conflicts=[{"due": "2025-08-02", "approximate": False, "due_text": f"Aug 2 {spam}",
                                        "sources": [source]}])],
        open_questions=[OpenQuestion(f"Who {spam}?", [cite(source, spam)], answered_by=[cite(source, spam)])],
        developments=[Development(f"it happened {spam}", [cite(source, spam)])],
        stories=[{"story": f"Story {spam}", "documents": 2, "sources": [source]}],
    )


def test_nothing_from_a_document_pings_or_links():
    briefing = spam_briefing()
    for item in (*briefing.positions, *briefing.deadlines, *briefing.open_questions, *briefing.developments):
        item.story = briefing.stories[0]["story"]
    messages = briefing_messages(briefing)
    deadline = briefing.deadlines[0]
    spam = " ".join(SPAM)
    answer = Answer(f"what about {spam}?", f"yes {spam}", True, [cite(f"src {SPAM[0]}", spam)])
    payloads = [*messages, answer_message(answer), deadlines_message([deadline], TODAY),
                reminder_message(deadline, TODAY, late=True),
                *reply_messages(Reply("error", text=f"No topic called {SPAM[0]!r}"))]
    for payload in payloads:
        assert_inert(payload)
    text = messages[0]["text"]
    assert "A later report says" in text  # the answering report is shown, inert like the rest
    assert "Mallory" in text and f"&lt;{ZWSP}!channel&gt;" in text and "click (http://evil)" in text
    assert "&lt;http://evil|bank&gt;" in text and f"@{ZWSP}here" in text and f"\uff20{ZWSP}everyone" in text


def test_items_outside_every_story_are_not_lost():
    briefing = spam_briefing()  # its items name no story, the briefing names one
    text = briefing_messages(briefing)[0]["text"]
    assert "*Other*" in text and "Mallory" in text and "Who " in text


def test_answer_message_echoes_the_question_and_cites():
    quote = "The current truce expires on March 31."
    answer = Answer("When does the truce expire?", quote, True, [Citation("d" * 64, "Lakeside Wire", quote, 10, 48)])
    message = answer_message(answer)
    assert_within_limits(message)
    assert message["blocks"][0] == {"type": "context", "elements": [
        {"type": "mrkdwn", "text": "Q: When does the truce expire?"}]}
    assert message["blocks"][1]["text"]["text"] == quote
    assert message["blocks"][2]["text"]["text"] == f"*Sources*\n• \u201c{quote}\u201d [Lakeside Wire]"
    nothing = answer_message(Answer("Who won?", None, False, [], related=[answer.citations[0]]))
    assert "I found nothing on that in the sources for this channel." in nothing["text"]
    assert "Closest related passages (they do not answer the question)" in nothing["text"]


def test_deadlines_reminders_and_plain_replies():
    d = Deadline("The current truce expires on March 31.", "2025-03-31", "March 31", "upcoming",
                 [cite("Lakeside Wire", "x")])
    today = dt.date(2025, 3, 5)
    listed = deadlines_message([d], today)
    assert listed["blocks"][0]["text"]["text"] == (
        "*Deadlines*\n• *Mon 31 Mar 2025 (in 26 days)*: The current truce expires on March 31. [Lakeside Wire]")
    assert "No upcoming deadline" in deadlines_message([], today)["text"]
    many = deadlines_message([d] * 2000, today)
    assert_within_limits(many)
    assert many["blocks"][-1]["text"]["text"].startswith("…and ") and many["text"].endswith("more")
    late = reminder_message(d, dt.date(2025, 3, 30), late=True)
    assert late["blocks"][0]["text"]["text"].startswith("*Reminder (sent late): Mon 31 Mar 2025 (in 1 day)*\n")
    help_message = reply_messages(Reply("help", text=HELP))
    assert len(help_message) == 1 and "subscribe TOPIC" in help_message[0]["text"]
    info = reply_messages(Reply("info", text="This channel now follows trade & tech."))
    assert info[0]["blocks"] == [{"type": "section", "text": {
        "type": "mrkdwn", "text": "This channel now follows trade &amp; tech."}}]
    digest = reply_messages(Reply("digest", briefing=long_briefing(5)))
    answer = reply_messages(Reply("answer", answer=Answer("q", None, False, [])))
    assert digest[0]["blocks"][0]["type"] == "header" and answer[0]["text"].startswith("Q: q")


def test_digest_format_slack_on_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from bot.cli import app

    db = str(tmp_path / "b.db")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "--now", "2025-07-24T09:00:00Z", "ingest", str(EXAMPLES)]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "--now", "2025-07-24T09:00:00Z", "digest", "--format", "slack"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    messages = json.loads(result.stdout)
    assert isinstance(messages, list) and len(messages) == 1
    assert_within_limits(messages[0])
    assert messages[0]["blocks"][0]["text"]["text"] == "Briefing: all"
    assert "Fri 15 Aug 2025 (in 22 days)" in messages[0]["text"]
