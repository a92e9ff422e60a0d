"""Content words: the lowercase words that carry meaning, shared by every stage that compares texts."""

from __future__ import annotations

import functools
import re

from summarizer.text.stopwords import STOP_WORDS

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS}


@functools.lru_cache(maxsize=65_536)
def words_of_text(text: str) -> frozenset[str]:
    """`content_words`, kept: merging compares the same quotes and demands many times over."""
    return frozenset(content_words(text))
