"""The publication date stated by the copy: datelines and bylines yes, dates in the story no."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bot.readers import read_document
from summarizer.text.clean import clean_text
from summarizer.text.published import copyright_year, find_published_date

MESSY = Path(__file__).parent / "fixtures" / "messy"
D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected", "matched"),
    [
        ("date 2025-07-20 Moscow: The Kremlin said the talks would continue.", D(2025, 7, 20), "2025-07-20"),
        ("Grain deal talks resume\n[Moscow, July 20, 2025]\nThe Kremlin said...", D(2025, 7, 20), "July 20, 2025"),
        ("Ceasefire talks\n07/23/2025 / By Anna Petrova\nNegotiators met in Istanbul.", D(2025, 7, 23), "07/23/2025"),
        ("Talks stall\n\nPublished: 16 July 2025 09:12 CET\n\nBody.", D(2025, 7, 16), "16 July 2025 09:12 CET"),
        ("Port levy\nTuesday, 22 July 2025\nThe ports said...", D(2025, 7, 22), "22 July 2025"),
        ("2025-07-22T08:30:00Z\nThe regulator said...", D(2025, 7, 22), "2025-07-22T08:30:00Z"),
        ("By Lotte Vermeulen | 18 July 2025\nThe ports of Rotterdam...", D(2025, 7, 18), "18 July 2025"),
        ("TROMS\u00d8, 18 July 2025 \u2014 Talks between Norway and...", D(2025, 7, 18), "18 July 2025"),
        ("GENEVA, Sept. 2, 2025 (Alpine Markets) - Swiss banks...", D(2025, 9, 2), "Sept. 2, 2025"),
        ("Posted on 3rd August 2025 at 10:15 am\nThe WTO panel...", D(2025, 8, 3), "3rd August 2025 at 10:15 am"),
        ("Levy talks\n23.07.2025 | Coast Post\nThe ministers...", D(2025, 7, 23), "23.07.2025"),
        ("Levy talks\n07.08.2025 | Coast Post\nThe ministers...", D(2025, 8, 7), "07.08.2025"),  # dots: day first
        ("Port employers reject ultimatum\n\nOctober 4, 2025 (Harbour Wire)\n\nEmployers at the port...",
         D(2025, 10, 4), "October 4, 2025"),
        # Written in New York late on the 22nd: the date as written, not UTC's 23rd.
        ("2025-07-22T23:30:00-05:00\nNegotiators...", D(2025, 7, 22), "2025-07-22T23:30:00-05:00"),
    ],
)
def test_datelines(text, expected, matched):
    found = find_published_date(text)
    assert found is not None
    assert found.date == expected
    assert found.text == matched
    assert text[found.start:found.end] == matched


@pytest.mark.parametrize(
    "text",
    [
        "The EU set the deadline of September 2, 2025 for a deal on the steel quota.",
        "Officials said on Monday that talks would continue.\n\"September 2, 2025 - that is our red line,\" he said.",
        "Norway said the review would end before\nSeptember 2, 2025 - a date both sides accept, officials said.",
        "Headline\n\nJuly 20, 2025 was the day the talks collapsed.",
        "Headline\n\u201cBy July 20, 2025 we will know,\u201d the minister said.",
        "Levy talks\n07/08/2025\nAmbiguous day and month outside a byline.",
        "Quota talks\nFebruary 30, 2025\nNot a real date.",
        "Talks will continue next week, officials said. No date given anywhere.",
        "",
    ],
)
def test_not_a_dateline(text):
    assert find_published_date(text) is None


def test_yearless_dateline_needs_a_year_from_elsewhere():
    text = "KYIV, July 15 (Harbour Wire) - Ukraine said grain talks would resume.\n\nTags: Grain"
    assert find_published_date(text) is None  # never guess the year from today
    with_footer = text + "\n\n\u00a9 2025 Harbour Wire. All rights reserved."
    found = find_published_date(with_footer)
    assert found is not None and found.date == D(2025, 7, 15) and found.text == "July 15"
    assert find_published_date(text, year_hint=2024).date == D(2024, 7, 15)
    ranged = text + "\n\nCopyright \u00a9 2003\u20132025 Harbour Wire"
    assert find_published_date(ranged).date == D(2025, 7, 15)


@pytest.mark.parametrize("text, reference, copyright, expected", [
    # The usual wire dateline has no year: the day the copy was at hand gives it.
    ("DOHA, July 14 (Gulf Wire) - Hamas said it would answer.", D(2025, 7, 17), None, D(2025, 7, 14)),
    ("BRUSSELS, Oct 14 (Meridian Wire) - China demanded talks.", D(2025, 10, 20), None, D(2025, 10, 14)),
    # "Dec 30" in a file of 3 January is last year's; a day or two ahead is a time zone, not next year.
    ("KYIV, Dec 30 (Harbour Wire) - Talks ended.", D(2026, 1, 3), None, D(2025, 12, 30)),
    ("KYIV, July 18 (Harbour Wire) - Talks ended.", D(2025, 7, 17), None, D(2025, 7, 18)),
    # A page rendered in January shows the new year in its footer: the story is from the year before.
    ("KYIV, Dec 30 (Harbour Wire) - Talks ended.", D(2026, 1, 3), 2026, D(2025, 12, 30)),
    ("KYIV, July 15 (Harbour Wire) - Talks ended.", D(2026, 12, 6), 2025, D(2025, 7, 15)),  # an old file read late
])
def test_a_yearless_dateline_is_no_later_than_the_copy_at_hand(text, reference, copyright, expected):
    assert find_published_date(text, year_hint=copyright, reference=reference).date == expected


def test_an_outlet_then_its_date_on_one_line_dates_the_copy():
    text = "Commission denies EV talks with China have collapsed\n\nAsia-Europe Trade Monitor — Thursday, " \
           "October 16, 2025\n\nBRUSSELS — The European Commission on Thursday rejected reports."
    assert find_published_date(text).date == D(2025, 10, 16)


def test_yearless_date_alone_at_line_start_is_not_enough():
    assert find_published_date("July 15\nTalks resumed.\n\u00a9 2025 Harbour Wire") is None


def test_only_the_head_counts_for_unlabelled_datelines_but_labels_count_anywhere():
    filler = "Negotiators met again on Monday. " * 20
    assert find_published_date(f"Headline\n\n{filler}\n\n[Moscow, July 20, 2025]\n") is None
    found = find_published_date(f"Headline\n\n{filler}\n\nPublished: 21 July 2025\n")
    assert found.date == D(2025, 7, 21) and found.start > 600


def test_published_beats_dateline_beats_updated():
    text = "Updated: 19 July 2025\nBRUSSELS, 17 July 2025 - Talks...\n\nPublished: 18 July 2025\n"
    assert find_published_date(text).date == D(2025, 7, 18)
    assert find_published_date("Updated: 19 July 2025\nBRUSSELS, 17 July 2025 - Talks...").date == D(2025, 7, 17)
    assert find_published_date("Headline\nUpdated: 19 July 2025\nTalks went on.").date == D(2025, 7, 19)


def test_copyright_year():
    assert copyright_year("Body.\n\u00a9 2003-2024 Coast Post") == 2024
    assert copyright_year("Copyright 2025 Nordic Wire") == 2025
    assert copyright_year("The copyright office said in 2025 that...") is None


def _fixture(name: str):
    path = MESSY / name
    return read_document(path, path.read_bytes())


def test_fixtures_through_reader_cleaner_and_finder():
    steel = clean_text(_fixture("steel-talks-furniture.txt").text)
    # The copyright footer is gone from the cleaned text; its year travels as a hint.
    found = find_published_date(steel.text, year_hint=steel.copyright_year)
    assert found.date == D(2025, 7, 15) and steel.text[found.start:found.end] == "July 15"
    assert find_published_date(steel.text) is None

    faroe = clean_text(_fixture("faroe-talks-cp1252.txt").text)
    assert find_published_date(faroe.text).date == D(2025, 7, 18)

    # A stamp line is metadata: out of the text, kept apart, and read for the date there.
    consent = clean_text(_fixture("consent-banners-utf16.txt").text)
    assert "16 July 2025 09:12 CET" not in consent.text
    assert find_published_date(consent.dated_text()).text == "16 July 2025 09:12 CET"

    mackerel = clean_text(_fixture("mackerel-talks.md").text, markdown=True)
    assert "Published: 21 July 2025" in mackerel.stamps and "Published:" not in mackerel.text
    assert find_published_date(mackerel.dated_text()).date == D(2025, 7, 21)

    mail = _fixture("swiss-custody-rules.eml")
    cleaned = clean_text(mail.text, title=mail.title)
    found = find_published_date(cleaned.text)
    assert found.date == D(2025, 7, 22) and found.text == "22 July 2025"


def test_posted_at_a_time_before_the_date_and_a_glued_dateline_with_its_agency():
    assert find_published_date("Posted at 4:15 PM, March 6, 2025\n\nThe council met.").date == D(2025, 3, 6)
    found = find_published_date("LINDMARK,S.T, Mar 5, (Nordpost) - The regulator fined the bank.",
                                 reference=D(2025, 3, 8))
    assert found.date == D(2025, 3, 5) and found.text == "Mar 5"
