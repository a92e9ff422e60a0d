"""Named holidays ("Thanksgiving Day", "Christmas Eve", "Election Day") as calendar dates.

News dates events by the holiday as often as by the calendar; TimeML gives
them the day's value. Fixed-date holidays are a month and day; the others are
the n-th (or last) weekday of a month, or Easter. US holidays, as in US
newswire. Registered into `rules.RULES` on import.
"""
from __future__ import annotations

import calendar
import datetime
import re

from summarizer.dates.calendar import pick_year
from summarizer.dates.rules import YEAR, Ctx, Hit, rule

# name -> (month, day) for fixed dates, or (month, weekday, n) for "the n-th weekday" (n=-1: last).
_FIXED = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1),
    "valentine's day": (2, 14), "st. patrick's day": (3, 17), "independence day": (7, 4),
    "fourth of july": (7, 4), "july fourth": (7, 4), "halloween": (10, 31), "veterans day": (11, 11),
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
}
_NTH = {
    "martin luther king day": (1, 0, 3), "martin luther king jr. day": (1, 0, 3),
    "presidents day": (2, 0, 3), "presidents' day": (2, 0, 3), "memorial day": (5, 0, -1),
    "labor day": (9, 0, 1), "thanksgiving day": (11, 3, 4), "thanksgiving": (11, 3, 4),
}
_EASTER = {"easter": 0, "easter sunday": 0, "easter monday": 1, "good friday": -2}
_NAMES = sorted([*_FIXED, *_NTH, *_EASTER, "election day"], key=len, reverse=True)
HOLIDAY = "|".join(re.escape(n).replace(r"\ ", r"\s+").replace("'", "['’]") for n in _NAMES)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th weekday (0 = Monday) of a month; n = -1 is the last one."""
    if n < 0:
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def easter(year: int) -> datetime.date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def holiday_date(name: str, year: int) -> datetime.date:
    name = re.sub(r"\s+", " ", name.lower().replace("’", "'"))
    if name in _FIXED:
        return datetime.date(year, *_FIXED[name])
    if name in _NTH:
        return nth_weekday(year, *_NTH[name])
    if name == "election day":  # US: the Tuesday after the first Monday in November
        return nth_weekday(year, 11, 0, 1) + datetime.timedelta(days=1)
    return easter(year) + datetime.timedelta(days=_EASTER[name])


@rule("holiday", rf"\b(?P<name>{HOLIDAY})(?!\s+(?:season|shopping|sales?|tree|card|party|parties|holidays?|"
      rf"week|weekend|break|recess|bonus|rush)\b)(?:,?\s+(?P<y>{YEAR})\b)?")
def _holiday(m: re.Match, ctx: Ctx) -> Hit | None:
    name = m["name"]
    if not name[0].isupper():
        return None  # a holiday is a proper name
    if m["y"]:
        year = int(m["y"])
    else:
        # Which year's holiday: the nearest, bent by the tense, as for "Nov. 25".
        near = holiday_date(name, ctx.anchor.year)
        year = pick_year(ctx.anchor, near.month, near.day, ctx.direction(*m.span()))
    day = holiday_date(name, year)
    ctx.last_day = day
    return Hit("DATE", day.isoformat())
