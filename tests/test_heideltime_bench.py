"""Mapping HeidelTime's TimeML output back to offsets in the original text.

Fake outputs in the shape the jar prints, so neither Java nor the jar is needed.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ is not an installed package

from benchmarks.heideltime import AlignmentError, map_timeml  # noqa: E402
from summarizer.dates.timeml import Span  # noqa: E402

HEAD = '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'
TAIL = "\n</TimeML>\n\n"


def tagged(body: str) -> str:
    return HEAD + body + TAIL


def covered(text: str, spans: list[Span]) -> list[tuple[str, str, str]]:
    return [(text[s.start:s.end], s.type, s.value) for s in spans]


def test_identical_text_with_a_raw_ampersand():
    text = "\n\nAT&T said on Monday & late yesterday <sic> that\nsales rose.\n"
    output = tagged('\n\nAT&T said on <TIMEX3 tid="t1" type="DATE" value="1998-08-03">Monday</TIMEX3> & '
                    '<TIMEX3 tid="t2" type="DATE" value="1998-08-06" mod="END">late yesterday</TIMEX3>'
                    " <sic> that\nsales rose.\n")
    spans = map_timeml(output, text)
    assert spans == [Span(15, 21, "DATE", "1998-08-03"), Span(24, 38, "DATE", "1998-08-06")]
    assert covered(text, spans) == [("Monday", "DATE", "1998-08-03"), ("late yesterday", "DATE", "1998-08-06")]


def test_changed_whitespace_is_aligned():
    text = "Officials  said\r\non Sept. 2,\n1998 they would meet\tnext week."
    output = tagged('Officials said\non <TIMEX3 tid="t1" type="DATE" value="1998-09-02">Sept. 2, 1998</TIMEX3>'
                    ' they would meet <TIMEX3 tid="t2" type="DATE" value="1998-W37">next week</TIMEX3>.')
    spans = map_timeml(output, text)
    assert covered(text, spans) == [("Sept. 2,\n1998", "DATE", "1998-09-02"), ("next week", "DATE", "1998-W37")]


def test_empty_document_and_no_timexes():
    assert map_timeml(HEAD + "\n" + TAIL, "") == []
    assert map_timeml(tagged("Nothing & nobody."), "Nothing & nobody.") == []


def test_changed_words_inside_a_timex_raise_instead_of_guessing():
    text = "They met on Sept. 2 in Rome."
    output = tagged('They met on <TIMEX3 tid="t1" type="DATE" value="XXXX-09-02">September 2</TIMEX3> in Rome.')
    with pytest.raises(AlignmentError):
        map_timeml(output, text)


def test_output_without_timeml_element_raises():
    with pytest.raises(AlignmentError):
        map_timeml("Exception in thread main", "text")
