"""Content words: the lowercase words that carry meaning, shared by every stage that compares texts."""

from __future__ import annotations

import re

from summarizer.text.stopwords import STOP_WORDS

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS}
