from __future__ import annotations

import pytest

from summarizer.text.datelines import dateline_length


@pytest.mark.parametrize(
    "sentence, rest",
    [
        ("KYIV, July 15 (Harbour Wire) - Ukraine on Tuesday welcomed a US ultimatum.", "Ukraine on Tuesday welcomed a US ultimatum."),
        ("KYIV (Harbour Wire) - Ukraine on Tuesday welcomed a US ultimatum.", "Ukraine on Tuesday welcomed a US ultimatum."),
        ("BRUSSELS, March 3, 2025 (Lakeside Wire) - Negotiators agreed on Monday to extend talks.", "Negotiators agreed on Monday to extend talks."),
        ("date 2025-07-20 Moscow: The Kremlin said on Sunday that a summit could wait.", "The Kremlin said on Sunday that a summit could wait."),
        ("[Moscow, July 21, 2025] The Kremlin said it was ready for a third round.", "The Kremlin said it was ready for a third round."),
        ("SEOUL (Lakeside Wire) - South Korea's trade ministry said on Tuesday it had asked.", "South Korea's trade ministry said on Tuesday it had asked."),
        # a web page's dateline with a hyphen for its dash: before, "Norway" spoke the union's words
        ("BERGEN, Norway - The ferry workers' union said Monday its members would stay out.",
         "The ferry workers' union said Monday its members would stay out."),
        ("SPRINGFIELD, Ill. - The governor said he would sign the bill next week.",
         "The governor said he would sign the bill next week."),
    ],
)
def test_datelines_are_measured(sentence, rest):
    assert sentence[dateline_length(sentence):] == rest


@pytest.mark.parametrize(
    "sentence",
    [
        "US President Donald Trump announced on Monday a 50-day deadline for Moscow.",
        "Kremlin spokesman Dmitry Peskov said - again - that talks would continue.",
        "NATO - the alliance - said it would deliver the systems within days.",
        "U.S. - China trade talks resumed on Monday in Geneva with both sides hopeful.",
        "FTC - Kroger Merger Hearing Ends With Closing Arguments On Tuesday.",
        "Ukraine proposed a meeting of the leaders by the end of August.",
    ],
)
def test_ordinary_sentences_have_no_dateline(sentence):
    assert dateline_length(sentence) == 0


def test_a_capitals_dateline_with_an_em_dash():
    sentence = "ISTANBUL \u2014 Russian and Ukrainian negotiators will meet in Istanbul on Wednesday."
    assert sentence[dateline_length(sentence):] == "Russian and Ukrainian negotiators will meet in Istanbul on Wednesday."


@pytest.mark.parametrize("sentence, dateline", [
    ("COLUMBUS, Ohio, March 19 (Buckeye Wire) - The court upheld the order.", "COLUMBUS, Ohio, March 19 (Buckeye Wire) - "),
    ("SPRINGFIELD, Ill. (AP) - The governor signed the bill on Friday.", "SPRINGFIELD, Ill. (AP) - "),
    ("NEW YORK, N.Y. (AP) - The mayor said so on Monday night.", "NEW YORK, N.Y. (AP) - "),
])
def test_a_us_dateline_names_the_state_after_the_city(sentence, dateline):
    assert sentence[:dateline_length(sentence)] == dateline


@pytest.mark.parametrize("sentence, dateline", [
    ("NAIROBI, Kenya (AP) _ The bomb exploded near the embassy on Friday morning.", "NAIROBI, Kenya (AP) _ "),
    ("WASHINGTON _ President Clinton vowed on Saturday to hunt down the bombers.", "WASHINGTON _ "),
    ("HARRISBURG -- Pennsylvania lawmakers on Tuesday passed the state budget.", "HARRISBURG -- "),
    ("BERLIN (dpa) - 2 September 2026 - The government said on Tuesday it would extend the scheme.",
     "BERLIN (dpa) - 2 September 2026 - "),
    ("NAIROBI, Kenya (Rift Wire) - April 6, 2026 - The commission said registration would close on April 24.",
     "NAIROBI, Kenya (Rift Wire) - April 6, 2026 - "),
])
def test_old_wire_and_agency_datelines_are_skipped_whole(sentence, dateline):
    assert sentence[:dateline_length(sentence)] == dateline


def test_a_dash_inside_a_sentence_is_no_dateline():
    assert dateline_length("The U.S. - Kenya talks - held on Monday - ended without a statement.") == 0


def test_a_place_and_colon_is_a_dateline_once_its_stamp_is_cut_off():
    # "date 2025-07-20 Moscow: The Kremlin said ..." loses its stamp to the cleaner (metadata); before, the
    # "Moscow:" left behind was read as the start of the lead sentence and shown in a briefing line.
    assert dateline_length("Moscow: The Kremlin said on Sunday that a summit could only crown a settlement.") == 8
    assert dateline_length("Port Alder, November 5: Dockworkers voted on Monday to accept the offer.") == 24
    # A speaker's colon is no place: "He said:" starts with a word in lower case after the first.
    assert dateline_length("He said: We will not give up on the terminal, not this year.") == 0


@pytest.mark.parametrize("sentence, rest", [
    # Before: no dash after the agency, no dateline, and "Fjord News" was the subject's organisation.
    ("OSLO (Fjord News) Deputy Fisheries Minister Kari Lind says Norway will not sign.",
     "Deputy Fisheries Minister Kari Lind says Norway will not sign."),
    ("REYKJAVIK, March 4 (Xinhua) Iceland's government on Tuesday rejected the quota offer.",
     "Iceland's government on Tuesday rejected the quota offer."),
])
def test_an_agency_tag_without_a_dash_ends_a_dateline(sentence, rest):
    assert sentence[dateline_length(sentence):] == rest


@pytest.mark.parametrize("sentence", [
    "FBI (Federal Bureau of Investigation) Director Anne Holt said the inquiry would go on.",
    "NATO (the Atlantic alliance) Secretary General Jens Olsen said the door stays open.",
])
def test_an_acronym_spelled_out_in_brackets_is_no_dateline(sentence):
    assert dateline_length(sentence) == 0
