"""Deadline extraction on hand-written sentences, each date worked out by hand against the anchor."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from summarizer.briefing.deadlines import find_deadlines
from summarizer.dates.anchors import Anchor, LazyAnchors, document_anchors
from summarizer.text.sentences import split_sentences

TUE = dt.date(2025, 7, 15)


def doc(doc_id: str, text: str, published: str | None = "2025-07-15", source: str | None = None, **extra) -> dict:
    return {"id": doc_id, "text": text, "published": published, "source": source or doc_id, "title": None,
            "duplicate_of": None, "undated": 0 if published else 1, **extra}


def rows(d: dict) -> list[dict]:
    return [{"document_id": d["id"], "idx": i, "start": s, "end": e, "text": t}
            for i, (s, e, t) in enumerate(split_sentences(d["text"]))]


def deadlines(docs: list[dict], today: dt.date = TUE, **kw):
    sentences = [r for d in docs for r in rows(d)]
    return find_deadlines(docs, sentences, document_anchors(docs), today=today, limit=kw.get("limit", 10))


def test_a_duration_counts_from_the_event_that_set_it():
    # Tuesday 15 July: "on Monday" is 14 July; 14 July + 50 days = Tuesday 2 September, anchored on the announcement.
    d = doc("hw", "US President Donald Trump announced on Monday a 50-day deadline for Moscow to agree to a ceasefire.")
    (item,) = deadlines([d])
    assert (item.due, item.due_text, item.status, item.anchor) == ("2025-09-02", "50-day", "upcoming", "2025-07-14")


def test_without_an_event_a_duration_counts_from_the_article():
    d = doc("a", "Providers have within two weeks to say whether they will sign the code.", "2025-07-04")
    (item,) = deadlines([d], today=dt.date(2025, 7, 5))
    assert item.due == "2025-07-18"


@pytest.mark.parametrize("text, due, due_end, approximate", [
    # Written on Monday 6 October: any day left in the month, not its last day.
    ("The union said it would hold a second strike later this month.", "2025-10-07", "2025-10-31", True),
    ("The union said it would hold a second strike in late October.", "2025-10-21", "2025-10-31", True),
    ("The contract must be signed by the end of October.", "2025-10-31", None, False),
    ("The ministry said the new rules would take effect later this year.", "2025-10-07", "2025-12-31", True),
    ("The rules will take effect by the end of the year.", "2025-12-31", None, False),
])
def test_late_and_later_are_a_stretch_of_days_not_the_last_one(text, due, due_end, approximate):
    (item,) = deadlines([doc("a", text, "2025-10-06")], today=dt.date(2025, 10, 6))
    assert (item.due, item.due_end, item.approximate) == (due, due_end, approximate)


def test_a_limit_on_the_articles_own_day_is_due_today_but_an_event_that_day_is_not():
    d = doc("a", "Negotiators met on Friday. The union gave employers until Friday at noon to respond.", "2025-10-03")
    (item,) = deadlines([d], today=dt.date(2025, 10, 3))
    assert (item.due, item.due_text, item.status) == ("2025-10-03", "Friday at noon", "today")


def test_a_count_from_a_later_day_the_sentence_gives_starts_on_that_day():
    # Written Tuesday 12 August: publication is expected on Thursday the 14th, the rate applies 7 days later.
    d = doc("a", "The new rate takes effect within 7 days of publication in the Federal Register, which is "
                 "expected on Thursday.", "2025-08-12")
    (item,) = deadlines([d], today=dt.date(2025, 8, 12))
    assert (item.due, item.due_text, item.anchor, item.approximate) == ("2025-08-21", "within 7 days",
                                                                        "2025-08-14", True)
    assert "Thursday" not in item.what  # the clause that says when the count starts is not the deadline


def test_a_count_from_an_event_the_text_does_not_date_is_approximate():
    d = doc("a", "The rules apply within 30 days of their publication.", "2025-08-12")
    (item,) = deadlines([d], today=dt.date(2025, 8, 12))
    assert (item.due, item.approximate) == ("2025-09-11", True)


@pytest.mark.parametrize("text, due", [
    ("It is not clear whether Washington will agree to a new quota deal before the end of the year.", None),
    # a fact in a clause of its own is still a date, doubt or not
    ("It remains unclear whether firms could be fined, since the powers to impose fines only start on "
     "August 2, 2026.", "2026-08-02"),
    ("The deal must be signed by the end of the year, but it is unclear whether Hungary will agree.", "2025-12-31"),
])
def test_a_date_inside_a_doubt_is_an_open_question_not_a_deadline(text, due):
    found = deadlines([doc("a", text, "2025-08-12")], today=dt.date(2025, 8, 12))
    assert [i.due for i in found] == ([due] if due else [])


def test_a_length_is_not_a_deadline():
    d = doc("a", "Moscow has rejected Kyiv's demand for an unconditional 30-day truce.")
    assert deadlines([d]) == []


def test_reported_past_events_and_missed_deadlines_are_not_deadlines():
    d = doc("a", "Negotiators met on Monday in Geneva. The deal was due in May but the deadline was missed. "
                 "Officials said on Tuesday that the talks had ended.")
    assert deadlines([d]) == []


def test_periods_end_of_month_and_week():
    d = doc("a", "The exchange should be completed by the end of the month. Talks will resume next week. "
                 "Ministers will discuss a new package in early September.", "2025-07-22")
    got = {i.due_text: (i.due, i.due_end, i.approximate) for i in deadlines([d], today=dt.date(2025, 7, 22))}
    assert got["the end of the month"] == ("2025-07-31", None, False)
    assert got["next week"] == ("2025-07-28", "2025-08-03", True)  # ISO week 31 of 2025
    assert got["early September"] == ("2025-09-01", "2025-09-10", True)


def test_status_is_relative_to_today():
    d = doc("a", "The truce expires on March 31. Comments are due by Friday.", "2025-03-05")
    got = {i.due: i.status for i in deadlines([d], today=dt.date(2025, 3, 31))}
    assert got == {"2025-03-31": "today", "2025-03-07": "passed"}


def test_sources_that_agree_are_merged_and_one_that_disagrees_is_reported():
    a = doc("a", "By Harbour Wire's count, the 50-day deadline for a ceasefire expires on September 2.", source="Harbour Wire")
    b = doc("b", "Trump on July 14 gave Moscow 50 days to agree to a ceasefire, a deadline that expires around "
                 "September 3.", "2025-07-20", source="Neva Business Daily")
    c = doc("c", "Trump announced on Monday a 50-day deadline for Moscow to agree to a ceasefire.", source="Atlas")
    (item,) = deadlines([a, b, c])
    assert item.due == "2025-09-02" and item.sources == 2
    assert [(x["due"], x["sources"]) for x in item.conflicts] == [("2025-09-03", ["Neva Business Daily"])]


def test_a_newer_report_that_the_date_was_revised_supersedes_the_older_ones():
    # Two outlets gave the older date; a later report says it was moved. The item is the new date, and it says
    # what it replaced; it is no "sources disagree".
    a = doc("a", "The competition agency will rule on the port merger as early as March 3, officials said.",
            "2025-02-20", source="Harbour Wire")
    b = doc("b", "A ruling by the competition agency on the port merger is expected as early as March 3.",
            "2025-02-21", source="Coastal Post")
    c = doc("c", "The competition agency revised the date of its ruling on the port merger to March 8.",
            "2025-02-27", source="Lakeside Wire")
    (item,) = deadlines([a, b, c], today=dt.date(2025, 2, 28))
    assert item.due == "2025-03-08"
    assert [(x["due"], x.get("superseded")) for x in item.conflicts] == [("2025-03-03", True)]
    from adapters.markdown import render_markdown
    from summarizer.model import Briefing

    text = render_markdown(Briefing(topic="ports", generated_at="2025-02-28T08:00:00+00:00", since=None,
                                    until="2025-02-28T08:00:00+00:00", documents=3, deadlines=[item]))
    assert "Revised from" in text and "Sources disagree" not in text


def test_will_now_is_a_word_of_revision():
    # "will now be held on": the date moved. Before, the two dates stood as a disagreement between outlets.
    a = doc("a", "The competition agency will rule on the port merger on March 3, officials said.", "2025-02-20",
            source="Harbour Wire")
    b = doc("b", "The competition agency will now rule on the port merger on March 8, its website says.",
            "2025-02-27", source="Lakeside Wire")
    (item,) = deadlines([a, b], today=dt.date(2025, 2, 28))
    assert item.due == "2025-03-08"
    assert [(x["due"], x.get("superseded")) for x in item.conflicts] == [("2025-03-03", True)]


def test_a_newer_date_without_a_word_of_revision_is_still_a_disagreement():
    a = doc("a", "The competition agency will rule on the port merger on March 3, officials said.", "2025-02-20",
            source="Harbour Wire")
    b = doc("b", "The competition agency will rule on the port merger on March 8, its website says.", "2025-02-27",
            source="Lakeside Wire")
    (item,) = deadlines([a, b], today=dt.date(2025, 2, 28))
    assert item.conflicts and not any(x.get("superseded") for x in item.conflicts)


def test_a_deadline_and_the_day_after_it_do_not_conflict():
    a = doc("a", "The EU will reimpose duties on 2.8 billion euros of US goods if there is no deal by March 31.",
            "2025-03-03")
    b = doc("b", "The EU duties on 2.8 billion euros of US goods will apply from April 1.", "2025-03-04")
    items = deadlines([a, b], today=dt.date(2025, 3, 5))
    assert sorted(i.due for i in items) == ["2025-03-31", "2025-04-01"]
    assert all(not i.conflicts for i in items)


def test_near_duplicate_copies_count_once():
    a = doc("a", "The truce that suspended the dispute expires on March 31.", "2025-03-03")
    b = doc("b", "The truce that suspended the dispute expires on March 31.", "2025-03-04", duplicate_of="a")
    (item,) = deadlines([a, b], today=dt.date(2025, 3, 5))
    assert item.sources == 1 and len(item.citations) == 1


def test_citations_are_verbatim_and_skip_the_dateline():
    d = doc("a", "BRUSSELS, March 3, 2025 (Lakeside Wire) - The truce expires on March 31, officials said.", "2025-03-03")
    (item,) = deadlines([d], today=dt.date(2025, 3, 3))
    c = item.citations[0]
    assert d["text"][c.start : c.end] == c.quote
    assert c.quote.startswith("The truce expires on March 31")


def test_undated_documents_take_an_approximate_anchor():
    dated = doc("dated", "Negotiators met in Istanbul on Wednesday for a third round of talks on prisoners.", "2025-07-23")
    undated = doc("undated", "After the third round of talks in Istanbul on prisoners, lists will be finalised next week.",
                  None, file_mtime="2025-11-01T10:00:00+00:00")
    anchors = document_anchors([dated, undated])
    assert anchors["undated"] == Anchor(dt.date(2025, 7, 23), True, "corroborating source")
    (item,) = deadlines([dated, undated], today=dt.date(2025, 7, 24))
    assert item.approximate and item.due == "2025-07-28"


def test_anchors_worked_out_on_demand_are_those_of_the_whole_set(monkeypatch):
    # An answer reads the anchors of the documents it quotes: each must be the one the whole set gives it,
    # and a document never asked for is never scanned for a stated date.
    import summarizer.dates.anchors as anchors_module

    talks = doc("talks", "Negotiators met in Istanbul on Wednesday for a third round of talks on prisoners.", "2025-07-23")
    older = doc("older", "Negotiators met in Istanbul for a second round of talks on prisoners.", "2025-06-02")
    undated = doc("undated", "After the third round of talks in Istanbul on prisoners, lists will be finalised "
                  "next week.", None, file_mtime="2025-11-01T10:00:00+00:00")
    stated = doc("stated", "The plan was signed on 3 March 2025 and takes effect next month.", None,
                 file_mtime="2025-11-01T10:00:00+00:00")
    copy = doc("copy", "Lists will be finalised next week, negotiators said.", None, duplicate_of="older",
               file_mtime="2025-11-01T10:00:00+00:00")
    lone = doc("lone", "Fishing quotas were cut again.", None, file_mtime="2025-11-05T10:00:00+00:00")
    documents = [talks, undated, stated, copy, older, lone]
    whole = document_anchors(documents)
    assert {whole[i].basis for i in whole} == {"published", "corroborating source", "own text", "near-duplicate",
                                               "file time"}
    scanned, read = [], []
    real, real_words = anchors_module.stated_date, anchors_module.content_words
    monkeypatch.setattr(anchors_module, "stated_date", lambda d: scanned.append(d["id"]) or real(d))
    monkeypatch.setattr(anchors_module, "content_words", lambda text: read.append(text) or real_words(text))
    lazy = LazyAnchors(documents)
    assert lazy["talks"] == whole["talks"] and scanned == [] and read == []
    assert lazy["undated"] == whole["undated"] and scanned == ["undated"]
    assert dict(lazy) == whole
    # The words of a document compared for two undated ones are read once; those of one dated otherwise, never.
    assert sorted(read) == sorted(d["text"] for d in (undated, talks, older, lone))


def test_the_file_time_is_the_last_resort():
    lone = doc("lone", "Lists will be finalised next week.", None, file_mtime="2025-11-05T10:00:00+00:00")
    assert document_anchors([lone])["lone"] == Anchor(dt.date(2025, 11, 5), True, "file time")


def test_a_file_time_later_than_the_ingest_clock_is_not_evidence():
    # A file copied into the folder long after the story: the clock that took it in is the better bound.
    copied = doc("c", "Lists will be finalised next week.", None, file_mtime="2026-12-06T10:00:00+00:00",
                 ingested_at="2025-11-05T10:00:00+00:00")
    assert document_anchors([copied])["c"] == Anchor(dt.date(2025, 11, 5), True, "file time")


def test_the_deadline_a_later_article_refers_back_to_is_not_counted_again():
    # Before: 48 hours from the Ledger's 15 July, "Thu 17 Jul", reported as a rival of the real 16 July.
    wire = doc("w", "Israel was given a 48-hour deadline announced on Monday by Qatar's foreign ministry to respond.",
               "2025-07-14", source="Gulf Wire")
    ledger = doc("l", "Qatar's foreign ministry said the 48-hour deadline would not be extended.", source="Levant Ledger")
    (item,) = deadlines([wire, ledger], today=dt.date(2025, 7, 14))
    assert (item.due, item.conflicts) == ("2025-07-16", [])
    # On its own, counted from its article: set that day or before, so only approximately.
    assert [(x.due, x.approximate) for x in deadlines([ledger])] == [("2025-07-17", True)]


def test_a_headline_naming_the_deadline_takes_the_date_of_the_count_it_names():
    # Before: the headline's "50-day ultimatum" counted from the article's Tuesday, a rival 3 September.
    d = doc("hw", "Kyiv welcomes Trump's 50-day ultimatum to Moscow\n\nUS President Donald Trump announced on Monday "
                  "a 50-day deadline for Moscow to agree to a ceasefire.")
    (item,) = deadlines([d])
    assert (item.due, item.conflicts, item.approximate) == ("2025-09-02", [], False)


def test_the_same_event_a_day_apart_in_differently_worded_sentences_is_a_disagreement():
    # Before: two unrelated items, Tue 21 Oct and Wed 22 Oct; the clauses that date the restart are the same.
    a = doc("a", "Marwick said technical talks between the two sides would resume on Oct 21 in Brussels, and that "
                 "the Commission expected a written Chinese proposal within 30 days.", "2025-10-14", source="Wire")
    c = doc("c", "The Commission said technical talks would resume on Oct. 22, a date that Chinese officials have not "
                 "confirmed.", "2025-10-15", source="Ledger")
    d = doc("d", "The Commission said the steel quota review would end on Oct. 23, a day later than planned.",
            "2025-10-15", source="Post")  # another event two days later
    items = {i.due: i for i in deadlines([a, c, d], today=dt.date(2025, 10, 20))}
    assert [(x["due"], x["sources"]) for x in items["2025-10-21"].conflicts] == [("2025-10-22", ["Ledger"])]
    assert items["2025-10-23"].conflicts == [] and [c.source for c in items["2025-10-23"].citations] == ["Post"]


def test_a_briefing_shows_upcoming_deadlines_before_passed_ones():
    from summarizer.briefing import LIMITS, Window, build_briefing

    # One story of EU-Norway salmon talks: four deadlines over by the 15th (each from two outlets), one ahead.
    events = [("2025-06-02", "the steel safeguard expires on June 10"), ("2025-06-12", "the quota list is due on June 20"),
              ("2025-06-22", "the tariff pause lapses on June 30"), ("2025-07-01", "the customs review ends on July 10")]
    documents = [doc(f"{i}{k}", f"In the EU-Norway salmon talks, {what}, negotiators of the salmon talks said.", day,
                     source=f"Wire {i}{k}") for i, (day, what) in enumerate(events) for k in "ab"]
    documents.append(doc("n", "In the EU-Norway salmon talks, the fisheries review ends on August 4, "
                              "negotiators said.", "2025-07-15", source="Post"))
    window = Window("default", "2025-06-01T00:00:00+00:00", "2025-07-15T12:00:00+00:00")
    briefing = build_briefing(documents, [r for d in documents for r in rows(d)], window, today=TUE)
    assert len(briefing.stories) == 1 and len(briefing.deadlines) == LIMITS["deadlines"]
    assert "2025-08-04" in [d.due for d in briefing.deadlines]  # before: four better-supported past ones only


def test_a_date_stated_in_the_undated_text_beats_other_evidence():
    text = "The ministry said on July 21, 2025 that lists would be finalised next week."
    lone = doc("lone", text, None, file_mtime="2025-11-05T10:00:00+00:00")
    assert document_anchors([lone])["lone"] == Anchor(dt.date(2025, 7, 21), True, "own text")


def test_reminders_see_every_upcoming_deadline_before_any_passed_one():
    """A long story's well-covered past deadlines must not crowd a new one out of the list reminders are
    planned from (the briefing itself still ranks by support)."""
    from summarizer.briefing import current_deadlines

    old = [doc(f"old{i}", "The deadline for the fishing quota agreement expires on July 10, the commission said.",
               "2025-07-01", source=f"Wire {i}") for i in range(3)]
    new = doc("new", "Ministers must ratify the fishing quota agreement by August 20, the commission said.",
              "2025-07-14", source="Coast Post")
    docs = [*old, new]
    sentences = [r for d in docs for r in rows(d)]
    today = dt.date(2025, 7, 15)
    assert [d.due for d in deadlines(docs, today, limit=1)] == ["2025-07-10"]  # the best supported
    assert [d.due for d in current_deadlines(docs, sentences, today=today, per_story=1)] == ["2025-08-20"]


def test_weekly_reports_of_the_next_round_are_rounds_not_a_contradiction():
    """Each article says the talks resume "next week": three rounds a week apart, not three sources disagreeing
    on one date, and the round still ahead keeps its own item (and with it its reminders)."""
    docs = [
        doc("a", "Negotiators met in Oslo on Monday. The talks on the fishing quota will resume next week in Bergen, "
                 "officials said.", "2025-07-07", source="Harbour Wire"),
        doc("b", "A second round ended in Bergen without agreement. The talks on the fishing quota will resume next "
                 "week in Tromso, officials said.", "2025-07-14", source="Nordic Wire"),
        doc("c", "The Tromso round narrowed the gaps. The talks on the fishing quota will resume next week in "
                 "Brussels, officials said.", "2025-07-21", source="Coast Post"),
    ]
    got = sorted(deadlines(docs, dt.date(2025, 7, 22)), key=lambda d: d.due)
    # Weeks worked out by hand: the Mondays after 7, 14 and 21 July 2025.
    assert [(d.due, d.due_end, d.status, d.conflicts) for d in got] == [
        ("2025-07-14", "2025-07-20", "passed", []), ("2025-07-21", "2025-07-27", "today", []),
        ("2025-07-28", "2025-08-03", "upcoming", [])]


def test_sources_written_before_the_date_still_disagree():
    # Both articles were written before either date came: a real contradiction, reported.
    docs = [doc("a", "The deadline for the fishing quota agreement expires on September 2.", "2025-07-20"),
            doc("b", "The deadline for the fishing quota agreement expires on September 5.", "2025-08-30")]
    (item,) = deadlines(docs, dt.date(2025, 8, 31))
    assert sorted([item.due] + [c["due"] for c in item.conflicts]) == ["2025-09-02", "2025-09-05"]


def test_one_day_apart_with_the_same_wording_is_a_disagreement():
    docs = [doc("a", "The deadline for the fishing quota agreement expires on September 2.", "2025-07-20"),
            doc("b", "The deadline for the fishing quota agreement expires on September 3.", "2025-07-21")]
    (item,) = deadlines(docs, dt.date(2025, 7, 22))
    assert sorted([item.due] + [c["due"] for c in item.conflicts]) == ["2025-09-02", "2025-09-03"]


@pytest.mark.parametrize("text, due", [
    ("The summit, originally scheduled for July 20, has been postponed to July 27.", ["2025-07-27"]),
    ("The deadline was extended from July 31 to September 30.", ["2025-09-30"]),
    ("The vote was postponed from Wednesday to Thursday.", ["2025-07-17"]),
    ("Ministers will meet on Friday instead of Monday.", ["2025-07-18"]),
    ("The talks were first planned for July 18 and are now set for July 25.", ["2025-07-25"]),
    # The new date written first: "extended to ... from ...".
    ("The deadline was extended to September 30 from July 31.", ["2025-09-30"]),
    ("The hearing has been moved to Thursday from Wednesday.", ["2025-07-17"]),
    ("The talks, now set for July 27, were originally scheduled for July 20.", ["2025-07-27"]),
])
def test_a_date_that_was_replaced_is_not_due(text, due):
    # Tuesday 15 July 2025: the replaced date would get reminders of its own and fire for nothing.
    assert [d.due for d in deadlines([doc("a", text)])] == due


def test_a_count_with_no_later_than_runs_from_the_day_the_sentence_gives():
    # Tuesday 15 July 2025: 90 days after 30 June is 28 September, worked out by hand.
    text = "The port operator must file its plan no later than 90 days after the ruling, which was issued on June 30."
    assert [d.due for d in deadlines([doc("a", text)])] == ["2025-09-28"]


@pytest.mark.parametrize("text, due", [
    ("Firms have until the end of the year to comply.", ("2025-12-31", None, False)),
    ("Results are due by the end of the third quarter.", ("2025-09-30", None, False)),
    ("The law takes effect early next year.", ("2026-01-01", "2026-04-30", True)),
    ("The consultation closes on 31 August.", ("2025-08-31", None, False)),
])
def test_year_ends_quarters_and_closing_dates(text, due):
    (item,) = deadlines([doc("a", text)])
    assert (item.due, item.due_end, item.approximate) == due


@pytest.mark.parametrize("text, due", [
    # Tuesday 15 July 2025, worked out by hand.
    ("The regulator will publish its decision in the autumn.", [("2025-09-01", "2025-11-30", True)]),
    ("Kyiv has 48 hours to respond.", [("2025-07-17", None, True)]),
    ("Trump gave Russia 50 days on July 14 to agree a ceasefire.", [("2025-09-02", None, False)]),
    ("The Senate passed a bill that gives firms 90 days to comply.", [("2025-10-13", None, True)]),
    ("Last year, the ministry gave firms 90 days to comply.", []),  # counted from when? unknown
    ("The 30-day deadline passed without a deal.", []),
    ("After the 50-day deadline lapsed, tariffs rose.", []),
    # void: no longer a date anyone must meet
    ("The ruling means the July 20 deadline no longer applies.", []),
    ("The deadline of July 31 was lifted on Monday after the court ruled.", []),
    ("The court's July 31 deadline has been set aside.", []),
    # the old date replaced in the same sentence; the new one is due (before: the whole sentence was dropped)
    ("The ban, which had been due to take effect on Friday, will now take effect on August 1.",
     [("2025-08-01", None, False)]),
    ("The vote was scheduled for Thursday but will now be held on July 29 instead.", [("2025-07-29", None, False)]),
    ("The talks, which began on Monday, lasted 12 days.", []),
])
def test_time_limits_seasons_and_deadlines_that_are_over(text, due):
    assert [(d.due, d.due_end, d.approximate) for d in deadlines([doc("a", text)]) if d.status != "void"] == due


@pytest.mark.parametrize("text, void", [
    ("The ruling means the July 20 deadline no longer applies.", "2025-07-20"),
    ("The deadline of July 31 was lifted on Monday after the court ruled.", "2025-07-31"),
    ("The court's July 31 deadline has been set aside.", "2025-07-31"),
    # the date of the ruling is no deadline said to be void
    ("On Monday the court ruled that the deadline no longer applies.", None),
])
def test_a_report_that_a_deadline_no_longer_holds_is_a_void_item_of_that_day(text, void):
    found = [(d.due, d.status) for d in deadlines([doc("a", text)])]
    assert found == ([(void, "void")] if void else [])


def test_a_deadline_quotes_its_whole_clause_and_a_past_aside_is_no_deadline():
    # The quote runs to the clause's end (before ", saying ..."), not to the first comma; "agreed in May" is past.
    (item,) = deadlines([doc("a", "The truce, agreed in May, expires on Friday, and officials expect talks to "
                                  "continue, saying both sides want calm.")])
    assert (item.due, item.what) == ("2025-07-18", "The truce, agreed in May, expires on Friday, and officials "
                                                   "expect talks to continue")


# One story told over a week (Wednesday 4 to Saturday 7 March 2026), the deadline moved in other words.
ORDER = ("OTTAWA, March 4, 2026 (Maple Wire) - Canada's industry minister on Wednesday ordered the Chinese owner of "
         "the messaging app Chatter to sell its Canadian business, saying the unit must be sold by Sunday or the app "
         "would be banned. The ban takes effect on 8 March unless a buyer is approved, the ministry said.")
APPEAL = ("TORONTO - The owner of the messaging app Chatter asked the Federal Court on Thursday to suspend a "
          "government order to sell its Canadian unit by Sunday, arguing the deadline gave it no time to find a buyer.")
EXTENDED = ("OTTAWA, March 7, 2026 (Maple Wire) - The federal government on Saturday extended the deadline for the "
            "sale of Chatter's Canadian business to March 22, after the company said it had found a buyer. The ban, "
            "which had been due to take effect on Monday, will now take effect on March 22 if the sale is not "
            "completed.")


def chatter() -> list[dict]:
    return [doc("a", ORDER, "2026-03-04", source="Maple Wire"), doc("b", APPEAL, "2026-03-05", source="Court Post"),
            doc("c", EXTENDED, "2026-03-07", source="Maple Wire")]


def test_a_deadline_a_later_article_moves_in_other_words_is_one_item_revised():
    # Before: three live items, "by Sunday" and "8 March" (both Sunday 8 March) and 22 March, none superseded:
    # the sentences that move it share too few words with those that set it to be taken for rival readings.
    (item,) = deadlines(chatter(), today=dt.date(2026, 3, 7))
    assert (item.due, item.status) == ("2026-03-22", "upcoming")
    assert [(x["due"], x.get("superseded"), x["sources"]) for x in item.conflicts] == [
        ("2026-03-08", True, ["Court Post", "Maple Wire"])]
    cited = {c["document_id"] for x in item.conflicts for c in x["citations"]}
    assert {c.document_id for c in item.citations} == {"c"} and cited == {"a", "b"}
    # Before the move was reported, the older date stands on its own.
    before = deadlines(chatter()[:2], today=dt.date(2026, 3, 6))
    assert {(i.due, str(i.conflicts)) for i in before} == {("2026-03-08", "[]")}


@pytest.mark.parametrize("older, newer, due, replaced", [
    # "pushed back", the new date with what it is for, the older one given in other words
    (("HARRISBURG, March 9, 2026 (Keystone Wire) - The state Supreme Court struck down the congressional map and "
      "gave lawmakers until March 20 to submit new wording for the districts.", "2026-03-09"),
     ("HARRISBURG -- Acting on a request from both parties, the justices on Wednesday pushed back their deadline, "
      "giving lawmakers until March 27 to write new language for the congressional districts.", "2026-03-18"),
     "2026-03-27", "2026-03-20"),
    # passive, the thing that moved before the verb; brought forward, not put back
    (("PARIS, May 4, 2026 (AFP) - France's National Assembly will vote on the pension bill on May 12, the "
      "government spokeswoman said.", "2026-05-04"),
     ("PARIS, May 14, 2026 (Reuters) - The pension vote in France's lower house was brought forward to May 15 "
      "after the government struck a deal with centrist deputies.", "2026-05-14"),
     "2026-05-15", "2026-05-12"),
    # a German agency's wording: "two more weeks", "now runs until"
    (("BERLIN (dpa) - Deutsche Bahn and the GDL train drivers' union must reach an agreement by 15 September, the "
      "arbitrator said.", "2026-09-02"),
     ("FRANKFURT (dpa) - The arbitrator has given Deutsche Bahn and the GDL train drivers' union two more weeks: "
      "the deadline for an agreement now runs until 29 September.", "2026-09-11"),
     "2026-09-29", "2026-09-15"),
])
def test_a_later_report_moving_a_date_in_other_words_supersedes_it(older, newer, due, replaced):
    docs = [doc("a", older[0], older[1], source="One"), doc("b", newer[0], newer[1], source="Two")]
    (item,) = deadlines(docs, today=dt.date.fromisoformat(newer[1]))
    assert item.due == due and [(x["due"], x.get("superseded")) for x in item.conflicts] == [(replaced, True)]


def test_a_date_moved_twice_supersedes_both_older_ones_newest_first():
    docs = [doc("a", "France's National Assembly will vote on the pension bill on May 12, the government said.",
                "2026-05-04", source="AFP"),
            doc("b", "The French government has postponed the National Assembly's vote on the pension reform bill to "
                     "May 19, citing the thousands of amendments still to be examined.", "2026-05-08", source="AFP2"),
            doc("c", "The pension vote in France's lower house was brought forward to May 15 after the government "
                     "struck a deal with centrist deputies.", "2026-05-14", source="Reuters")]
    (item,) = deadlines(docs, today=dt.date(2026, 5, 14))
    assert item.due == "2026-05-15"
    assert [(x["due"], x.get("superseded")) for x in item.conflicts] == [("2026-05-19", True), ("2026-05-12", True)]


def test_a_moved_deadline_of_another_thing_does_not_supersede_the_actors_other_deadline():
    # One regulator, two deadlines: the comment period moves, the SIM registration does not. The regulator's
    # name is in both sentences; what moved is the comment period only.
    docs = [doc("a", "LAGOS, June 1, 2026 (Sahel Wire) - Nigeria's telecoms regulator gave mobile operators until "
                     "June 30 to link every SIM card to a national identity number. The regulator also said public "
                     "comments on its draft data-sharing rules are due by June 15.", "2026-06-01"),
            doc("b", "LAGOS, June 10, 2026 (Sahel Wire) - Nigeria's telecoms regulator extended the comment period on "
                     "its draft data-sharing rules to July 10, after consumer groups asked for more time.",
                "2026-06-10")]
    got = {i.due: [(x["due"], x.get("superseded")) for x in i.conflicts] for i in deadlines(docs, dt.date(2026, 6, 11))}
    assert got == {"2026-06-30": [], "2026-07-10": [("2026-06-15", True)]}


def test_a_verb_that_moved_the_date_far_before_it_still_makes_it_a_deadline():
    # Before: "postponed" lay beyond the few words read around the date, and the new date was no deadline at all.
    d = doc("a", "The French government has postponed the National Assembly's vote on the pension reform bill to May 19, "
                 "citing the thousands of amendments still to be examined.", "2026-05-08")
    assert [i.due for i in deadlines([d], today=dt.date(2026, 5, 8))] == ["2026-05-19"]


TRUCE = ("BRUSSELS, June 20, 2026 (Lakeside Wire) - The EU-US tariff truce expires on July 9, and Brussels has "
         "prepared duties on 21 billion euros of American goods, a Commission spokesman said.")
EXTEND_BY = ("WASHINGTON, July 7, 2026 (Potomac Post) - The United States and the European Union agreed on Tuesday "
             "to extend their tariff truce by 90 days, giving negotiators more room on steel and cars.")


def test_a_date_extended_by_a_length_counts_from_the_date_it_moves():
    # Before: "extend ... by 90 days" was no deadline at all, and the truce stood at 9 July.
    docs = [doc("a", TRUCE, "2026-06-20", source="Lakeside Wire"), doc("b", EXTEND_BY, "2026-07-07", source="Post")]
    (item,) = deadlines(docs, today=dt.date(2026, 7, 8))
    # 9 July + 90 days, by hand: 22 days to 31 July, 31 in August, 30 in September, then 7 October.
    assert (item.due, item.approximate, item.anchor) == ("2026-10-07", False, "2026-07-09")
    assert [(x["due"], x.get("superseded")) for x in item.conflicts] == [("2026-07-09", True)]
    # Alone, no deadline: 90 days from the article's date would be off by whatever the truce had left to run.
    assert deadlines(docs[1:], today=dt.date(2026, 7, 8)) == []


def test_a_length_added_to_another_thing_does_not_move_the_deadline():
    # The guard on the test above: the same word of extension, the truce not named.
    docs = [doc("a", TRUCE, "2026-06-20", source="Lakeside Wire"),
            doc("b", "The Commerce Department extended the comment period on aluminium quotas by 30 days.",
                "2026-07-07", source="Post")]
    got = {i.due: i.conflicts for i in deadlines(docs, today=dt.date(2026, 7, 8))}
    assert got == {"2026-07-09": []}


def test_a_void_deadline_says_so_in_every_renderer_with_the_report_that_voided_it_defanged():
    a = doc("a", "The ministry set a July 25 deadline for bids on the port concession.", "2025-07-10",
            source="Harbour Wire")
    v = doc("v", "@everyone The ministry said the July 25 deadline for bids on the port concession no longer "
            "applies.", "2025-07-14", source="Daily Ledger")
    (item,) = deadlines([a, v])
    assert (item.status, [c.source for c in item.voided_by]) == ("void", ["Daily Ledger"])
    from adapters import discord_render, slack_render
    from adapters.markdown import render_markdown
    from summarizer.model import Briefing

    briefing = Briefing(topic="ports", generated_at="2025-07-15T08:00:00+00:00", since=None,
                        until="2025-07-15T08:00:00+00:00", documents=2, deadlines=[item])
    def messages(module):
        return lambda b: json.dumps(module.briefing_messages(b), ensure_ascii=False)

    for render in (render_markdown, messages(slack_render), messages(discord_render)):
        text = render(briefing)
        assert "Fri 25 Jul 2025 (no longer holds)" in text, render
        assert "no longer holds:" in text and "Daily Ledger" in text, render
        assert "in 10 days" not in text and "@everyone" not in text, render


def test_two_things_due_at_the_end_of_the_month_stay_two_items():
    # Seen in the team's question store: a prisoner exchange "completed by the end of the month" and a code's final
    # text "promised by the end of the month" were one deadline, because "end", "month" and one more word were
    # shared. Words that only say when are no evidence of the same thing.
    swap = doc("a", "The Ukrainian side expects the exchange of prisoners agreed at the previous round to be "
                    "completed by the end of the month.", source="Press Office")
    code = doc("b", "The final text, which the AI Office has promised by the end of the month, has been sent to "
                    "member states for a last round of comments.", source="Tech Daily")
    assert sorted(len(item.citations) for item in deadlines([swap, code])) == [1, 1]


def test_one_thing_told_in_other_forms_of_its_words_is_one_item():
    # "had proposed that the presidents meet by the end of August" and "proposes a meeting of the presidents by the
    # end of August": the same proposal, one item.
    a = doc("a", "Rustem Umerov said Kyiv had proposed that the two presidents meet by the end of August.",
            source="Black Sea Dispatch")
    b = doc("b", "Ukraine proposes a meeting of the presidents by the end of August, the ministry said.",
            source="Press Office")
    (item,) = deadlines([a, b])
    assert item.due == "2025-08-31" and item.sources == 2


def test_the_end_of_a_pause_in_force_is_a_deadline_counted_from_its_start():
    # Seen on real tariff coverage: "agreed Monday to a 30-day pause", "will be paused for a 30 day period" gave
    # no deadline at all, though the day the pause ends is the one everybody watches. Wednesday 5 March 2025.
    wed = dt.date(2025, 3, 5)
    a = doc("a", "The governor agreed on Monday to a 45-day pause on the fishing levy while both sides talk.",
            "2025-03-04")
    (item,) = deadlines([a], today=wed)
    assert (item.due, item.anchor, item.approximate) == ("2025-04-17", "2025-03-03", False)
    # The day in the sentence dates the levy, not the pause: the pause runs from the article's day, approximately.
    b = doc("b", "The levies announced on Friday will be suspended for a 45 day period, the governor's office said.",
            "2025-03-04")
    (item,) = deadlines([b], today=wed)
    assert (item.due, item.anchor, item.approximate) == ("2025-04-18", "2025-03-04", True)
    # A month is no count of days: about 3 April.
    c = doc("c", "The port authority held off on Monday on the new fees for one month of further talks.", "2025-03-04")
    assert [(i.due, i.approximate) for i in deadlines([c], today=wed)] == [("2025-04-03", True)]


@pytest.mark.parametrize("text", [
    "The fishermen rejected the ministry's offer of a 45-day pause on the levy.",
    "The union is pushing for a 60-day moratorium on layoffs.",
    "The strike lasted 45 days before the dockers went back to work.",
    "The fees were paused for a few days and again for several weeks.",  # no count of days to end on
    # Only spoken of, not in force: seen in the team's gold stories once pauses counted
    "A one-year moratorium on the levy is the only sensible course, the federation's director said.",
    "The fishermen have pushed since spring for a halt to the levy of at least 60 days.",
])
def test_a_pause_only_asked_for_or_a_length_gone_by_is_no_deadline(text):
    assert deadlines([doc("a", text, "2025-03-04")], today=dt.date(2025, 3, 5)) == []


def test_a_deadline_and_a_meeting_of_one_day_in_one_article_stay_two_items():
    # Seen on the development newswire: "The growers rejected the offer through two days of talks, and the agency
    # extended its deadline until Tuesday" and "we'll be back tomorrow to continue our talks" shared only "talks",
    # outside the clause that gives the deadline's day, and were one item. Monday 14 July: both are Tuesday 15 July.
    a = doc("a", "The growers rejected the offer through two days of talks, and the agency extended its deadline "
                 "until 9 a.m. Tuesday. \"We will be back tomorrow to continue our talks,\" their lawyer said.",
            "2025-07-14")
    assert sorted(len(i.citations) for i in deadlines([a], today=dt.date(2025, 7, 14))) == [1, 1]
    # ...while one day an article gives twice for one thing, the word shared in both clauses, stays one item.
    b = doc("b", "The agency extended the deadline for the sale of the orchards until Tuesday. The levy will now "
                 "apply on Tuesday if the sale is not completed.", "2025-07-14")
    (item,) = deadlines([b], today=dt.date(2025, 7, 14))
    assert item.due == "2025-07-15"


def test_an_undated_report_counted_from_an_older_source_gives_no_deadline_weeks_ago():
    # Seen on real coverage: an undated article, dated by the older source of its story it shares most with, put
    # "until Friday" weeks back, and the briefing showed a deadline "34 days ago". Nothing says it ever was one then.
    dated = doc("a", "The Harbour Board said on Monday it would publish new berth fees for cargo ships at the "
                     "container terminal by June 30, after shipping lines complained.", "2025-06-02")
    undated = doc("b", "Shipping lines want the Harbour Board to explain the new berth fees for cargo ships at the "
                       "container terminal. The board must answer their letter by Friday, the lines said.", None)
    later = [(i.due, i.citations[0].document_id) for i in deadlines([dated, undated], today=dt.date(2025, 7, 10))]
    assert later == [("2025-06-30", "a")]  # the dated source's own deadline, passed, stays
    # Read in the week the guess puts it in, the Friday is shown, approximate.
    (friday,) = [i for i in deadlines([dated, undated], today=dt.date(2025, 6, 3)) if i.due == "2025-06-06"]
    assert friday.approximate and friday.status == "upcoming"


def test_one_pause_told_by_several_reports_is_one_item_on_the_day_one_of_them_dates():
    # Seen on real tariff coverage: "agreed Monday to a 30-day pause" (5 March), "will be paused for a 30 day period"
    # in the next day's report (counted from that day: 6 March), "paused for at least a month" (4 March) were three
    # items, two of them flagged "sources disagree". The pause a report does not date is the one another dates.
    a = doc("a", "The governor agreed on Monday to a 30-day pause on the fishing levy while both sides talk.",
            "2025-02-04", source="Coast Post")
    b = doc("b", "The fishing levy will be suspended for a 30 day period, the governor's office said.", "2025-02-05",
            source="Harbour Times")
    c = doc("c", "Fishermen and the governor agreed to pause the fishing levy for at least a month.", "2025-02-05",
            source="Nordic Wire")
    # A month counted from the Monday (3 March) is the same pause, not a rival date: a month is no count of days.
    d = doc("d", "The governor held off on Monday on the fishing levy for one month of talks with the fishermen.",
            "2025-02-05", source="Daily Ledger")
    (item,) = deadlines([a, b, c, d], today=dt.date(2025, 2, 6))
    assert (item.due, item.sources, item.conflicts) == ("2025-03-05", 4, [])
    # Alone, a pause no report dates is counted from its article's day, approximate.
    (alone,) = deadlines([b], today=dt.date(2025, 2, 6))
    assert (alone.due, alone.approximate) == ("2025-03-07", True)


@pytest.mark.parametrize("text", [
    "An appeals court on Tuesday suspended the March 20 deadline for the sale of the ferry routes.",
    "A judge on Monday blocked the port authority's March 20 deadline for the new permits.",
    "The March 20 deadline for the permits was temporarily halted by the court on Tuesday.",
    "Bids for the ferry routes are due by March 20. On Tuesday a judge froze the March 20 deadline for the bids.",
])
def test_a_deadline_a_court_suspended_or_blocked_no_longer_holds(text):
    # Seen on real court coverage: a deadline a higher court halted stayed a live deadline. "Suspended",
    # "halted", "blocked", "froze", "stayed", "paused" say it no longer holds, told either way round; the day the
    # court acted ("on Tuesday") is no deadline of its own. Wednesday 5 March 2025.
    found = deadlines([doc("a", text, "2025-03-05")], today=dt.date(2025, 3, 5))
    assert [(i.due, i.status) for i in found] == [("2025-03-20", "void")]


def test_a_deadline_a_court_refused_to_lift_still_holds():
    d = doc("a", "The court refused to lift the March 20 deadline for the permits, and has not suspended the "
                 "March 20 deadline either.", "2025-03-05")
    assert [(i.due, i.status) for i in deadlines([d], today=dt.date(2025, 3, 5))] == [("2025-03-20", "upcoming")]


@pytest.mark.parametrize("text, due", [
    # A window that opened closes on a day as watched as a pause's end: counted from the day it opened. Wednesday
    # 4 June 2025; Monday is 2 June.
    ("The water board opened a 45-day comment period on its tariff plan on Monday.", "2025-07-17"),
    ("The consultation on the bus routes, which began on Monday, runs for 60 days.", "2025-08-01"),
])
def test_the_close_of_a_window_that_opened_is_a_deadline(text, due):
    (item,) = deadlines([doc("a", text, "2025-06-04")], today=dt.date(2025, 6, 4))
    assert (item.due, item.anchor) == (due, "2025-06-02")


@pytest.mark.parametrize("text", [
    "The 14-day comment window on the bus routes closed on Friday.",
    "Residents want a 90-day consultation on the bus routes.",
    "A 60-day comment period is usual for such plans.",
])
def test_a_window_closed_asked_for_or_spoken_of_is_no_deadline(text):
    assert deadlines([doc("a", text, "2025-06-04")], today=dt.date(2025, 6, 4)) == []


def test_one_day_an_article_gives_twice_as_an_end_is_one_item():
    # In the team's gold stories: "the wider truce due to end by March 31" and "would reimpose duties if there was no
    # deal by March 31", one article, share only "deal", outside the truce's clause; both say the day ends something,
    # and they are one deadline.
    d = doc("a", "Negotiators will meet next week, with the deadline for a framework deal expiring soon and the wider "
                 "levy truce due to end by March 31. The official said the ministry would reimpose duties if "
                 "there was no deal by March 31.", "2025-03-05")
    assert len([i for i in deadlines([d], today=dt.date(2025, 3, 5)) if i.due == "2025-03-31"]) == 1


def test_two_outlets_give_one_day_for_one_thing_in_other_forms_of_its_words():
    """No word in common as written, two in common as stems ("shareholders"/"shareholder", "agreements"/
    "agreement"): one deadline. Pairs with no stem in common are set aside before the costly tests; pairs
    with stems but no words in common must not be."""
    a = doc("a", "Shareholders must approve the agreements by Friday.", source="Quay Daily")
    b = doc("b", "The shareholder vote on the agreement is due on July 18.", source="Coast Post")
    (item,) = deadlines([a, b])
    assert item.due == "2025-07-18" and len(item.citations) == 2
