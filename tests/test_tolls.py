"""Casualty counts that disagree across reports: a newer exact toll below an older one is an open question."""

from __future__ import annotations

from summarizer.briefing.questions import find_open_questions
from summarizer.briefing.tolls import find_count_disputes
from tests.test_questions import make, story


def test_a_newer_toll_below_an_older_one_is_a_disagreement_citing_both():
    docs, rows = story(
        make("a", "The floods that swept the valley on Sunday killed 31 people, officials said.", source="Valley Post",
             published="2025-03-10"),
        make("b", "The floods in the valley killed 34 people and injured 120, the regional governor said.",
             source="Delta Times", published="2025-03-12"),  # rose: an update, not a disagreement
        make("c", "Relief trucks reached the valley, where the floods, which killed 29 people, cut the main road.",
             source="Farm Wire", published="2025-03-15"))
    (dispute,) = find_count_disputes(docs, rows)
    assert dispute.question == ("How many people were killed by the floods? Reports differ: Delta Times (2025-03-12) "
                                "says 34, Farm Wire (2025-03-15) says 29.")
    assert [d["id"] for d, _ in dispute.citations] == ["b", "c"]
    (q,) = find_open_questions(docs, rows)
    assert q.question == dispute.question and [c.document_id for c in q.citations] == ["b", "c"]
    for c in q.citations:
        c.verify({d["id"]: d for d in docs}[c.document_id])


def test_bounds_rising_tolls_other_places_and_copies_are_no_disagreement():
    docs, rows = story(
        make("a", "The blasts killed at least 40 people, witnesses said.", source="Valley Post", published="2025-03-10"),
        make("b", "The blasts killed 12 people, the police said.", source="Delta Times", published="2025-03-11"),
        make("c", "The blasts killed 19 people, the hospital said.", source="Farm Wire", published="2025-03-13"),
        # one place, not the whole event: 5 in Millbrook is no count of every blast
        make("d", "The storms killed 5 people in Millbrook on Saturday.", source="Coast Wire", published="2025-03-14"),
        make("e", "A bomb in Harbour Town killed 16 people.", source="Island Post", published="2025-03-14"),
        # a copy of "c" that a later day's wire repeats with a typo in the count is still one source
        make("f", "The blasts killed 17 people, the hospital said.", source="Farm Wire", published="2025-03-15",
             duplicate_of="c"))
    assert find_count_disputes(docs, rows) == []


def test_counts_of_one_place_are_compared_with_that_place_only():
    docs, rows = story(
        make("a", "The blast at the market in Harbour Town killed 16 people.", source="Valley Post",
             published="2025-03-10"),
        make("b", "The bombings killed 22 people in Harbour Town and 3 in Millbrook.", source="Delta Times",
             published="2025-03-12"),
        make("c", "A second blast in Millbrook killed 2 people.", source="Farm Wire", published="2025-03-13"))
    (dispute,) = find_count_disputes(docs, rows)
    assert dispute.question == ("How many people were killed in Millbrook? Reports differ: Delta Times (2025-03-12) "
                                "says 3, Farm Wire (2025-03-13) says 2.")
