"""The part of a sentence that answers a question of a given type, as offsets into the sentence.

A sentence only answers "when" if it states a date, "how long" if it states a
length of time, "how many" if it has a
count of the thing asked about, "where" if it names a place, "what did X say"
if X is quoted or reported in it. When a sentence offers several candidates,
the one nearest to the question's own words wins.
"""

from __future__ import annotations

import datetime as dt
import re

from summarizer.dates.timex import find_timexes
from summarizer.facts.speech import quote_spans

_NUMBER = (r"(?:\d[\d,.]*(?:\s?(?:per ?cent|percent|%|million|billion|bn|thousand))?|one|two|three|four|five|six|"
           r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|dozens?|hundreds|"
           r"thousands|several)")
_COUNT = re.compile(r"\b" + _NUMBER + r"(?:[\s-]+(?:more|new|of|the|to|\d[\d,]*|[a-z]+-?[a-z]*)){0,4}", re.I)
_ANY_NUMBER = re.compile(r"(?<![\w-])\d[\d,.]*(?:\s?(?:percent|%|million|billion))?|\b(?:two|three|four|five|six|"
                         r"seven|eight|nine|ten|dozens|hundreds|thousands)\b", re.I)
_MONEY = re.compile(r"(?:[€$£₴]\s?\d[\d,.]*(?:\s?(?:million|billion|bn|m))?|\d[\d,.]*\s?(?:million|billion)?\s?"
                    r"(?:euros|dollars|pounds|hryvnias|percent|per cent|%)|\$\d[\d,.]*)(?:\s(?:a|per) \w+)?", re.I)
_REASON = re.compile(r"\b(?:because|since|as a result|due to|so that|in order to|after|arguing|argued|saying|citing|"
                     r"claiming|contending|complained|over|amid|to (?:stop|avoid|prevent|secure|protect|keep|allow|"
                     r"honou?r|mark|ensure|enable)|which would|would (?:enable|allow|mean)|prevented|led to|"
                     r"caused|reason)\b", re.I)
_BAD_DATES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
PLACE_LABELS = ("GPE", "LOC", "FAC")
ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def date_spans(text: str, anchor: dt.date, *, ahead: bool = False) -> list[tuple[int, int]]:
    """Dates and times the sentence states; durations that end somewhere only when no date is stated.

    `ahead`: for what is due, dates after the anchor come first ("expires around September 3", not "on July 14").
    """
    found = [t for t in find_timexes(text, anchor) if t.value not in _BAD_DATES]
    dates = [t for t in found if t.type in ("DATE", "TIME")]
    if ahead:  # a past date ("welcomed on Tuesday") never answers what is still due
        dates = [t for t in dates if t.value[:10] > anchor.isoformat() or
                 (t.direction != "past" and _contains(t.value, anchor))]  # "later this month"
    chosen = dates or [t for t in found if t.type == "DURATION" and t.due is not None]
    return [(t.start, t.end) for t in chosen]


def _contains(value: str, day: dt.date) -> bool:
    """Whether a month or year value ("2025-10") is the period the day is in."""
    return bool(re.fullmatch(r"\d{4}(?:-\d\d)?", value)) and day.isoformat().startswith(value)


def duration_spans(text: str, anchor: dt.date) -> list[tuple[int, int]]:
    """"two weeks", "50 days", "a further six months": the lengths of time the sentence states."""
    # "the 48-hour strike": the length is "48-hour", without the article of the noun it describes
    return [(t.start + (4 if t.text.lower().startswith("the ") and "-" in t.text else 0), t.end)
            for t in find_timexes(text, anchor) if t.type == "DURATION"]


def count_spans(text: str, focus: str | None) -> list[tuple[int, int]]:
    """"426 drones": a number followed within a few words by the counted noun (any number without one)."""
    if not focus:
        return [(m.start(), m.end()) for m in _ANY_NUMBER.finditer(text)]
    stem = focus.lower().rstrip("s")[: max(4, len(focus) - 2)]
    spans = []
    for m in _COUNT.finditer(text):
        words = list(re.finditer(r"[\w-]+", m.group(0)))
        for w in words[1:]:
            if w.group(0).lower().startswith(stem):
                spans.append((m.start(), m.start() + w.end()))
                break
    return spans


def amount_spans(text: str) -> list[tuple[int, int]]:
    """Sums and rates; a range is one answer ("from 17.4% to 31.6%", not "17.4%")."""
    spans: list[tuple[int, int]] = []
    for m in _MONEY.finditer(text):
        if spans and re.fullmatch(r"\s*(?:to|and|-|\u2013|\u2014)\s*", text[spans[-1][1]:m.start()]):
            start = spans.pop()[0]
            start -= 5 if text[max(0, start - 5):start].lower() == "from " else 0
            spans.append((start, m.end()))
        else:
            spans.append((m.start(), m.end()))
    return spans


def entity_spans(parsed, labels: tuple[str, ...], exclude: set[str]) -> list[tuple[int, int]]:
    """Named entities of the given kinds that the question does not already name ("U.S." is the "US" asked of)."""
    return [(e.start_char, e.end_char) for e in parsed.ents
            if e.label_ in labels and not (set(e.text.lower().replace(".", "").split()) & exclude)]


def said_spans(text: str, speaker_words: set[str], context: str = "") -> list[tuple[int, int]]:
    """Quotes in a sentence that names the speaker (or says "he said" right after naming them)."""
    low = text.lower()
    named = any(re.search(r"\b" + re.escape(w), low) for w in speaker_words)
    pronoun = re.search(r"\b(?:he|she|they) (?:said|added|told|warned|wrote)\b|\bsaid (?:he|she)\b", low)
    if not (named or (pronoun and any(w in context.lower() for w in speaker_words))):
        return []
    return [s for s in quote_spans(text) if len(text[s[0]:s[1]].split()) >= 3]


def reason_spans(text: str) -> list[tuple[int, int]]:
    """From a causal connective to the end of the clause: "... because X", "..., arguing that X"."""
    out = []
    for m in _REASON.finditer(text):
        end = re.search(r"[.;]\s|$", text[m.start():])
        out.append((m.start(), m.start() + (end.start() if end else len(text) - m.start())))
    return out


_CLAUSE_CUT = re.compile(r"[,;:]\s|\s[—–-]\s|\s(?:and|but|while|with|whereas)\s", re.I)


def clause_around(text: str, span: tuple[int, int]) -> str:
    """The clause a span sits in: "and the wider tariff truce due to end by March 31" for "March 31"."""
    cuts = [m for m in _CLAUSE_CUT.finditer(text)]
    start = max((m.end() for m in cuts if m.end() <= span[0]), default=0)
    end = min((m.start() for m in cuts if m.start() >= span[1]), default=len(text))
    return text[start:end]


END_WORDS = re.compile(r"\b(?:deadline|ultimatum|expir\w*|ends?|ending|run(?:s|ning)? out|lapse[sd]?|due)\b", re.I)
_END_BEFORE = re.compile(r"\b(?:by|until|till|through|no\s+later\s+than|as\s+late\s+as)\s+(?:the\s+)?$", re.I)


def marks_an_end(text: str, span: tuple[int, int]) -> bool:
    """Whether a date is when something ends: "by March 31", "the deadline expiring in 10 days".

    For "until when" questions: "talks next week, with the extended deadline expiring in 10 days"
    is extended until the second date, not the first.
    """
    return bool(_END_BEFORE.search(text[:span[0]]) or END_WORDS.search(clause_around(text, span)))


def nearest(spans: list[tuple[int, int]], anchors: list[int]) -> tuple[int, int] | None:
    """The span closest to where the question's words occur (the first when none do)."""
    if not spans:
        return None
    if not anchors:
        return spans[0]
    return min(spans, key=lambda s: (min(abs(a - s[0]) if a < s[0] else abs(a - s[1]) for a in anchors), s[0]))
