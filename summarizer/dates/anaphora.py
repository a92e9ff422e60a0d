"""Patterns that lean on the story rather than the anchor, and a few general gaps.

"that year" and "the same day" point back to the last date the story named,
and so does the bare "25" of "April 24 and 25"; "the day before last Tuesday"
is a day off the day named; "the year" in a report is the current year; "the 20th century" is a DATE;
"two and a half years" is P2Y6M. Registered into `rules.RULES` on import.
"""
from __future__ import annotations

import datetime
import re

from summarizer.dates.calendar import NUMBER_WORD, WEEKDAYS, parse_number, weekday_date
from summarizer.dates.rules import (
    DAYNUM,
    MONTH_ANY,
    WEEKDAY,
    Ctx,
    Hit,
    resolve_day,
    rule,
)

_STEP = {"same": 0, "that": 0, "following": 1, "next": 1, "previous": -1, "prior": -1}


@rule("story_ref", r"\b(?:(?P<the>the)\s+(?P<rel>same|following|next|previous|prior)|(?P<that>that))\s+"
      r"(?P<unit>day|month|year)\b(?!['’]s|\s+(?:of|before|after|earlier|ago|to|that|when|or))|"
      r"\bthe\s+day\s+(?P<after>before|after)\b(?!\s+(?:yesterday|tomorrow|the|a|an|his|her|their|its|last|next|this|"
      r"\w+day|\w+ing)\b)")
def _story_ref(m: re.Match, ctx: Ctx) -> Hit | None:
    """A unit counted from the last date the story named (TimeML anchors these there)."""
    if m["after"]:
        step, unit = (1 if m["after"].lower() == "after" else -1), "day"
    else:
        step, unit = _STEP[(m["rel"] or "that").lower()], m["unit"].lower()
    if unit == "day":
        if step == 0 and m["that"] is None and ctx.last_day is None:
            return Hit("DATE", ctx.anchor.isoformat())  # "the same day": the story's own day
        if ctx.last_day is None:
            return None
        day = ctx.last_day + datetime.timedelta(days=step)
        return Hit("DATE", day.isoformat())
    ref = ctx.last_explicit
    if not ref or (unit == "month" and len(ref) < 7):
        return None
    if unit == "year":
        # "the following year" after an explicit month is handled in periods the same way.
        return Hit("DATE", str(int(ref[:4]) + step))
    y, mo = divmod(int(ref[:4]) * 12 + int(ref[5:7]) - 1 + step, 12)
    return Hit("DATE", f"{y:04d}-{mo + 1:02d}")


@rule("report_year", r"\b(?P<mod>(?:the\s+)?(?:first|second|rest|balance|remainder)\s+(?:half\s+)?of\s+)?"
      r"the\s+(?:(?:fiscal|full|calendar|current|whole|entire)\s+)+year\b"
      r"|(?<=\bfor\s)the\s+year\b(?![-'’]|\s+(?:ended|ending|of|before|after|earlier|ago|to|in|that|when|since|\d))"
      r"|(?<=\bof\s)the\s+year\b(?=\s*[.,;])")
def _report_year(m: re.Match, ctx: Ctx) -> Hit | None:
    """"for the year", "the fiscal year", "the full year": the anchor's year in a report."""
    if m["mod"] or re.match(r"\s+(?:ended|ending)\b", ctx.text[m.end():m.end() + 10]):
        return None  # "the fiscal year ended June 30": left to the duration rule
    return Hit("DATE", str(ctx.anchor.year))


_ORDINAL_CENTURY = {"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                    "nineteenth": 19, "twentieth": 20, "twenty first": 21}


@rule("century", r"\b(?:the\s+)?(?P<mod>(?:early|mid|late)[\s-]+)?(?:(?P<n>1\d|2[01]|[1-9])(?:st|nd|rd|th)|"
      r"(?P<w>fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[\s-]first))[\s-]+century\b")
def _century(m: re.Match, ctx: Ctx) -> Hit | None:
    """"the 20th century" is the 1900s: TIMEX3 writes the first two digits, 19."""
    n = int(m["n"]) if m["n"] else _ORDINAL_CENTURY[re.sub(r"[\s-]+", " ", m["w"].lower())]
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["mod"] or "").strip(" -").lower())
    return Hit("DATE", f"{n - 1:02d}", mod=mod)


# The half of each unit, written in the next smaller one ISO 8601 allows.
_HALF = {"year": "P{n}Y6M", "day": "P{n}DT12H", "hour": "PT{n}H30M", "minute": "PT{n}M30S"}
_NUM = rf"(?:\d{{1,3}}|{NUMBER_WORD}|an?|one)"


@rule("half_duration", rf"\b(?P<n>{_NUM})(?:\s+1/2|\s+and\s+a\s+half)[\s-]+(?P<u>year|day|hour|minute|decade)s?\b"
      r"|\b(?P<n2>an?|one)\s+(?P<u2>year|day|hour|minute|decade)\s+and\s+a\s+half\b")
def _half_duration(m: re.Match, ctx: Ctx) -> Hit | None:
    """"two and a half years" -> P2Y6M; "a decade and a half" -> P15Y."""
    n = parse_number(m["n"] or m["n2"])
    if n is None:
        return None
    unit = (m["u"] or m["u2"]).lower()
    if unit == "decade":
        return Hit("DURATION", f"P{10 * n + 5}Y")
    return Hit("DURATION", _HALF[unit].format(n=n))


@rule("day_list", r"(?:(?<=\sand\s)|(?<=\sor\s))(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
      r"(?![.,:/]?\d|\s*%|\s+(?!in\b|at\b|on\b|when\b|for\b|with\b|to\b|and\b)[a-z])")
def _day_list(m: re.Match, ctx: Ctx) -> Hit | None:
    """"April 24 and 25": the second number is a day of the same month."""
    if ctx.last_day is None or not re.search(rf"\b{MONTH_ANY}\s+{DAYNUM}\s+(?:and|or)\s+$",
                                             ctx.text[max(0, m.start() - 24):m.start()]):
        return None
    try:
        day = ctx.last_day.replace(day=int(m["d"]))
    except ValueError:
        return None
    ctx.last_day = day
    return Hit("DATE", day.isoformat())


@rule("day_offset", rf"\bthe\s+day\s+(?P<dir>before|after)\s+(?:(?P<rel>last|next|this)\s+(?P<wd>{WEEKDAY})|"
      rf"(?P<day>{WEEKDAY}|yesterday|{MONTH_ANY}\s+{DAYNUM}))\b")
def _day_offset(m: re.Match, ctx: Ctx) -> Hit | None:
    """"the day before last Tuesday's hearing": one day off the day named."""
    if m["wd"]:
        wd, rel = WEEKDAYS[m["wd"].lower()], m["rel"].lower()
        direc = {"last": "past", "next": "future"}.get(rel, ctx.direction(*m.span()))
        day = weekday_date(ctx.anchor, wd, direc, skip=rel != "this")
    else:
        day = resolve_day(m["day"], ctx, *m.span())
    if day is None:
        return None
    day += datetime.timedelta(days=1 if m["dir"].lower() == "after" else -1)
    ctx.last_day = day
    return Hit("DATE", day.isoformat())
