"""TimeML reader and TempEval-3 style scorer, on a hand-made document; then the real corpus."""
from __future__ import annotations

import datetime

import pytest

from summarizer.dates.timeml import (
    Span,
    TmlDoc,
    aquaint_split,
    load_folder,
    main,
    match,
    parse_tml,
    same_value,
    score_doc,
    score_docs,
    split_part,
    timex_find,
)


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06" temporalFunction="false" functionInDocument="CREATION_TIME">02/06/1998</TIMEX3></DCT>
<TEXT>
Talks <EVENT eid="e1" class="OCCURRENCE">began</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-02-02">Monday</TIMEX3> &amp; ended <TIMEX3 tid="t2" type="DATE" value="1998-02-05">yesterday</TIMEX3>. They <EVENT eid="e2" class="OCCURRENCE">lasted</EVENT> <TIMEX3 tid="t3" type="DURATION" value="P4D">four days</TIMEX3>, <TIMEX3 tid="t4" type="DATE" value="PAST_REF">recently</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture()
def doc():
    return parse_tml(TML, name="TEST1")


def test_parse_plain_text_dct_and_gold_offsets(doc):
    assert doc.dct == datetime.date(1998, 2, 6)
    assert doc.text.startswith("\nTalks began Monday & ended yesterday.")  # tags gone, entity decoded
    assert [doc.text[g.start:g.end] for g in doc.gold] == ["Monday", "yesterday", "four days", "recently"]
    assert [(g.type, g.value) for g in doc.gold] == [
        ("DATE", "1998-02-02"), ("DATE", "1998-02-05"), ("DURATION", "P4D"), ("DATE", "PAST_REF")]


def test_parse_from_a_file(tmp_path):
    path = tmp_path / "TEST1.tml"
    path.write_text(TML, encoding="utf-8")
    parsed = parse_tml(path)
    assert parsed.name == "TEST1" and len(parsed.gold) == 4
    assert [d.name for d in load_folder(tmp_path)] == ["TEST1"]


def _at(doc, words: str, type_: str, value: str, grow: int = 0) -> Span:
    start = doc.text.index(words)
    return Span(start - grow, start + len(words), type_, value)


def test_scores_computed_by_hand(doc):
    system = [
        _at(doc, "Monday", "DATE", "1998-02-02", grow=len("began ")),  # overlaps, wrong span, right value
        _at(doc, "yesterday", "DATE", "1998-02-04"),                    # exact span, wrong value
        _at(doc, "four days", "DURATION", "P4D"),                       # exact, right
        _at(doc, "Talks", "DATE", "XXXX"),                              # spurious
    ]
    m = score_doc(doc, system).metrics()
    # 3 of 4 system spans overlap a gold one, 3 of 4 gold spans are found.
    assert m["relaxed_p"] == pytest.approx(3 / 4) and m["relaxed_r"] == pytest.approx(3 / 4)
    assert m["relaxed_f1"] == pytest.approx(0.75)
    # Exact spans: yesterday and four days: P = R = 2/4.
    assert m["strict_f1"] == pytest.approx(0.5)
    # Values right on 2 of the 3 relaxed pairs; value F1 = 0.75 * 2/3 = 0.5.
    assert m["value_acc"] == pytest.approx(2 / 3)
    assert m["value_f1"] == pytest.approx(0.5)
    assert m["type_acc"] == pytest.approx(1.0)


def test_week_numbers_compare_up_to_padding():
    # AQUAINT writes "2000-W7" for ISO's "2000-W07": one week, one value.
    assert same_value("2000-W7", "2000-W07") and same_value("2000-W07", "2000-W7")
    assert same_value("2000-W7-WE", "2000-W07-WE")
    assert not same_value("2000-W7", "2000-W17")
    assert not same_value("2000-W17", "2000-W07")
    # Granularity is not forgiven.
    assert not same_value("1989-11-06T17", "1989-11-06T17:00")


def test_match_is_one_to_one():
    gold = [Span(0, 10, "DATE", "x")]
    system = [Span(0, 4, "DATE", "x"), Span(5, 10, "DATE", "x")]
    # One pair only, with the larger overlap (5 characters against 4).
    assert match(gold, system) == [(0, 1)]


def test_empty_system_scores_zero(doc):
    m = score_doc(doc, []).metrics()
    assert m["relaxed_f1"] == 0.0 and m["value_f1"] == 0.0


def test_our_resolver_on_the_hand_made_document(doc):
    sc = score_docs(timex_find, [doc])
    assert sc.metrics()["value_f1"] == pytest.approx(1.0), sc


def test_aquaint_split_is_a_fixed_hash_of_the_name():
    # The half depends on the name alone, so it never changes as files come and go.
    import hashlib

    for name in ("APW19980807.0261", "APW19980808.0022", "NYT20000224.0173", "XIE19990313.0229"):
        want = "dev" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 == 0 else "test"
        assert split_part(name) == want
    docs = [TmlDoc(n, "", datetime.date(2000, 1, 1), ()) for n in ("a", "b", "c", "d", "e", "f")]
    dev, test = aquaint_split(docs, "dev"), aquaint_split(docs, "test")
    assert sorted(d.name for d in dev + test) == ["a", "b", "c", "d", "e", "f"]
    assert not {d.name for d in dev} & {d.name for d in test}
    with pytest.raises(ValueError):
        aquaint_split(docs, "train")


def test_cli_refuses_to_print_errors_of_the_test_half(tmp_path):
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--part", "test", "--errors", "5"])
