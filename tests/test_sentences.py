from __future__ import annotations

from summarizer.text import sentences
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


class _Counting:
    """The sentencizer pipeline, noting every text it tokenizes."""

    def __init__(self, nlp):
        self.nlp, self.seen = nlp, []

    def __call__(self, text):
        self.seen.append(text)
        return self.nlp(text)

    def pipe(self, texts, **kwargs):
        texts = list(texts)
        self.seen.extend(texts)
        return self.nlp.pipe(texts, **kwargs)


def test_a_paragraph_another_copy_had_is_not_tokenized_again(monkeypatch):
    wire = ("ANKARA, March 3 (Wire) - Turkey's central bank held its main rate at 42.5% on Thursday. "
            "\"Inflation is still too high,\" Governor Fatih Karahan said.")
    first = f"Lira steadies after rate decision\n\n{wire}\n\nMarkets were closed in Istanbul by then."
    second = f"Turkey holds rates, again\n\n{wire}\n\nAnalysts at Harbour Bank had expected a cut."
    counting = _Counting(sentences._nlp())
    sentences._remembered.cache_clear()
    expected = split_sentences(second)  # as the splitter gives it with nothing remembered
    sentences._remembered.cache_clear()
    monkeypatch.setattr(sentences, "_nlp", lambda: counting)
    split_sentences(first)
    assert split_sentences(second) == expected
    assert counting.seen.count(wire) == 1
    assert len(counting.seen) == 5


def test_a_long_paragraph_is_not_remembered():
    long = "The committee listed its demands: " + "; ".join(f"item {i} of the plan" for i in range(150)) + "."
    assert len(long) > sentences.REMEMBERED_CHARS
    sentences._remembered.cache_clear()
    got = split_sentences(long)
    assert "".join(t for _, _, t in got).replace(" ", "") == long.replace(" ", "")
    assert sentences._remembered.cache_info().currsize == 0
