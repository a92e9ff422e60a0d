"""Find time expressions in news text and resolve them to TIMEX3 values.

`find_timexes(text, anchor)` is the whole public surface: regex rules
(`rules`, `periods`, `spans`, `anaphora`, `holidays`) propose spans, the longest
wins where they overlap, and each is resolved against the document's
publication date, past or future by the tense around it (`direction`).
Measured against hand-annotated newswire with `summarizer.dates.timeml`.
"""
from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from summarizer.dates import anaphora, holidays, periods, spans  # noqa: F401  (register rules)
from summarizer.dates.rules import RULES, Ctx, Hit


@dataclass(frozen=True)
class Timex:
    start: int          # offsets into the input text
    end: int
    text: str           # == input[start:end]
    type: str           # "DATE" | "TIME" | "DURATION" | "SET"
    value: str          # TIMEX3 value: "2025-09-02", "2025-W30", "P50D", "PRESENT_REF", ...
    anchor: datetime.date | None = None      # the date relative values were computed from
    direction: str | None = None             # "past" | "future" | None, when the tense decided
    due: datetime.date | None = None         # where a duration ends: "within 50 days" -> anchor + 50
    mod: str | None = None                   # TIMEX3 mod: START, END, MID, APPROX, LESS_THAN, ...
    approximate: bool = False

    def as_json(self) -> dict:
        """The CLI's one-object-per-line shape."""
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value}


# Every match of a rule contains one of its trigger words. Running each rule
# only around its triggers, instead of over every character, makes the
# resolver several times faster on ordinary prose. A rule missing here is
# run over the whole text.
_UNIT = (r"\b(?:second|minute|hour|day|week|weekend|fortnight|month|year|quarter|half|decade|century|"
         r"centuries|spring|summer|fall|autumn|winter|period)s?\b")
_MONTH = (r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
          r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b")
_WEEKDAY = r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b"
_CLOCK = r"\d\s*[ap]\.?\s?m\b|\d:\d\d|\bnoon\b|\bmidnight\b"
_TRIGGERS = {
    "clock_day": _CLOCK, "day_clock": _CLOCK, "clock": _CLOCK,
    "day_part": r"\b(?:morning|afternoon|evening|night|tonight)\b",
    "iso_date": r"\d{4}-\d\d", "numeric_date": r"\d/\d",
    "month_day": _MONTH, "day_month": _MONTH, "month_year": _MONTH, "month": _MONTH, "day_list": _MONTH,
    "weekday": _WEEKDAY, "relative_day": r"\b(?:today|yesterday|tomorrow)\b",
    "relative_period": _UNIT, "the_period": _UNIT, "quarter": r"\b(?:quarter|half)s?\b",
    "year_ago_period": r"\b(?:year|period|quarter)\b", "year": r"\d{4}",
    "decade": r"\d0['’]?s\b|ties\b", "spelled_year": r"\b(?:nineteen|thousand)\b",
    "year_end": r"\byear\b", "ago": r"\b(?:ago|earlier|before|later|hence|now)\b",
    "vague_ago": r"\bago\b", "counted_from_day": r"\b(?:from|after)\b", "duration": _UNIT, "vague_duration": _UNIT,
    "set": r"\b(?:each|every|per|hourly|daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly)\b",
    "story_ref": r"\b(?:day|month|year)\b", "day_offset": r"\bday\s+(?:before|after)\b",
    "report_year": r"\byear\b", "century": r"\bcentury\b",
    "half_duration": r"\bhalf\b|1/2",
    "holiday": (r"\b(?:New\s+Year|Valentine|Patrick|Independence|Fourth|July|Halloween|Veterans|Christmas|Boxing|"
                r"King|Presidents|Memorial|Labor|Thanksgiving|Easter|Good\s+Friday|Election)\b"),
    "reference": (r"\b(?:now|current|currently|recently|lately|formerly|soon|future|past|present|moment|"
                  r"term|nowadays|days)\b"),
}
_TRIGGER_RE = {name: re.compile(t, re.I) for name, t in _TRIGGERS.items()}
_BEFORE, _AFTER = 80, 60  # farthest a match reaches before / after its trigger word


def _segments(text: str, trigger: re.Pattern) -> list[tuple[int, int]]:
    """Merged windows around the trigger words, cut at whitespace."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in trigger.finditer(text):
        lo, hi = max(0, m.start() - _BEFORE), min(n, m.end() + _AFTER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
            continue
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        out.append((lo, hi))
    cut = []
    for lo, hi in out:
        while hi < n and not text[hi].isspace():
            hi += 1
        cut.append((lo, hi))
    return cut


@functools.lru_cache(maxsize=20_000)
def _candidates(text: str) -> tuple[tuple[int, int, int, re.Match], ...]:
    """Every rule's proposals, best first at each start. They do not depend on the anchor: cached for the
    sentences that near-duplicate articles repeat under other dates (resolving is what the anchor changes)."""
    found = []
    cache: dict[str, list[tuple[int, int]]] = {}
    for priority, (name, pattern, _) in enumerate(RULES):
        trigger = _TRIGGERS.get(name)
        if trigger is None:
            segments = [(0, len(text))]
        else:
            if trigger not in cache:
                cache[trigger] = _segments(text, _TRIGGER_RE[name])
            segments = cache[trigger]
        seen_end = -1
        for lo, hi in segments:
            for m in pattern.finditer(text, lo, hi):
                if m.end() > m.start() and m.start() >= seen_end:
                    found.append((m.start(), -(m.end() - m.start()), priority, m))
                    seen_end = m.end()
    found.sort(key=lambda c: c[:3])
    return tuple(found)


def find_timexes(text: str, anchor: datetime.date) -> list[Timex]:
    """Every time expression in text, in order, resolved against anchor (the publication date).

    Overlapping proposals are settled left to right, longest first; a rule may
    decline its match (a modal "may", an age, a number that is no year) and a
    shorter or later proposal then gets its chance.
    """
    if isinstance(anchor, datetime.datetime):
        anchor = anchor.date()
    ctx = Ctx(text, anchor)
    out: list[Timex] = []
    taken_until = 0
    for start, _, priority, m in _candidates(text):
        if start < taken_until:
            continue
        hit: Hit | None = RULES[priority][2](m, ctx)
        if hit is None:
            continue
        end = m.end()
        out.append(Timex(start, end, text[start:end], hit.type, hit.value, anchor,
                         hit.direction, hit.due, hit.mod, hit.approximate))
        taken_until = end
    return out
