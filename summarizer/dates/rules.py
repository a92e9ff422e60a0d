"""Patterns for calendar time expressions (dates, times, weeks, months, quarters, years).

Each rule is a compiled regex and a resolver returning a `Hit` or None (the
text matched but is not a time expression here: "may" the modal, "March" the
verb, a number that is not a year). Durations, sets and vague references live
in `spans`. Conventions follow TimeML/TimeBank annotation.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Callable

from summarizer.dates.calendar import (
    MONTHS,
    PARTS_OF_DAY,
    WEEKDAYS,
    Date,
    pick_year,
    weekday_date,
)
from summarizer.dates.direction import PLAN, direction


@dataclass
class Hit:
    type: str
    value: str
    mod: str | None = None
    due: Date | None = None
    direction: str | None = None
    approximate: bool = False


@dataclass
class Ctx:
    """Per-document state: the anchor, the quarter financial text is talking about,
    the last explicitly dated month ("the following year" counts from it) and the
    last day named ("the same day", "the next day" count from it)."""

    text: str
    anchor: Date
    focus_quarter: str | None = None
    last_explicit: str | None = None  # "1995" or "1995-05"
    last_day: Date | None = None
    _dirs: dict = field(default_factory=dict)

    def direction(self, start: int, end: int, plans: bool = False) -> str | None:
        """'past', 'future' or None; PLAN too with `plans`, for a resolver that takes the nearest day of one."""
        key = (start, end)
        if key not in self._dirs:
            self._dirs[key] = direction(self.text, start, end)
        found = self._dirs[key]
        return "past" if found == PLAN and not plans else found


Resolver = Callable[[re.Match, Ctx], "Hit | None"]
RULES: list[tuple[str, re.Pattern, Resolver]] = []


def rule(name: str, pattern: str, flags: int = re.I) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        RULES.append((name, re.compile(pattern, flags), fn))
        return fn
    return register


# --- building blocks ---------------------------------------------------------
MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MONTH_ANY = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
             r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
CLOCK = (r"(?:(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*[ap]\.?\s?m\b\.?|(?:[01]?\d|2[0-3]):[0-5]\d"
         r"|noon|midnight)")
TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local time))?"
# Modifiers that keep the value and set TIMEX3 mod.
POINT_MOD = (r"(?:(?:early|late|mid|the\s+(?:beginning|start|middle|end|close)\s+of|the\s+"
             r"(?:early|mid|late)(?:dle)?\s+part\s+of)[\s-]+)")
_MODS = {"early": "START", "beginning": "START", "start": "START", "late": "END", "end": "END",
         "close": "END", "mid": "MID", "middle": "MID"}


def month_num(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def mod_of(words: str | None) -> str | None:
    if not words:
        return None
    for key, mod in _MODS.items():
        if key in words.lower():
            return mod
    return None


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def resolve_day(words: str, ctx: Ctx, start: int, end: int) -> Date | None:
    """Day named by a weekday, today/yesterday/tomorrow or 'Month D[, YYYY]'."""
    w = words.strip().lower().rstrip(",")
    if w in ("today", "tonight"):
        return ctx.anchor
    if w == "yesterday":
        return ctx.anchor - datetime.timedelta(days=1)
    if w == "tomorrow":
        return ctx.anchor + datetime.timedelta(days=1)
    w = re.sub(r"^[a-z]+day,?\s+(?=[a-z]+\.?\s+\d)", "", w)  # "tuesday, october 1": the date decides
    if w in WEEKDAYS:
        return weekday_date(ctx.anchor, WEEKDAYS[w], ctx.direction(start, end, plans=True))
    m = re.match(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$", w)
    if m and m.group(1) in MONTHS:
        month, day = MONTHS[m.group(1)], int(m.group(2))
        year = int(m.group(3)) if m.group(3) else pick_year(
            ctx.anchor, month, day, ctx.direction(start, end, plans=True))
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return None


def clock_value(clock: str) -> str | None:
    c = clock.lower().replace(" ", "")
    if c == "noon":
        return "12:00"
    if c == "midnight":
        return "24:00"
    m = re.match(r"(\d{1,2})(?:[:.](\d\d))?([ap])?", c)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) == "p" and hour < 12:
        hour += 12
    if m.group(3) == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour <= 24 else None


# --- times -------------------------------------------------------------------
# A date with its weekday comes first: "at 12:01 a.m. on Tuesday, October 1" is October 1, not the next Tuesday.
_DAYREF = (rf"(?:(?:{WEEKDAY},?\s+)?{MONTH_ANY}\s+{DAYNUM}(?:,?\s+{YEAR})?|{WEEKDAY}|today|tonight|yesterday"
           rf"|tomorrow)")


@rule("clock_day", rf"\b(?:(?:around|about|at\s+about|shortly\s+(?:before|after))\s+)?"
      rf"(?P<clock>{CLOCK}){TZ},?\s+(?:on\s+)?(?P<day>{_DAYREF})\b")
def _clock_day(m: re.Match, ctx: Ctx) -> Hit | None:
    day = resolve_day(m.group("day"), ctx, *m.span())
    hm = clock_value(m.group("clock"))
    if day is None or hm is None:
        return None
    return Hit("TIME", f"{day.isoformat()}T{hm}")


@rule("day_clock", rf"\b(?P<day>{WEEKDAY}|today|yesterday|tomorrow)\s+at\s+(?P<clock>{CLOCK}){TZ}")
def _day_clock(m: re.Match, ctx: Ctx) -> Hit | None:
    return _clock_day(m, ctx)


@rule("clock", rf"\b(?:(?:around|about|at\s+about|shortly\s+(?:before|after))\s+)?(?P<clock>{CLOCK}){TZ}")
def _clock(m: re.Match, ctx: Ctx) -> Hit | None:
    clock = m.group("clock").lower()
    # A bare "12.30" or "10:30" could be a score or a ratio; only a.m./p.m. or ':' with context.
    if ("m" not in clock and ":" not in clock) or re.match(r"\d+\.\d+$", clock):
        return None
    hm = clock_value(clock)
    if hm is None:
        return None
    # "10:35 a.m. (0735 GMT) Friday": the day comes after the bracketed conversion.
    later = re.match(rf"\s*\([^()]{{1,30}}\)\s*,?\s*(?:on\s+)?({WEEKDAY}|today|yesterday|tomorrow)\b",
                     ctx.text[m.end():m.end() + 60])
    day = resolve_day(later.group(1), ctx, m.start(), m.end() + later.end()) if later else ctx.anchor
    return Hit("TIME", f"{day.isoformat()}T{hm}")


@rule("day_part", r"\b(?:(?P<mod>early|late|later|mid)[\s-]+)?(?:(?P<rel>this|yesterday|tomorrow|today|"
      rf"last|(?P<wd>{WEEKDAY}))\s+)(?P<part>morning|afternoon|evening|night)\b|\b(?P<tonight>tonight)\b|"
      r"\b(?:(?P<mod2>early|late|later|mid)[\s-]+)?(?P<part2>morning|afternoon|evening)\s+"
      rf"(?P<rel2>yesterday|today|tomorrow|{WEEKDAY})\b")
def _day_part(m: re.Match, ctx: Ctx) -> Hit | None:
    if m.group("tonight"):
        return Hit("TIME", f"{ctx.anchor.isoformat()}TNI")
    rel = (m.group("rel") or m.group("rel2")).lower()
    part = (m.group("part") or m.group("part2")).lower()
    if rel in WEEKDAYS and not _capitalised(m.group("rel") or m.group("rel2")):
        return None
    if rel == "last":
        if part != "night":
            return None
        day = ctx.anchor - datetime.timedelta(days=1)
    elif rel == "this":
        day = ctx.anchor
    else:
        day = resolve_day(rel, ctx, *m.span())
    if day is None:
        return None
    return Hit("TIME", f"{day.isoformat()}T{PARTS_OF_DAY[part]}", mod=mod_of(m.group("mod") or m.group("mod2")))


# --- days --------------------------------------------------------------------
@rule("iso_date", rf"\b(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])(?:[T ](?P<t>[0-2]\d:[0-5]\d))?\b")
def _iso_date(m: re.Match, ctx: Ctx) -> Hit | None:
    try:
        day = datetime.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return Hit("TIME", f"{day.isoformat()}T{m['t']}") if m["t"] else Hit("DATE", day.isoformat())


@rule("numeric_date", r"(?<![\d/.-])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d{2})(?![\d/])")
def _numeric_date(m: re.Match, ctx: Ctx) -> Hit | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if len(m["y"]) == 2:
        y += 1900 if y > (ctx.anchor.year % 100) + 10 else 2000
    # US newswire writes month first; a first number over 12 can only be a day.
    month, day = (a, b) if a <= 12 else (b, a)
    try:
        return Hit("DATE", datetime.date(y, month, day).isoformat())
    except ValueError:
        return None


@rule("month_day", rf"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mod>{POINT_MOD})?(?P<mon>{MONTH_ANY})\s+"
      rf"(?P<d>{DAYNUM})(?!\d|[.,]\d|\s*%|-(?:year|day|month|week))(?:,?\s+(?P<y>{YEAR})\b)?", 0)
def _month_day(m: re.Match, ctx: Ctx) -> Hit | None:
    month, daynum = month_num(m["mon"]), int(re.match(r"\d+", m["d"]).group())
    year = int(m["y"]) if m["y"] else pick_year(ctx.anchor, month, daynum, ctx.direction(*m.span(), plans=True))
    if m["y"]:
        ctx.last_explicit = f"{year}-{month:02d}"
    try:
        day = datetime.date(year, month, daynum)
    except ValueError:
        return None
    ctx.last_day = day
    return Hit("DATE", day.isoformat(), mod=mod_of(m.groupdict().get("mod")))


@rule("day_month", rf"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?"
      rf"(?P<mon>{MONTH_ANY})(?:,?\s+(?P<y>{YEAR})\b)?", 0)
def _day_month(m: re.Match, ctx: Ctx) -> Hit | None:
    if m["mon"] == "May" and not m["y"] and not re.search(r"\d(st|nd|rd|th)|of", m.group()):
        return None  # "5 May" fine, but "5 may be" is a modal: require a year, ordinal or 'of'
    return _month_day(m, ctx)


@rule("month_year", rf"\b(?P<mod>{POINT_MOD})?(?P<mon>{MONTH_ANY}),?\s+(?:of\s+)?(?P<y>{YEAR})\b", 0)
def _month_year(m: re.Match, ctx: Ctx) -> Hit | None:
    ctx.last_explicit = f"{m['y']}-{month_num(m['mon']):02d}"
    return Hit("DATE", f"{m['y']}-{month_num(m['mon']):02d}", mod=mod_of(m["mod"]))


@rule("month", rf"\b(?P<mod>(?i:{POINT_MOD}))?(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|"
      rf"the\s+previous|the\s+following))\s+)?(?P<mon>{MONTH_FULL}|Sept\.)"
      rf"(?:\s+(?P<yrel>(?i:last|next|this))\s+year)?\b", 0)
def _month(m: re.Match, ctx: Ctx) -> Hit | None:
    month = month_num(m["mon"])
    start, end = m.span()
    before = ctx.text[max(0, start - 30):start]
    after = ctx.text[end:end + 20]
    if m["mon"] in ("May", "March") and not (m["mod"] or m["rel"] or m["yrel"]):
        # Modal "May", "march" the verb and Theresa May: only after a time preposition.
        # "the March accession": a capital March between "the" and a common noun is the month.
        march_noun = m["mon"] == "March" and re.search(r"\b[Tt]he\s+$", before) and re.match(r"\s+[a-z]", after)
        if not march_noun and not re.search(r"\b(?:in|of|since|until|till|by|from|through|to|before|after|during|"
                                            r"early|late|mid|last|next|this|each|every|between|and)\s+$",
                                            before, re.I):
            return None
        if m["mon"] == "May" and re.match(r"\s+(?:be|have|not|also|well|still|never|already)\b", after):
            return None
    if re.match(r"\s+[A-Z][a-z]", after) and not re.search(r"\b(?:in|of|since|until|by|from)\s+$", before):
        return None  # "April Fool", "August Wilson", "March Madness": a name, not a month
    y = ctx.anchor.year
    rel = (m["rel"] or "").lower()
    if m["yrel"]:
        y += {"last": -1, "next": 1, "this": 0}[m["yrel"].lower()]
    elif "last" in rel or "past" in rel or "previous" in rel:
        y = y if month < ctx.anchor.month else y - 1
    elif "next" in rel or "coming" in rel or "following" in rel:
        y = y if month > ctx.anchor.month else y + 1
    elif rel != "this":
        y = pick_year(ctx.anchor, month, None, ctx.direction(start, end))
    return Hit("DATE", f"{y}-{month:02d}", mod=mod_of(m["mod"]))


@rule("weekday", rf"\b(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|the\s+previous|the\s+following|"
      rf"early|late))\s+)?(?P<wd>{WEEKDAY})(?P<plural>s)?\b(?!['’]s\s+(?:Child|Ch))", 0)
def _weekday(m: re.Match, ctx: Ctx) -> Hit | None:
    wd = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    if m["plural"]:
        return Hit("SET", f"XXXX-WXX-{wd + 1}")
    start = m.start()
    if "last" in rel or "previous" in rel or "past" in rel:
        day = weekday_date(ctx.anchor, wd, "past", skip=1)
        if rel.startswith("the"):
            day -= datetime.timedelta(days=7)
        direc = "past"
    elif "next" in rel or "coming" in rel or "following" in rel:
        day = weekday_date(ctx.anchor, wd, "future", skip=1)
        direc = "future"
    else:
        direc = ctx.direction(start, m.end(), plans=True)
        day = weekday_date(ctx.anchor, wd, direc)
        direc = "past" if direc == PLAN else direc
    ctx.last_day = day
    return Hit("DATE", day.isoformat(), direction=direc, mod=mod_of(rel))


@rule("relative_day", r"\b(?:(?P<mod>early|late)\s+)?(?P<w>today|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
      r"the\s+day\s+after\s+tomorrow)\b")
def _relative_day(m: re.Match, ctx: Ctx) -> Hit | None:
    w = m["w"].lower()
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1}.get(w, -2 if "before" in w else 2)
    ctx.last_day = ctx.anchor + datetime.timedelta(days=offset)
    return Hit("DATE", ctx.last_day.isoformat(), mod=mod_of(m["mod"]))
