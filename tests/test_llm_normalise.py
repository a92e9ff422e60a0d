"""The quote check's normalised text: folded on whole runs, exactly as the character-by-character reading."""

from __future__ import annotations

import random
import sys

from summarizer.llm.prompt import NEUTRAL_LT
from summarizer.llm.verify import _FOLD, normalise, squeeze


def _one_by_one(text: str) -> tuple[str, list[int]]:
    """The reading the run-wise one replaced, kept as the reference."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        piece = " " if ch.isspace() else _FOLD.get(ch, ch)
        for p in piece:
            if p == " " and (not out or out[-1] in " -"):
                continue
            if p == "-" and out and out[-1] == " ":
                out.pop()
                where.pop()
            if p == "-" and out and out[-1] == "-":
                continue
            out.append(p)
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


MESSY = [
    "  KYIV, July 23 (Reuters) \u2014  Talks \u2013 which began\u00a0at noon -- ended\u2026 \u201cWe\u2019re done,\u201d he said.  ",
    "- a list item\n\n- another \u2012 with\u2009thin\u202fspaces\r\n\tand tabs \u2026\u2026 and \u2039tags\u203a",
    "\u2026 starts with an ellipsis; \u2014 ends with a dash \u2014",
    "   ",
    "",
    "-- - --",
    "word\u2028line\u2029paragraph\u3000ideographic\u0085next\x1cfile",
    f"a {NEUTRAL_LT}b\u2026 \u2026c \u00abguillemets\u00bb \u201elow\u201c `tick\u00b4",
]


def test_normalised_text_and_offsets_are_those_of_the_reading_one_character_at_a_time():
    rnd = random.Random(30)
    alphabet = list("ab.,'\" -\n\t") + list(_FOLD) + ["\u00a0", "\u2009", "\u3000", "\u2026", "--", "  "]
    texts = MESSY + ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(20_000)]
    for text in texts:
        expected = _one_by_one(text)
        assert normalise(text) == expected, repr(text)
        assert squeeze(text) == expected[0], repr(text)


def test_no_character_past_the_folding_table_is_a_space():
    # The table maps every character str.isspace() holds below U+3001; one above it would be left unfolded.
    assert not [c for c in range(0x3001, sys.maxunicode + 1) if chr(c).isspace()]
