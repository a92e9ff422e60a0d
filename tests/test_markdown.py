"""Markdown rendering details: dates with days left, deadline lines that keep their date in view."""

from __future__ import annotations

import datetime as dt
import json

from adapters.markdown import around, due_phrase


def test_due_phrases_say_the_day_and_how_far_it_is():
    today = dt.date(2025, 7, 24)
    assert due_phrase("2025-09-02", None, False, today) == "Tue 2 Sep 2025 (in 40 days)"
    assert due_phrase("2025-07-23", None, False, today) == "Wed 23 Jul 2025 (1 day ago)"
    assert due_phrase("2025-07-24", None, False, today) == "Thu 24 Jul 2025 (today)"
    assert due_phrase("2025-07-21", "2025-07-27", True, today) == \
        "about Mon 21 Jul 2025 to Sun 27 Jul (open, ends in 3 days)"
    assert due_phrase("2025-07-21", "2025-07-24", True, today) == "about Mon 21 Jul 2025 to Thu 24 Jul (open, ends today)"
    assert due_phrase(None, None, False, today) == "date unknown"


def test_a_long_deadline_line_keeps_its_date_words():
    text = ("The letter says the final text will be published by the end of the month, ahead of the obligations "
            "that apply from August 2 to providers of general-purpose models.")
    line = around(text, "August 2", 90)
    assert "August 2" in line and len(line) <= 90 and line.startswith("…")
    assert around("Short line by March 31.", "March 31", 90) == "Short line by March 31."


def _briefing(**items):
    from summarizer.model import Briefing

    b = Briefing(topic="t", generated_at="2025-07-24T09:00:00+00:00", since=None, until="2025-07-24T09:00:00+00:00",
                 documents=2, sources=["A", "B"])
    for kind, values in items.items():
        setattr(b, kind, values)
    return b


def test_an_item_of_no_known_story_is_shown_not_dropped():
    from adapters.markdown import render_markdown
    from summarizer.model import Citation, OpenQuestion

    cite = Citation("d1", "A", "No date has been set for the next round.", 0, 40)
    b = _briefing(open_questions=[OpenQuestion("When is the next round?", [cite], story="Talks"),
                                  OpenQuestion("Who chairs the panel?", [cite], story=None)])
    b.stories = [{"story": "Talks", "documents": 2, "sources": ["A", "B"], "duplicates": 0, "undated": 0}]
    text = render_markdown(b)
    assert "When is the next round?" in text and "Who chairs the panel?" in text
    assert "## Other" in text


def test_a_link_cut_by_the_length_limit_is_still_no_link():
    from adapters.markdown import _quote

    text = "Officials urged readers to [check the official guidance here](http://evil.example/" + "x" * 200 + ")"
    out = _quote(text, 110)
    assert "](" not in out and "[check" not in out


def test_a_development_that_opens_with_a_quotation_is_not_quoted_twice():
    from adapters.discord_render import briefing_messages as discord_messages
    from adapters.markdown import render_markdown
    from adapters.slack_render import briefing_messages as slack_messages
    from summarizer.model import Citation, Development

    said = "\u201cThe duties are protectionism pure and simple,\u201d the ministry spokesperson said."
    plain = "The ministry said the duties were protectionism."
    b = _briefing(developments=[Development(said, [Citation("d1", "A", said, 0, len(said))]),
                                Development(plain, [Citation("d2", "B", plain, 0, len(plain))])])
    text = render_markdown(b)
    assert f"- {said} [A]" in text and f'- "{plain}" [B]' in text  # before: '- "\u201cThe duties ...'
    for messages in (discord_messages(b), slack_messages(b)):
        rendered = json.dumps(messages, ensure_ascii=False, default=vars)
        assert "\u201c\u201cThe duties" not in rendered and "\u201cThe ministry said" in rendered


def test_an_open_question_a_later_report_settles_shows_that_report():
    from adapters.markdown import render_markdown
    from summarizer.model import Citation, OpenQuestion

    asked = Citation("a" * 64, "Valley Post", "It is not clear whether the two sides will agree.", 0, 49)
    settled = Citation("b" * 64, "Delta Times @everyone", "The two sides reached an agreement on Tuesday.", 0, 46)
    b = _briefing(open_questions=[OpenQuestion("Will the two sides agree?", [asked], story="Talks",
                                               answered_by=[settled])])
    b.stories = [{"story": "Talks", "documents": 2, "sources": ["A", "B"], "duplicates": 0, "undated": 0}]
    text = render_markdown(b)
    assert ('Will the two sides agree? [Valley Post] A later report says: "The two sides reached an agreement on '
            'Tuesday." (Delta Times @\u200beveryone)') in text
