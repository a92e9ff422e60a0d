from __future__ import annotations

from summarizer.text.sentences import MAX_SENTENCE_CHARS, split_sentences


def test_offsets_are_exact_and_paragraphs_split():
    text = ("Talks stall again\n\nMOSCOW, July 20 (Wire) - Kremlin spokesman Dmitry Peskov said the U.S. plan was "
            "\"unacceptable\". Mr. Trump set a 50-day deadline. \"We will not accept it,\" he said. \u201cNever,\u201d "
            "he added.\n\nNo date has been set")
    got = split_sentences(text)
    assert [s for _, _, s in got] == [
        "Talks stall again",
        "MOSCOW, July 20 (Wire) - Kremlin spokesman Dmitry Peskov said the U.S. plan was \"unacceptable\".",
        "Mr. Trump set a 50-day deadline.",
        "\"We will not accept it,\" he said.",
        "\u201cNever,\u201d he added.",
        "No date has been set",
    ]
    assert all(text[s:e] == t for s, e, t in got)


def test_run_on_text_is_capped():
    text = "word " * 1000
    got = split_sentences(text)
    assert len(got) > 1 and all(e - s <= MAX_SENTENCE_CHARS for s, e, _ in got)
    assert all(text[s:e] == t for s, e, t in got)


def test_empty_text():
    assert split_sentences("") == [] and split_sentences("\n\n  \n") == []


def test_a_list_and_a_heading_are_never_one_sentence_with_the_lines_around_them():
    text = ("The union's demands:\n- restore the pension scheme\n- cap overtime at ten hours\nWhat happens next\n\n"
            "Talks resume on Monday, the union said.")
    got = [t for _, _, t in split_sentences(text)]
    assert got == ["The union's demands:", "- restore the pension scheme", "- cap overtime at ten hours",
                   "What happens next", "Talks resume on Monday, the union said."]
    for start, end, sentence in split_sentences(text):
        assert text[start:end] == sentence
