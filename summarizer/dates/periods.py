"""Patterns for calendar periods named relative to the anchor or by number.

"next week", "last month", "this summer", "the third quarter", "the year-ago
quarter", "1998", "the 1990s". Registered into `rules.RULES` on import.
"""
from __future__ import annotations

import datetime
import re

from summarizer.dates.calendar import (
    MONTHS,
    ORDINALS,
    SEASON_START,
    SEASONS,
    add_months,
    pick_year,
    quarter_of,
    quarter_value,
    shift,
    shift_quarter,
    value_at,
    week_value,
)
from summarizer.dates.rules import POINT_MOD, YEAR, Ctx, Hit, mod_of, rule

_REL = (r"(?:this|last|next|past|previous|coming|following|current|present|latest|most\s+recent|"
        r"same|this\s+past|this\s+coming)")
_UNIT = r"(?:week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)"
_STEP = {"last": -1, "past": -1, "previous": -1, "this past": -1, "next": 1, "coming": 1,
         "following": 1, "this coming": 1}
_UNIT_CODE = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "E", "century": "C"}
_ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"


def last_completed_quarter(anchor: datetime.date) -> str:
    prev = add_months(anchor.replace(day=1), -3)
    return quarter_value(prev.year, quarter_of(prev))


def season_value(anchor: datetime.date, code: str, step: int, direc: str | None) -> str:
    """Season relative to the anchor; winter belongs to the year it starts in (TimeML)."""
    y = anchor.year
    start_month = SEASON_START[code]
    if code == "WI" and anchor.month <= 2:
        y -= 1  # January's winter began last December
    start = datetime.date(y, start_month, 1)
    end = add_months(start, 3)
    if step < 0:
        # The most recent such season that is over before the anchor.
        y = y if end <= anchor else y - 1
    elif step > 0:
        y = y if start > anchor else y + 1
    elif direc == "past" and start > anchor:
        y -= 1
    return f"{y}-{code}"


@rule("relative_period", rf"\b(?:(?P<mod>{POINT_MOD}|earlier\s+|later\s+|early\s+|late\s+|the\s+rest\s+of\s+)"
      rf"(?:(?:in|of)\s+)?)?(?P<the>the\s+)?(?P<rel>{_REL})\s+(?P<fiscal>fiscal\s+)?(?P<unit>{_UNIT})\b"
      r"(?!['’]s\s+(?:first|second|third|fourth|1st|2nd|3rd|4th))(?![-\s]+(?:old|long)\b)")
def _relative_period(m: re.Match, ctx: Ctx) -> Hit | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower()
    step = _STEP.get(rel, 0)
    if m.group() == "This Week" and ctx.text[max(0, m.start() - 1):m.start()] in ('"', "`", "'"):
        return None  # the ABC programme
    mod = mod_of(m["mod"])
    if rel == "same":
        return None
    if rel in ("following", "previous") and m["the"] and unit in ("year", "month") and ctx.last_explicit:
        # "On May 22, 1995, ... the following year": counted from the date in the story.
        ref = ctx.last_explicit
        if unit == "year":
            return Hit("DATE", str(int(ref[:4]) + step))
        if len(ref) >= 7:
            when = add_months(datetime.date(int(ref[:4]), int(ref[5:7]), 1), step)
            return Hit("DATE", value_at(when, "M"))
    if rel in ("latest", "most recent"):
        if unit != "quarter":
            return None
        return Hit("DATE", ctx.focus_quarter or last_completed_quarter(ctx.anchor))
    if unit == "weekend":
        direc = "past" if step < 0 else "future" if step > 0 else ctx.direction(*m.span())
        return Hit("DATE", weekend_value(ctx.anchor, direc), mod=mod, direction=direc)
    if unit in SEASONS:
        # "this summer" is this year's, whatever the tense ("we had a dry spell this summer").
        direc = None if rel == "this" else ctx.direction(*m.span())
        return Hit("DATE", season_value(ctx.anchor, SEASONS[unit], step, direc), mod=mod)
    if unit in ("decade", "century") and step and m["the"]:
        # "the past decade" is a stretch of time, not a calendar decade.
        return Hit("DURATION", f"P1{_UNIT_CODE[unit]}", direction="past" if step < 0 else "future")
    code = _UNIT_CODE[unit]
    value = value_at(shift(ctx.anchor, code, step), code)
    if code == "Q":
        ctx.focus_quarter = value
    return Hit("DATE", value, mod=mod, direction="past" if step < 0 else "future" if step > 0 else None)


@rule("bare_season", r"(?:(?<=\bin\s)|(?<=\bby\s)|(?<=\bof\s)|(?<=\bover\s)|(?<=\binto\s)|(?<=\buntil\s)|"
      r"(?<=\bduring\s)|(?<=\bthrough\s))(?P<the>the\s+)?(?P<mod>early\s+|late\s+|mid-?)?"
      r"(?P<unit>spring|summer|autumn|fall|winter)\b(?!\s+(?:of|and|or|session|term|holidays?|months)\b|[-'’])")
def _bare_season(m: re.Match, ctx: Ctx) -> Hit | None:
    """"in the autumn", "over the summer", "by early spring": the season of the story's year.

    Ahead when the sentence looks ahead and this year's is over, behind when it looks back
    and this year's has not begun. "Fall" only with "the" ("in fall" is rarer than "a fall in").
    """
    unit = m["unit"].lower()
    if unit == "fall" and not m["the"]:
        return None
    direc = ctx.direction(*m.span())
    code = SEASONS[unit]
    value = season_value(ctx.anchor, code, 0, direc)
    if direc == "future":
        start = datetime.date(int(value[:4]), SEASON_START[code], 1)
        if add_months(start, 3) <= ctx.anchor:
            value = f"{int(value[:4]) + 1}-{code}"
    mod = {"early": "START", "late": "END", "mid": "MID", "mid-": "MID"}.get((m["mod"] or "").strip().lower())
    return Hit("DATE", value, mod=mod, direction=direc)


def weekend_value(anchor: datetime.date, direc: str | None) -> str:
    """ISO week of the weekend: the one just past unless the text looks ahead."""
    sat = anchor + datetime.timedelta(days=(5 - anchor.weekday()) % 7)
    if direc != "future" and sat > anchor:
        sat -= datetime.timedelta(days=7)
    return week_value(sat) + "-WE"


@rule("the_period", rf"\b(?P<mod>{POINT_MOD})?the\s+(?:(?P<latest>latest|most\s+recent)\s+)?"
      r"(?P<unit>weekend|quarter|month|year|week|period)\b(?=(?P<ended>\s+(?:ended|ending)\b))?"
      r"(?!['’]s|\s+(?:of|before|after|earlier|ago|in|that|when|since|\d)|\s+to\s+(?:(?-i:[A-Z])|\d|date\b))")
def _the_period(m: re.Match, ctx: Ctx) -> Hit | None:
    unit = m["unit"].lower()
    if m["ended"]:
        if unit == "quarter" and not m["mod"] and (quarter := _quarter_ended(ctx, m.end("ended"))):
            return Hit("DATE", quarter)
        # "the year ended June 30": a fiscal year, known only as a stretch of time.
        if unit in ("year", "quarter") and not m["mod"]:
            return Hit("DURATION", "P1Y" if unit == "year" else "P3M")
        return None
    if unit == "period":
        if m["latest"]:  # "the latest period" of a report: the quarter just closed
            return Hit("DATE", ctx.focus_quarter or last_completed_quarter(ctx.anchor))
        return None
    if unit == "weekend":
        direc = ctx.direction(*m.span())
        return Hit("DATE", weekend_value(ctx.anchor, direc), direction=direc)
    if unit == "quarter":
        return Hit("DATE", ctx.focus_quarter or last_completed_quarter(ctx.anchor))
    if m["mod"]:  # "the end of the month": the anchor's month
        code = _UNIT_CODE[unit]
        return Hit("DATE", value_at(ctx.anchor, code), mod=mod_of(m["mod"]))
    return None


_ENDED_ON = re.compile(r"\s*(?P<month>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2})\b(?:,?\s+(?P<year>\d{4})\b)?")


def _quarter_ended(ctx: Ctx, at: int) -> str | None:
    """"the quarter ended Sept. 30": the calendar quarter that closes on that day (give or
    take a few: "Sept. 29", "Oct. 1"); None for a fiscal quarter that ends mid-month."""
    found = _ENDED_ON.match(ctx.text, at)
    month = MONTHS.get(found["month"].lower()) if found else None
    if not month:
        return None
    day = min(int(found["day"]), 28)
    year = int(found["year"]) if found["year"] else pick_year(ctx.anchor, month, day, "past")
    end = datetime.date(year, month, day)
    for y, q in ((year - 1, 4), (year, 1), (year, 2), (year, 3), (year, 4)):
        closes = add_months(datetime.date(y, 3 * q, 1), 1) - datetime.timedelta(days=1)
        if abs((end - closes).days) <= 3:
            return quarter_value(y, q)
    return None


@rule("quarter", rf"\b(?P<mod>{POINT_MOD})?(?:(?P<det>the\s+last|the|its|this\s+year['’]s|last\s+year['’]s|next\s+year['’]s|"
      rf"the\s+current|the\s+(?P<y1>{YEAR}))\s+)?(?:(?P<fis1>fiscal)[\s-]+)?(?P<ord>{_ORD}|last)(?:-|\s+)"
      rf"(?:(?P<fis2>fiscal)[\s-]+)?(?P<unit>quarter|half)(?P<pl>s)?\b(?:\s+(?:of|in|for)\s+(?:fiscal\s+)?"
      rf"(?P<y2>{YEAR})\b|,\s+(?P<y3>{YEAR})\b)?|\b(?P<y0>{YEAR})\s+(?P<ord0>{_ORD})(?:-|\s+)(?P<unit0>quarter|half)\b")
def _quarter(m: re.Match, ctx: Ctx) -> Hit | None:
    ordinal = ORDINALS.get((m["ord"] or m["ord0"]).lower(), 2)
    unit = (m["unit"] or m["unit0"]).lower()
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    if det == "the last" and unit == "half":
        ordinal = 2  # "the last half of 1989"
    elif det == "the last":
        return None
    if unit == "half" and ordinal > 2:
        return None
    if m["pl"]:
        return Hit("SET", f"XXXX-Q{ordinal}") if unit == "quarter" else None
    explicit = m["y0"] or m["y1"] or m["y2"] or m["y3"]
    if explicit:
        year = int(explicit)
    elif det.startswith("last year"):
        year = ctx.anchor.year - 1
    elif det.startswith("next year"):
        year = ctx.anchor.year + 1
    elif det.startswith("this year"):
        year = ctx.anchor.year
    else:
        months = 3 if unit == "quarter" else 6
        first_month = (ordinal - 1) * months + 1
        year = pick_year(ctx.anchor, first_month, None, ctx.direction(*m.span()), months)
    if unit == "half":
        return Hit("DATE", f"{year}-H{ordinal}", mod=mod_of(m["mod"]))
    value = quarter_value(year, ordinal)
    ctx.focus_quarter = value
    return Hit("DATE", value, mod=mod_of(m["mod"]))


@rule("year_ago_period", r"\b(?:(?:the|a|its)\s+)?(?:(?:comparable|corresponding|same)\s+)?"
      r"(?:year[-\s]+(?:earlier|ago)|prior[-\s]+year|previous[-\s]+year['’]?s?)"
      r"(?:\s+(?:(?:first|second|third|fourth)[-\s]+)?(?P<unit>quarter|period))?"
      r"|\bthe\s+(?:corresponding|comparable|same)\s+(?:period|quarter)\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year)\b"
      r"|\blast\s+year['’]s\s+(?P<unit2>quarter|period)\b"
      r"|\bthe\s+(?P<y>(?:19|20)\d\d)\s+(?:quarter|period)\b")
def _year_ago_period(m: re.Match, ctx: Ctx) -> Hit | None:
    text = m.group().lower()
    if m["y"]:
        if ctx.focus_quarter:
            return Hit("DATE", f"{m['y']}-Q{ctx.focus_quarter[-1]}")
        return None
    if m["unit2"] and not ctx.focus_quarter:
        return None  # "last year's quarter" with no quarter in view: leave "last year" to its rule
    if text.startswith(("a year", "year")) and not m["unit"] and not ctx.focus_quarter:
        # Outside an earnings story "a year ago" is a plain date a year back.
        if re.match(r"a\s+year\s+ago", text):
            return Hit("DATE", f"{ctx.anchor.year - 1}", direction="past")
        if "earlier" in text and text.startswith("a"):
            return Hit("DATE", f"{ctx.anchor.year - 1}", direction="past")
        return None
    if ctx.focus_quarter:
        return Hit("DATE", shift_quarter(ctx.focus_quarter, -1), direction="past")
    return Hit("DATE", f"{ctx.anchor.year - 1}", direction="past")


_YEAR_OK_BEFORE = frozenset("""In Since By Until Till Before After During From Through Of And Or To The For Early Late
Mid Fiscal Spring Summer Fall Autumn Winter Christmas Easter Around About Circa Between
""".split())


def _plausible_year(m: re.Match, ctx: Ctx) -> bool:
    """A bare four-digit number is a year only if it reads like one."""
    text = ctx.text
    start, end = m.span()
    before, after = text[max(0, start - 12):start], text[end:end + 14]
    listed = re.search(r"(?<![\d,.])(?:1[6-9]|20)\d\d,\s+$", before)  # "in 1994, 1995 and 1997"
    if not listed and re.search(r"[$#£€\d.,]\s*$|\bNo\.\s*$|"
                                r"\b(?:Flight|Route|Room|Article|Resolution|Highway|at)\s+$", before, re.I):
        return False
    prev = re.search(r"\b([A-Z][a-z]+)\s+$", before)
    if prev and not m["pre"] and not m["mod"] and prev.group(1) not in _YEAR_OK_BEFORE:
        return False  # "Orion 1980", "Windows 2000": a name
    if re.match(r"(?:[.,]\d|\s*%|\s*(?:percent|points?|shares|people|troops|feet|meters|miles|"
                r"tons|kilometers|dollars|yen|marks|members|cars|units|hours|am|pm)\b|-\d|\d)", after, re.I) \
            or re.match(r"\s*(?:GMT|UTC|[ECMP][SD]T)\b", after):  # "1900 GMT": a clock time
        return False
    year = int(m["year"])
    return abs(year - ctx.anchor.year) <= 120 or bool(m["pre"])


@rule("year", rf"\b(?P<mod>{POINT_MOD}|(?:early|late|mid)-)?(?P<pre>(?:fiscal|the\s+year|calendar|FY|"
      r"(?:spring|summer|fall|autumn|winter)(?:\s+of)?)\s+)?(?P<year>(?:1[6-9]|20)\d\d)\b(?!['’]?s\b)")
def _year(m: re.Match, ctx: Ctx) -> Hit | None:
    if not _plausible_year(m, ctx):
        return None
    pre = (m["pre"] or "").lower()
    if not (ctx.last_explicit or "").startswith(m["year"]):
        ctx.last_explicit = m["year"]
    season = next((code for name, code in SEASONS.items() if pre.startswith(name)), None)
    if season:
        return Hit("DATE", f"{m['year']}-{season}", mod=mod_of(m["mod"]))
    return Hit("DATE", m["year"], mod=mod_of(m["mod"]))


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


@rule("decade", r"\b(?:the\s+)?(?P<mod>(?:early|mid|late)[\s-]+)?(?:(?P<d4>(?:1[6-9]|20)\d0)['’]?s|['’](?P<d2>\d0)['’]?s|"
      r"(?:nineteen[\s-]+)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b")
def _decade(m: re.Match, ctx: Ctx) -> Hit | None:
    if m["d4"]:
        value = m["d4"][:3]
    elif m["d2"]:
        value = f"19{m['d2'][0]}"
    else:
        if not m.group().lower().startswith("the"):
            return None  # "in his sixties" is an age
        value = f"19{_DECADE_WORDS[m['dw'].lower()]}"
    return Hit("DATE", value, mod=mod_of(m["mod"]))


_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


@rule("spelled_year", r"\b(?:the\s+year\s+)?nineteen[\s-]+(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
      r"(?:[\s-]+(?P<one>one|two|three|four|five|six|seven|eight|nine))?\b|\bthe\s+year\s+two\s+thousand\b")
def _spelled_year(m: re.Match, ctx: Ctx) -> Hit | None:
    if not m["tens"]:
        return Hit("DATE", "2000")
    tens = {"twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7,
            "eighty": 8, "ninety": 9}[m["tens"].lower()]
    ones = _ONES[m["one"].lower()] if m["one"] else 0
    return Hit("DATE", f"19{tens}{ones}")


@rule("year_end", r"\b(?:around\s+)?(?:the\s+)?year[-\s]end\b")
def _year_end(m: re.Match, ctx: Ctx) -> Hit | None:
    return Hit("DATE", f"{ctx.anchor.year}-12-31", mod="END")
