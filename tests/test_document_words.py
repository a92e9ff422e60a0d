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
    {"us", "eu", "u", "s", "e", "am", "a", "m", "usdelegation"},  # dotted abbreviations read as one word
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
