"""Past or future? Tense cues around a time expression.

"Monday" in "talks that began on Monday" and in "will meet on Monday" are
different days; a bare weekday, month or quarter is resolved in the direction
the nearest tense cue in its sentence points to. Regexes over a small window
instead of a parser: it keeps the resolver fast and is right for most newswire
sentences (measured on TimeBank; see benchmarks/bench_dates.py).
"""
from __future__ import annotations

import re

_FUTURE = frozenset("""
will 'll shall won't wo upcoming next coming scheduled schedule schedules planned plans plan
planning expected expects expect expecting due deadline until till would going intends intend
aims aim hopes hope set slated tomorrow soon later may might could should must can cannot
can't begins starts opens resumes ends expires convenes
""".split())
_PAST = frozenset("""
said was were had did ago last earlier previously yesterday told began came went took made
gave saw left held won lost sold bought paid rose fell met sent brought kept broke
chose drove fled found fought grew hit hung knew led let put quit ran read rang sank sat
shot shut slid spoke spent spun stood stole struck swore swept threw thought understood
woke wore wrote became built caught dealt drew fed felt flew forgot froze got hid
heard hurt laid lent meant overtook paid rode rose sought shook slept stuck sung taught tore
withdrew
""".split())
# Words ending in -ed that are not past-tense verbs, or that point forward.
_ED_NOT_PAST = frozenset("""
need speed feed seed bed red shed hundred indeed united based proposed
scheduled planned expected deemed unexpected limited alleged so-called
""".split())
_TOKEN = re.compile(r"[A-Za-z][A-Za-z']*")
_SENT_END = re.compile(r"[.!?;]\s|\n\s*\n|``|''|\"")
_AUX_BEFORE_PARTICIPLE = frozenset({"be", "been", "being", "is", "are", "to", "'s"})
_MAX_TOKENS = 12


def _sentence_window(text: str, start: int, end: int, reach: int = 240) -> tuple[str, str]:
    """Text from the sentence start to the expression, and from it to the sentence end.

    Quotes also cut: a quoted sentence has its own tense.
    """
    lo = max(0, start - reach)
    left = text[lo:start]
    cuts = list(_SENT_END.finditer(left))
    if cuts:
        left = left[cuts[-1].end():]
    right = text[end:end + reach]
    cut = _SENT_END.search(right)
    if cut:
        right = right[:cut.start()]
    return left, right


def _cue(tokens: list[str], i: int) -> str | None:
    tok = tokens[i].lower()
    if tok in _FUTURE:
        # "had been due to expire Friday", "had been scheduled": a plan now past.
        if "had" in (t.lower() for t in tokens[max(0, i - 2):i]):
            return "past"
        return "future"
    if tok in ("is", "are") and i + 1 < len(tokens) and tokens[i + 1].lower() == "to":
        return "future"
    if tok in _PAST:
        return "past"
    if len(tok) > 4 and tok.endswith("ed") and tok not in _ED_NOT_PAST and tokens[i][0].islower():
        prev = tokens[i - 1].lower() if i else ""
        # "will be signed", "to be completed": a participle, not a past event.
        if prev in _AUX_BEFORE_PARTICIPLE:
            return None
        return "past"
    return None


def direction(text: str, start: int, end: int) -> str | None:
    """'past', 'future' or None (no cue) for the expression text[start:end]."""
    left, right = _sentence_window(text, start, end)
    ltoks = _TOKEN.findall(left)
    rtoks = _TOKEN.findall(right)
    # Look outwards, one step on each side per round; the left side first
    # because in news the verb usually precedes its time ("said Monday").
    for dist in range(_MAX_TOKENS):
        li = len(ltoks) - 1 - dist
        if li >= 0:
            cue = _cue(ltoks, li)
            if cue:
                return cue
        if dist < len(rtoks):
            cue = _cue(rtoks, dist)
            if cue:
                return cue
    return None
