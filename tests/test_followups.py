"""Follow-up questions rewritten against the previous question (deterministic rules)."""

from __future__ import annotations

from summarizer.answer.followups import resolve_followup


def test_a_new_speaker_borrows_the_previous_subject():
    assert resolve_followup("and what did Kyiv say?", ["What did the Kremlin say about the summit?"]) == \
        "what did Kyiv say about the summit?"


def test_what_about_swaps_the_speaker():
    assert resolve_followup("what about Kyiv?", ["What did the Kremlin say about the summit?"]) == \
        "What did Kyiv say about the summit?"


def test_pointers_carry_the_previous_subject():
    history = ["When is the 50-day deadline?"]
    assert "50-day deadline" in resolve_followup("what happens then?", history)
    assert "50-day deadline" in resolve_followup("when is that due?", history)


def test_a_full_question_stays_unchanged():
    history = ["When is the 50-day deadline?"]
    for q in ("What did Peskov say about the ultimatum?", "How many drones did Russia launch?"):
        assert resolve_followup(q, history) == q


def test_no_history_no_change():
    assert resolve_followup("what about it?", []) == "what about it?"


def test_a_new_speaker_after_a_question_with_no_subject_is_asked_as_it_stands():
    # Before: "and what did ..." was read as "and <about what>", and the whole follow-up went into the speaker's
    # place: "What did what did Kyiv say say?"
    assert resolve_followup("and what did Kyiv say?", ["What did Albright say?"]) == "what did Kyiv say?"
    assert resolve_followup("and what did the other side say?", ["What did Geremek say?"]) == \
        "what did the other side say?"
