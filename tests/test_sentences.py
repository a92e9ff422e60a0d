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
