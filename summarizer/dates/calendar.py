"""Calendar arithmetic and TIMEX3 value formatting for the time-expression resolver.

Kept apart from the patterns so the date maths can be read and tested on its own.
"""
from __future__ import annotations

import calendar
import datetime
import re

Date = datetime.date

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
# Rough season starts (northern hemisphere, news usage): month of start.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1, "single": 1,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_VAGUE = {"several", "few", "a few", "some", "many", "a number of", "the last few",
          "a couple", "a couple of", "couple of", "numerous", "the few"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2,
            "3rd": 3, "4th": 4}

NUMBER_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
               r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
               r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
               r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
               r"(?:[- ](?:hundred|thousand))?")


def parse_number(words: str) -> int | None:
    """'twenty four' -> 24, '1,000' -> 1000, 'a couple of' -> 2, 'several' -> None (vague)."""
    w = words.lower().strip().replace("-", " ")
    w = re.sub(r"\s+", " ", w)
    if w in ("a couple", "a couple of", "couple of", "a pair of"):
        return 2
    if re.fullmatch(r"\d[\d,]*(\.\d+)?", w):
        num = float(w.replace(",", ""))
        return int(num) if num == int(num) else None
    total = current = 0
    seen = False
    for tok in w.split():
        if tok in _ONES:
            current += _ONES[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif tok == "and":
            continue
        else:
            return None
        seen = True
    return total + current if seen else None


def is_vague(words: str) -> bool:
    return re.sub(r"\s+", " ", words.lower().strip()) in _VAGUE


def add_months(d: Date, n: int) -> Date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: Date, n: int) -> Date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def shift(d: Date, unit: str, n: int) -> Date:
    """Move a date by n units; unit is a TIMEX3 duration letter (D, W, M, Y, Q, E, C)."""
    if unit == "D":
        return d + datetime.timedelta(days=n)
    if unit == "W":
        return d + datetime.timedelta(weeks=n)
    if unit == "M":
        return add_months(d, n)
    if unit == "Q":
        return add_months(d, 3 * n)
    if unit == "Y":
        return add_years(d, n)
    if unit == "E":
        return add_years(d, 10 * n)
    if unit == "C":
        return add_years(d, 100 * n)
    raise ValueError(unit)


def week_value(d: Date) -> str:
    """ISO week of a date, as TIMEX3 writes it: 2025-W30 (the ISO year may differ from d.year)."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(d: Date) -> int:
    return (d.month - 1) // 3 + 1


def quarter_value(year: int, q: int) -> str:
    return f"{year}-Q{q}"


def shift_quarter(value: str, years: int) -> str:
    y, q = value.split("-Q")
    return f"{int(y) + years}-Q{q}"


def value_at(d: Date, unit: str) -> str:
    """TIMEX3 value of the calendar unit containing d ('Y' -> '2025', 'W' -> '2025-W30')."""
    if unit == "D":
        return d.isoformat()
    if unit == "W":
        return week_value(d)
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "Q":
        return quarter_value(d.year, quarter_of(d))
    if unit == "Y":
        return f"{d.year:04d}"
    if unit == "E":
        return f"{d.year // 10:03d}"
    if unit == "C":
        return f"{d.year // 100:02d}"
    raise ValueError(unit)


def pick_year(anchor: Date, month: int, day: int | None, direction: str | None,
              span_months: int = 1) -> int:
    """Year of a month, month-day or period of span_months written without one.

    Writers leave the year out when the date is close, so the nearest
    occurrence wins; the tense only breaks near-ties: an occurrence on the
    wrong side of the anchor pays a penalty of some months ("payable Dec. 7"
    in an October story is this December even next to a past-tense verb).
    A month named in a sentence without a cue leans to the past, as news does; a past plan ("plan":
    "had been scheduled for March 10") leans neither way.
    """
    # Days in the penalty: a quarter just ended is still being reported on,
    # so quarters bend least; a bare month bends most.
    penalty = 150 if day is not None or span_months == 3 else 300
    neutral = 100 if day is None and span_months == 1 else 0
    best: tuple[int, int] | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day is not None:
            try:
                first = last = datetime.date(y, month, day)
            except ValueError:
                first = last = datetime.date(y, month, 28)
        else:
            first = datetime.date(y, month, 1)
            last = add_months(first, span_months) - datetime.timedelta(days=1)
        if last < anchor:
            cost = (anchor - last).days + (penalty if direction == "future" else 0)
        elif first > anchor:
            cost = (first - anchor).days + (penalty if direction == "past" else
                                             neutral if direction is None else 0)
        else:
            cost = 0
        if best is None or cost < best[0]:
            best = (cost, y)
    return best[1]


def weekday_date(anchor: Date, weekday: int, direction: str | None, skip: int = 0) -> Date:
    """The weekday nearest the anchor in the given direction; the anchor day itself counts.

    skip=1 forces a move off the anchor's own week day (for 'next Monday' said on a Monday).
    """
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction == "future":
        return anchor + datetime.timedelta(days=ahead or (7 if skip else 0))
    if direction == "past":
        return anchor - datetime.timedelta(days=back or (7 if skip else 0))
    if direction == "plan":  # a plan told in the past ("had been due on Monday"): the nearest such day
        return anchor + datetime.timedelta(days=ahead) if ahead < back else anchor - datetime.timedelta(days=back)
    # Neutral: news mostly reports what already happened, so the past wins
    # unless the day is tomorrow (six days back is further than one ahead).
    if back == 6:
        return anchor + datetime.timedelta(days=ahead)
    return anchor - datetime.timedelta(days=back)


def duration_value(n: int | None, unit: str) -> str:
    """P50D, PT3H, PXY (vague count). Hour/minute/second units take the T designator."""
    count = "X" if n is None else str(n)
    if unit in ("H", "MIN", "S"):
        return f"PT{count}{'M' if unit == 'MIN' else unit}"
    return f"P{count}{unit}"
