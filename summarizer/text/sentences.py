"""Sentence splitting with offsets into the cleaned text.

spaCy's rule-based sentencizer on a blank English pipeline: its tokenizer knows
abbreviations ("U.S.", "Mr.", "Jan."), it needs no model and it is fast enough
for ingestion. Paragraphs (blank-line separated) are split separately so that a
headline or a dateline never runs into the next sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", re.S)
MAX_SENTENCE_CHARS = 1200
_TRAILING_OPEN_QUOTE = re.compile(r"(?<=\s)[\"\u201c\u2018']\s*\Z")


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


MAX_PIECE_CHARS = 100_000  # a longer paragraph (a table, a log) is split at whitespace before spaCy sees it


def _pieces(text: str):
    """(offset, paragraph) for each paragraph, a huge one in pieces of at most MAX_PIECE_CHARS.

    Lazily, so the tokenizer holds one batch of pieces at a time, never the whole text as tokens.
    """
    for m in _PARAGRAPH.finditer(text):
        start, end = m.start(), m.end()
        while end - start > MAX_PIECE_CHARS:
            cut = text.rfind(" ", start + 1, start + MAX_PIECE_CHARS)
            cut = cut if cut > start else start + MAX_PIECE_CHARS
            yield start, text[start:cut]
            start = cut
        yield start, text[start:end]


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for each sentence; `text[start:end] == sentence` always holds."""
    _nlp()  # loaded even for no text: callers load it with split_sentences("") before a file's time budget
    out: list[tuple[int, int, str]] = []
    for base, para in _pieces(text):
        bounds = [(base + start, base + end) for start, end in _sentencized(para)]
        for start, end in _move_opening_quotes(bounds, text):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                out.extend((s, e, text[s:e]) for a, b in _line_breaks(start, end, text)
                           for s, e in _cap_length(a, b, text))
    return out


REMEMBERED_CHARS = 2_000  # a paragraph up to this long keeps its sentence bounds (`_sentencized`)


def _sentencized(paragraph: str) -> tuple[tuple[int, int], ...]:
    """The sentencizer's bounds in one paragraph. A usual one is remembered: the outlets' copies of one
    wire story repeat most paragraphs, and tokenizing them is most of the cost of splitting."""
    return _remembered(paragraph) if len(paragraph) <= REMEMBERED_CHARS else _bounds(paragraph)


@lru_cache(maxsize=10_000)  # 20 MB of paragraphs at most
def _remembered(paragraph: str) -> tuple[tuple[int, int], ...]:
    return _bounds(paragraph)


def _bounds(paragraph: str) -> tuple[tuple[int, int], ...]:
    return tuple((s.start_char, s.end_char) for s in _nlp()(paragraph).sents)


_ITEM = re.compile(r"[ \t]*(?:[-*+•–]|\d{1,3}[.)])[ \t]+")
_ENDS = re.compile(r"[.!?:;,][\"'\u201d\u2019)\]]*[ \t]*$")


def _line_breaks(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """A list item, or a heading, is a unit of its own: never one "sentence" with the lines around it.

    The cleaner joins hard-wrapped prose lines, so a line break left inside a paragraph is a list
    ("- restore the pension scheme") or a heading over what follows ("What happens next").
    """
    spans, at = [], start
    lines = text[start:end].split("\n")
    offset = start
    for i, line in enumerate(lines[:-1]):
        offset += len(line) + 1
        nxt = lines[i + 1]
        item = _ITEM.match(line) or _ITEM.match(nxt)
        heading = not _ENDS.search(line) and len(line.split()) <= 12 and nxt[:1].isupper()
        if item or heading:
            spans.append((at, offset - 1))
            at = offset
    spans.append((at, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _move_opening_quotes(bounds: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The sentencizer leaves an opening quote on the previous sentence ('deadline. "We...'): move it on."""
    fixed = list(bounds)
    for i in range(len(fixed) - 1):
        start, end = fixed[i]
        m = _TRAILING_OPEN_QUOTE.search(text, start, end)
        if m:
            fixed[i] = (start, m.start())
            fixed[i + 1] = (m.start(), fixed[i + 1][1])
    return fixed


def _cap_length(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Break run-on "sentences" (tables, lists without punctuation) at whitespace."""
    spans = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        spans.append((start, cut))
        start = cut + 1
    spans.append((start, end))
    return spans


_OPEN_CURLY = re.compile(r"\u201c[^\u201d]*$")
_MARK = re.compile(r"[\"\u201c\u201d]")


def quote_open(text: str) -> bool:
    """Whether a quotation opened in this text is still open at its end (it goes on in the next sentence).

    A text that starts inside a quotation closes it first: 'The decision is bad," she said.' opens nothing.
    """
    lead = continued_quote(text)
    if lead:
        text = text[lead[1] + 1:]
    return bool(_OPEN_CURLY.search(text)) or text.count('"') % 2 == 1


def continued_quote(text: str) -> tuple[int, int] | None:
    """The quoted words before a first quotation mark that closes a quote opened in an earlier sentence
    ('They will not accept it," the negotiator said.'), or None."""
    mark = _MARK.search(text)
    first = mark.start() if mark else None
    if first is None or first == 0 or text[first - 1].isspace() or text[first] == "\u201c":
        return None
    if text[first] == '"' and first + 1 < len(text) and text[first + 1].isalnum():
        return None  # a straight mark glued to the word after it opens
    start = len(text) - len(text.lstrip())
    return (start, first) if first - start >= 2 else None
