"""Discord payloads: within the platform's limits, split without losing the tail, nothing a document can ping or forge."""

from __future__ import annotations

import datetime as dt
import json
import re

import discord

from adapters.discord_render import (
    answer_message,
    briefing_messages,
    deadlines_message,
    deadlines_messages,
    embed_size,
    reminder_message,
    reply_messages,
    to_send_kwargs,
)
from adapters.safety import ZWSP, escape_discord
from bot.commands import HELP, Reply
from summarizer.model import (
    Answer,
    Briefing,
    Citation,
    Deadline,
    Development,
    OpenQuestion,
    Position,
)

TODAY = dt.date(2025, 7, 24)
SPAM = "@everyone @here <@123> <@!123> <@&456> <#789> \uff20everyone [x](http://evil.example) **bold** ||hide||"


def cite(source: str = "Harbour Wire", quote: str = "a quote") -> Citation:
    return Citation("d" * 64, source, quote, 0, len(quote))


def assert_within_limits(message: dict) -> None:
    """Every limit Discord enforces on a message body."""
    assert set(message) == {"content", "embeds", "allowed_mentions"}
    assert message["allowed_mentions"] == {"parse": []}
    assert len(message["content"]) <= 2000
    assert 1 <= len(message["embeds"]) <= 10
    assert sum(embed_size(e) for e in message["embeds"]) <= 6000
    for e in message["embeds"]:
        assert len(e.get("title", "")) <= 256
        assert len(e.get("description", "")) <= 4096
        assert len(e.get("fields", [])) <= 25
        for f in e.get("fields", []):
            assert len(f["name"]) <= 256 and len(f["value"]) <= 1024
        assert len((e.get("footer") or {}).get("text", "")) <= 2048


def assert_inert(messages: list[dict]) -> None:
    """No live mention, masked link or markup from the spam string survives anywhere in the payloads."""
    text = json.dumps(messages, ensure_ascii=False)
    for live in ("@everyone", "@here", "\uff20everyone", "<@123>", "<@!123>", "<@&456>", "<#789>", "](http", "**bold**",
                 "||hide||"):
        assert live not in text, live
    assert "@" + ZWSP + "everyone" in text  # still readable: the text is there, only inert


def test_escape_discord_neutralizes_mentions_links_and_markup():
    out = escape_discord("hi @everyone <@123> <@&456> <t:1700000000:R> [x](http://evil) **b** a_b x](http://e)")
    assert out == ("hi @\u200beveryone <\u200b@123> <\u200b@&456> <\u200bt:1700000000:R> x (http://evil) "
                   "\\*\\*b\\*\\* a\\_b x\\](http://e)")
    assert escape_discord("line one\n# heading\n> quote") == "line one # heading > quote"
    assert escape_discord("see http://example.com/a_b_c") == "see http://example.com/a_b_c"  # URL left whole


def long_briefing(n: int = 120) -> Briefing:
    positions = [Position(f"Actor{i:03d}", f"“Statement number {i} " + "word " * 40 + "end.”",
                          [cite(f"Source {i % 7}")], sources=1 + i % 3) for i in range(n)]
    deadlines = [Deadline(f"Item {i} is due by August {i % 28 + 1}.", f"2025-08-{i % 28 + 1:02d}",
                          f"August {i % 28 + 1}", "upcoming", [cite()]) for i in range(30)]
    return Briefing("ukraine-talks", "2025-07-24T09:00:00+00:00", "2025-07-23T09:00:00+00:00",
                    "2025-07-24T09:00:00+00:00", documents=200, positions=positions, deadlines=deadlines,
                    open_questions=[OpenQuestion("Will the fourth round take place?", [cite()])],
                    developments=[Development("The last development of the day.", [cite("Last Source")])],
                    sources=[f"Source {i}" for i in range(7)] + ["Last Source"])


def test_a_long_digest_is_split_within_limits_and_loses_nothing():
    briefing = long_briefing()
    messages = briefing_messages(briefing)
    assert len(messages) >= 3
    for m in messages:
        assert_within_limits(m)
    text = "\n".join(e.get("description", "") for m in messages for e in m["embeds"])
    found = [int(x) for x in re.findall(r"\*\*Actor(\d{3})\*\*", text)]
    assert found == list(range(120))  # every position, in order, once
    assert len(re.findall(r"Item \d+ is due", text)) == 30
    assert "The last development of the day." in text  # the tail is there
    assert messages[0]["embeds"][0]["title"] == "Briefing: ukraine-talks"
    assert messages[1]["content"] == f"Briefing: ukraine-talks, continued (2/{len(messages)})"
    assert messages[-1]["embeds"][-1]["footer"]["text"].startswith("Sources: Source 0 · Source 1")
    assert "**Tue 5 Aug 2025 (in 12 days)**: Item 4 is due by August 5." in text  # date and days left


def test_digest_shows_positions_deadlines_questions_and_developments_with_sources():
    briefing = long_briefing(2)
    desc = briefing_messages(briefing)[0]["embeds"][0]["description"]
    assert desc.startswith("*200 documents from 8 sources, 23 Jul 2025 09:00 UTC to 24 Jul 2025 09:00 UTC*")
    for heading in ("**Positions**", "**Deadlines**", "**Open questions**", "**Developments**"):
        assert heading in desc
    assert "• **Actor001**: “Statement number 1" in desc and "\\[Source 1 +1\\]" in desc


def spam_briefing() -> Briefing:
    c = cite(SPAM, SPAM)
    return Briefing(SPAM, "2025-07-24T09:00:00+00:00", None, "2025-07-24T09:00:00+00:00", documents=3,
                    positions=[Position(SPAM, SPAM, [c], story=SPAM)],
                    deadlines=[Deadline(SPAM, "2025-08-01", SPAM, "upcoming", [c], story=SPAM,
                                        conflicts=[{"due": "2025-08-02", "approximate": False, "sources": [SPAM],
                                                    "due_text": SPAM}])],
                    open_questions=[OpenQuestion(SPAM, [c], story=SPAM, answered_by=[c])],
                    developments=[Development(SPAM, [c], story=SPAM)],
                    sources=[SPAM], stories=[{"story": SPAM, "documents": 3}], engine=SPAM)


def test_mention_spam_in_every_field_is_inert():
    briefing = spam_briefing()
    answer = Answer(SPAM, SPAM, True, [cite(SPAM, SPAM)])
    deadline = briefing.deadlines[0]
    messages = (briefing_messages(briefing) + [answer_message(answer), deadlines_message([deadline], TODAY),
                                                reminder_message(deadline, TODAY)]
                + reply_messages(Reply("error", text=SPAM)))
    for m in messages:
        assert_within_limits(m)
    assert_inert(messages)
    assert "A later report says" in json.dumps(messages[0])  # the answering report is shown, inert too


def test_an_answer_with_many_citations_fits_one_message():
    quote = "The ministry said the talks would continue next month in Istanbul. " * 12
    answer = Answer("What next?", "Talks continue next month.", True, [cite(f"Outlet {i}", quote) for i in range(30)])
    message = answer_message(answer)
    assert_within_limits(message)
    fields = message["embeds"][0]["fields"]
    assert fields[0]["name"] == "Outlet 0" and fields[0]["value"].startswith("“The ministry said")
    assert message["embeds"][0]["footer"]["text"] == f"…and {30 - len(fields)} more · offline engine"
    assert message["embeds"][0]["description"].startswith("**Q:** What next?\n\nTalks continue next month.")


def test_an_unanswerable_question_says_so_and_shows_related_passages():
    answer = Answer("Who won?", None, False, [], related=[cite("Meridian Report", "Nobody has said.")])
    embed = answer_message(answer)["embeds"][0]
    assert "I found nothing on that in the sources for this channel." in embed["description"]
    assert "Closest related passages" in embed["description"]
    assert embed["fields"] == [{"name": "Meridian Report", "value": "“Nobody has said.”", "inline": False}]


def test_deadlines_one_message_or_several():
    items = [Deadline(f"Deadline {i} " + "x" * 200, "2025-09-02", "September 2", "upcoming", [cite()])
             for i in range(100)]
    single = deadlines_message(items, TODAY)
    assert_within_limits(single)
    shown = len(re.findall(r"Deadline \d+\b", json.dumps(single)))
    assert 10 < shown < 100
    assert single["embeds"][-1]["footer"]["text"] == f"…and {100 - shown} more"
    several = deadlines_messages(items, TODAY)
    for m in several:
        assert_within_limits(m)
    assert len(re.findall(r"Deadline \d+\b", json.dumps(several))) == 100
    assert "**Tue 2 Sep 2025 (in 40 days)**" in several[0]["embeds"][0]["description"]
    assert deadlines_message([], TODAY)["embeds"][0]["description"] == "No upcoming deadline in the sources for this channel."


def test_reminder_says_what_when_days_left_and_source():
    deadline = Deadline("Moscow must agree to a ceasefire by September 2.", "2025-09-02", "September 2", "upcoming",
                        [cite("Harbour Wire"), cite("Neva Business Daily")], sources=2)
    message = reminder_message(deadline, dt.date(2025, 9, 1), late=True)
    assert_within_limits(message)
    embed = message["embeds"][0]
    assert embed["title"] == "Reminder (sent late): Tue 2 Sep 2025 (in 1 day)"
    assert embed["description"] == "Moscow must agree to a ceasefire by September 2. \\[Harbour Wire +1\\]"


def test_help_and_payload_conversion_for_discord_py():
    [message] = reply_messages(Reply("help", text=HELP))
    assert message["embeds"][0]["description"] == f"```\n{HELP}\n```"
    kwargs = to_send_kwargs(message)
    assert isinstance(kwargs["embeds"][0], discord.Embed)
    assert kwargs["embeds"][0].to_dict()["description"] == message["embeds"][0]["description"]
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}
    assert "content" not in kwargs  # no empty content sent


def test_an_empty_window_is_one_short_message():
    briefing = Briefing("default", "2025-07-24T09:00:00+00:00", "2025-07-23T09:00:00+00:00",
                        "2025-07-24T09:00:00+00:00", documents=0)
    [message] = briefing_messages(briefing)
    assert_within_limits(message)
    assert message["embeds"][0]["description"].endswith("Nothing new arrived in this window.")
