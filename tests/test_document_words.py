"""A document is asked only for the question's words: the answer is what listing all its words would give."""

from __future__ import annotations

import pytest

from summarizer.answer.terms import document_has, document_words

TEXT = """U.S. and E.U. negotiators met at 9 a.m. in Geneva; the u.s.delegation left early.

Talks on the 1.5bn tariff deal resumed Tuesday. "We talked," said Žaneta Nováková, the EU's envoy (talks2 went
nowhere, and a pre-talks briefing ran late). Officials’ statements followed: the negotiators' 50-day deadline stands,
the 3rd round ends by 31.12, 2025. Élan and élite voters backed re-talking. xtalks, talkative, bn, 1,200 fines.
"""
ASKED = [
    {"talks", "talk", "talked", "talking", "talkative"},         # a word as such, and inside others ("xtalks")
    {"us", "eu", "am", "usdelegation", "geneva"},                 # dotted abbreviations read as one word
    {"u", "s", "e", "a", "m", "us"},                              # and no longer as letters
    {"delegation", "left", "early"},                              # "u.s.delegation" hides "delegation"
    {"bn", "tariff", "deal"},                                    # "1.5bn": "bn" follows a figure
    {"žaneta", "nováková", "élan", "élite", "envoy"},            # letters beyond ASCII
    {"officials", "officials'", "negotiators", "s", "statements"},
    {"talks2", "pre", "re", "day", "rd", "round"},
    {"50", "1,200", "1.5", "2025", "31.12", "3rd", "fines"},     # figures among the words asked
    {"tariff deal", "re-talking", "geneva;", "", "nowhere"},     # what can never be one word
    {"missing", "absent"},
]


@pytest.mark.parametrize("asked", ASKED, ids=lambda a: "-".join(sorted(a))[:40])
def test_the_words_found_are_those_of_the_document_among_those_asked(asked):
    words = frozenset(asked)
    assert document_has("doc-1", TEXT, words) == document_words("doc-1", TEXT) & words


def test_a_word_is_found_where_it_starts_a_word_not_inside_one():
    assert document_has("doc-2", "The xtalks resumed.", frozenset({"talks", "resumed"})) == {"resumed"}
    assert document_has("doc-3", "Talks resumed, 1.5bn at stake.", frozenset({"talks", "bn"})) == {"talks", "bn"}
    assert document_has("doc-4", "Officials in the U.S. said so.", frozenset({"us", "u", "said"})) == {"us", "said"}


@pytest.mark.parametrize("text", [
    "U.S. and E.U. talks", "the u.s.delegation", "x.y.z.w. and a.b.c.d.e.", ".a.b. then ab.c.d.", "1.a.b. or é.u.s.",
    "U.S.A.F. jets at 9 a.m., p.m.", "e.g.,i.e.", "no abbreviation here. A.", "a.b", "A.B.C", "‘U.S.’ isn’t",
])
def test_dotted_abbreviations_are_one_word_as_the_plain_substitution_reads_them(text):
    from summarizer.answer.terms import _DOTTED, _WORD, words_of

    plain = _DOTTED.sub(lambda m: "".join(g for g in m.groups() if g), text.lower().replace("’", "'"))
    assert words_of(text) == set(_WORD.findall(plain))


def test_a_dotted_abbreviation_is_read_as_one_word_wherever_it_stands():
    from summarizer.answer.terms import words_of

    assert words_of("U.S. and E.U. talks at 9 a.m.") == {"us", "and", "eu", "talks", "at", "9", "am"}
    assert words_of("the u.s.delegation and U.S.A.F. jets") == {"the", "usdelegation", "and", "usaf", "jets"}


@pytest.mark.parametrize("asked", [
    {"19th", "50", "day", "2025", "3rd", "bn", "1.5", "1,200", "5abc", "abc", "talks2", "ßtalks", "talks"},
    {"90", "3", "1", "200", "12", "31", "5"},
])
def test_figures_and_words_after_figures_are_found_as_the_whole_list_reads_them(asked):
    text = ("On 31.12 the 19th round, 50-day talks2 ended; 1.5bn and 1,200 fines, 3.90 rate, 5abc, "
            "ßtalks, ٣.٥abc and ٣talks, 2025.")
    words = frozenset(asked)
    assert document_has("doc-5", text, words) == document_words("doc-5", text) & words
