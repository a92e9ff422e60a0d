"""Patterns for durations, "N units ago", recurring sets and vague references.

"a 50-day deadline" (P50D, due 50 days after the anchor), "the past three
years" (P3Y), "two weeks ago" (a date), "each week" (SET), "recently"
(PAST_REF). Registered into `rules.RULES` on import.
"""
from __future__ import annotations

import datetime
import re

from summarizer.dates.calendar import (
    NUMBER_WORD,
    duration_value,
    parse_number,
    shift,
    value_at,
)
from summarizer.dates.direction import PAST_VERBS
from summarizer.dates.rules import MONTH_ANY, MONTH_FULL, WEEKDAY, Ctx, Hit, resolve_day, rule

_UNITS = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "week": "W", "fortnight": "W2",
    "month": "M", "year": "Y", "decade": "E", "century": "C", "centurie": "C", "quarter": "Q",
}
UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies)|quarters?)"
NUM = (rf"(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|{NUMBER_WORD}|(?:a|one)\s+(?:hundred|thousand)|a\s+couple\s+of|"
       r"a\s+few|a|an|one|several|few|some|"
       r"many|a\s+number\s+of)")
# Modifiers TimeBank keeps inside the duration span; the mod tells which way it bends.
# "over" before "the" is a preposition ("over the next three quarters"), not "more than".
_APPROX = (r"(?:about|around|approximately|roughly|some|nearly|almost|more\s+than|less\s+than|"
           r"(?:well\s+)?over(?!\s+the\b)|under|up\s+to|at\s+least|at\s+most|no\s+more\s+than|"
           r"no\s+less\s+than|fewer\s+than|within|barely|close\s+to)")
_MOD_OF = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
           "some": "APPROX", "close to": "APPROX", "nearly": "EQUAL_OR_LESS", "almost": "EQUAL_OR_LESS",
           "more than": "MORE_THAN", "over": "MORE_THAN", "well over": "MORE_THAN",
           "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN",
           "up to": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
           "within": "EQUAL_OR_LESS", "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE"}
# Nouns after "N-day" that make the duration end somewhere: the end is a due date.
_DEADLINE = r"(?:deadline|ultimatum|window|countdown|grace\s+period|notice|timetable|timeline|truce|ceasefire|cease-fire|moratorium|pause|review)"

# A superlative or "first" before "in <length>" measures back from now: "the first visit in three years".
_LOOKS_BACK = re.compile(r"\b(?:first|only|highest|lowest|biggest|largest|smallest|worst|best|deadliest|longest|"
                         r"shortest|strongest|weakest|fewest|heaviest|busiest|sharpest|steepest|fastest|slowest|"
                         r"greatest)\b(?P<between>[^.;:!?]{0,60})\bin\s+(?:(?:nearly|almost|more\s+than|over|"
                         r"about)\s+)?$", re.I)
# ... unless a verb comes between ("the first vote will take place in two weeks" is two weeks on), or the clause
# looks ahead before it ("which could hold their first online meetings in two weeks").
_AHEAD_BEFORE = re.compile(r"\b(?:will|would|could|can|may|might|shall|should|going\s+to|plans?\s+to|planned\s+to|"
                           r"expected\s+to|set\s+to|due\s+to)\b", re.I)
_VERB_BETWEEN = re.compile(r"\b(?:will|would|shall|should|could|can|may|might|must|is|are|was|were|be|been|"
                           r"has|have|had|to|take|takes|took)\b", re.I)


def _unit_code(word: str) -> str:
    w = word.lower()
    w = w[:-1] if w.endswith("s") else w
    return _UNITS[w]


def _duration(n: int | None, code: str) -> str:
    if code == "L":
        return f"P{'X' if n is None else n}L"
    if code == "W2":
        return duration_value(None if n is None else 2 * n, "W")
    return duration_value(n, code)


def _workdays(anchor: datetime.date, n: int) -> datetime.date:
    """The day `n` weekdays after `anchor` (Saturdays and Sundays skipped)."""
    day, left = anchor, int(n)
    while left > 0:
        day += datetime.timedelta(days=1)
        left -= day.weekday() < 5
    return day


def _due(anchor: datetime.date, n: int | None, code: str) -> datetime.date | None:
    if n is None or code in ("S", "MIN", "H"):
        return anchor if n is not None else None
    if code == "W2":
        return shift(anchor, "W", 2 * n)
    return shift(anchor, code, n)


@rule("ago", rf"\b(?P<mod>{_APPROX}\s+)?(?P<num>{NUM})[\s-]+(?P<unit>{UNIT})(?:\s+or\s+so)?\s+"
      r"(?P<dir>ago|earlier|before|later|hence|from\s+now)\b")
def _ago(m: re.Match, ctx: Ctx) -> Hit | None:
    n = parse_number(m["num"])
    code = _unit_code(m["unit"])
    if code in ("S", "MIN", "H"):
        return None
    back = m["dir"].lower() in ("ago", "earlier", "before")
    if m["dir"].lower() in ("earlier", "before", "later"):
        # "two years earlier" counts from some event, not from the anchor: only
        # a one-unit shift in a dated story is close enough to trust.
        if not (n == 1 and code in ("Y", "Q")):
            return None
    if n is None:
        return Hit("DATE", "PAST_REF" if back else "FUTURE_REF", approximate=True)
    if code == "Y" and n == 1 and ctx.focus_quarter:
        fq = ctx.focus_quarter
        return Hit("DATE", f"{int(fq[:4]) - 1}{fq[4:]}", direction="past")
    code = "W" if code == "W2" else code
    n = 2 * n if _unit_code(m["unit"]) == "W2" else n
    when = shift(ctx.anchor, code, -n if back else n)
    gran = {"D": "D", "W": "D", "M": "M", "Q": "Q", "Y": "Y", "E": "Y", "C": "Y"}[code]
    if re.sub(r"\s+", " ", m["dir"].lower()) in ("from now", "hence") and code in ("M", "Q"):
        # "one month from now" counts from the day it was written to a day, as "30 days from now" does;
        # "a month ago" only places a past event in its month.
        gran = "D"
    return Hit("DATE", value_at(when, gran), direction="past" if back else "future",
               approximate=bool(m["mod"]))


@rule("counted_from_day", rf"\b(?P<num>{NUM})[\s-]+(?P<unit>days?|weeks?|fortnights?|months?|years?)\s+"
      rf"(?:from|after)\s+(?P<day>{WEEKDAY}|today|tomorrow|yesterday|{MONTH_ANY}\s+\d{{1,2}}(?:st|nd|rd|th)?"
      r"(?:,?\s+\d{4})?)\b(?!['’]s)")
def _counted_from_day(m: re.Match, ctx: Ctx) -> Hit | None:
    """"a week from Monday", "30 days after March 3": the named day, moved on by the length.

    Read as two expressions, the length would be counted from the article's date and the day
    would stand alone, so the vote "a week from Monday" landed on Monday itself.
    """
    n = parse_number(m["num"])
    if n is None:
        return None
    base = resolve_day(m["day"], ctx, m.start("day"), m.end())
    if base is None:
        return None
    code = _unit_code(m["unit"])
    when = shift(base, "W", 2 * n) if code == "W2" else shift(base, code, n)
    ctx.last_day = when
    return Hit("DATE", when.isoformat(), direction="future")


@rule("vague_ago", r"\b(?:(?:many|several|some|a\s+few|few)\s+)?(?P<unit>years|months|weeks|days|decades)\s+ago\b")
def _vague_ago(m: re.Match, ctx: Ctx) -> Hit | None:
    return Hit("DATE", "PAST_REF", direction="past", approximate=True)


_TO_DO = re.compile(r"\s+(?:[\w,'’-]+\s+){0,4}?to\s+[a-z]")  # "50 days (on July 14) to agree"
# A finite verb: "an ultimatum giving Russia 50 days" does not say when the clock started.
_ALLOWED_BEFORE = re.compile(r"\b(?P<verb>has|have|had|gives|give|gave|grants?|granted|allows?|allowed)\s+"
                            r"(?:[\w'’-]+\s+){0,3}$", re.I)


@rule("duration", rf"\b(?P<mod>{_APPROX}\s+)?(?P<the>the\s+)?(?P<rel>(?:past|last|next|first|previous|coming|"
      r"following|final|remaining|additional|further|another|latest|initial|subsequent)\s+)?"
      rf"(?P<num>{NUM})(?:\s+(?:to|or)\s+(?P<num2>{NUM}))?(?P<sep>[\s-]+)(?:(?:more|additional|full|straight|"
      rf"consecutive)\s+)?(?P<work>(?:business|working|work|trading)\s+(?=days?\b))?(?P<unit>{UNIT})\b"
      r"(?P<old>[\s-]+old)?(?P<tail>\s+or\s+so)?")
def _duration_rule(m: re.Match, ctx: Ctx) -> Hit | None:
    if m["old"]:
        return None  # "a 48-year-old": an age
    num_text = re.sub(r"\s+", " ", m["num"].lower())
    code = _unit_code(m["unit"])
    n = parse_number(num_text)
    before = ctx.text[max(0, m.start() - 40):m.start()]
    bare = not (m["rel"] or m["mod"] or m["the"])
    if code == "Q" and (m["sep"] == "-" or n is None or bare and num_text in ("a", "an")):
        return None  # "three-quarters of its food", "a quarter of the market": fractions
    if num_text in ("a", "an", "one") and code in ("S", "MIN") and bare and not (
            num_text == "one" and re.search(r"\b(?:for|than|within|after)\s+$", before)
            and not re.match(r"['’]", ctx.text[m.end():m.end() + 1])):
        return None  # "a second group", "one minute's silence"; but "for one minute"
    if num_text == "one" and code == "D" and bare and re.search(
            r"\b(?:will|would|could|might|may|can|shall|he|she|they|we|I|it|who|to|must)\s+$", before):
        return Hit("DATE", "FUTURE_REF", direction="future")  # "Islam will one day be..."
    if num_text in ("a", "an") and bare:
        # "$5 million a year", "twice a week": a rate, which TimeML calls a SET.
        if re.search(r"(?:\d|dollars?|cents?|percent|%|times|twice|once|thrice|million|billion|"
                     r"shares|sold|made)\s*$", before):
            return Hit("SET", _duration(1, code))
        # Otherwise "a year" is a duration only after a word that asks for one
        # ("the smallest gain in a year", "for a week"); "offered him a week" is not tagged.
        if not re.search(r"\b(?:in|than|for|over|about|last|lasted|lasting|spent|took|after|within|"
                         r"as\s+(?:long|little|short)\s+as)\s+$", before):
            return None
    if m["num2"]:
        n2 = parse_number(m["num2"])
        if n is not None and n2 is not None and n2 - n > 2:
            n = None  # "12 to 18 months": too wide to name one figure
    if n is not None and n <= 0:
        return None
    if n is None and not re.fullmatch(r"several|few|a few|some|many|a number of", num_text):
        return None
    if code == "Y" and n and n >= 1000 and n % 1000 == 0:
        code, n = "L", n // 1000  # millennia
    rel = (m["rel"] or "").strip().lower()
    after = ctx.text[m.end():m.end() + 30]
    mod_words = re.sub(r"\s+", " ", (m["mod"] or "").strip().lower())
    mod = _MOD_OF.get(mod_words)
    value = _duration(n, code)
    approx = n is None or mod == "APPROX" or bool(m["tail"])
    if m["work"] and n is not None:
        # "within 10 business days": weekdays counted; public holidays are not known, so it stays approximate.
        approx = True
    due_of = (lambda: _workdays(ctx.anchor, n)) if m["work"] and n is not None else (lambda: _due(ctx.anchor, n, code))
    wide = ctx.text[max(0, m.start() - 160):m.start()]  # the clause up to the superlative, not only 40 characters
    if (back := _LOOKS_BACK.search(wide)) and not _VERB_BETWEEN.search(back["between"]) \
            and not _AHEAD_BEFORE.search(re.split(r"[,;:]", wide[:back.start()])[-1]):
        # "the first visit by a minister in three years", "the worst flood in 50 years": the span looked back
        # over, ending now; never a date three years on.
        return Hit("DURATION", value, mod=mod, direction="past", approximate=approx)
    if re.search(r"\bin\s+$", before) and bare and n is not None and code in ("D", "W", "M", "Y"):
        # TimeBank: "redeemed in five years" is the point five years on, a DATE;
        # "responded in less than an hour" (past, or with a modifier) stays a duration.
        if ctx.direction(*m.span()) != "past":
            when = due_of()
            gran = "D" if code in ("D", "W") else code
            return Hit("DATE", value_at(when, gran), due=when, direction="future", approximate=approx)
    due = direc = None
    if rel in ("next", "coming", "following", "remaining") or mod_words == "within" \
            or re.search(r"\bin\s+$", before):
        direc, due = "future", due_of()
    elif rel in ("past", "last", "previous"):
        direc = "past"
    elif m["sep"].startswith("-") and re.match(rf"\s+{_DEADLINE}\b", after, re.I):
        direc, due = "future", due_of()
    elif (allowed := _ALLOWED_BEFORE.search(before)) and _TO_DO.match(ctx.text, m.end()) and code not in ("S", "MIN"):
        # "gives firms 90 days to comply", "Kyiv has 48 hours to respond": a time limit, counted from
        # the article; one given in the past ("gave ... 90 days") is counted by its reader from when.
        verb = allowed["verb"].lower()
        due = due_of()
        direc = None if verb in ("had", "gave", "granted", "allowed") else "future"
        # "has two weeks to decide" runs from now; a clock a law or a ruling gives may start later.
        approx = approx or verb in ("give", "gives", "grant", "grants", "allow", "allows")
    return Hit("DURATION", value, mod=mod, due=due, direction=direc, approximate=approx)


@rule("vague_duration", r"\b(?P<the>the\s+)?(?P<rel>past|last|next|coming|recent|few|several|many)\s+"
      r"(?:(?P<q>few|several|many|couple\s+of)\s+)?(?P<unit>years|months|weeks|days|hours|decades|quarters)\b|"
      r"(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s))(?P<bare>years|months|weeks|decades|centuries)\b(?!\s+(?:ago|of|old))")
def _vague_duration(m: re.Match, ctx: Ctx) -> Hit | None:
    if m["bare"]:
        return Hit("DURATION", _duration(None, _unit_code(m["bare"])), approximate=True)
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    if rel == "recent":
        if unit == "days":
            return Hit("DATE", "PAST_REF", direction="past")
        return Hit("DURATION", _duration(None, _unit_code(unit)), direction="past", approximate=True)
    if rel == "coming" and not m["the"] and unit in ("months", "quarters", "years"):
        return Hit("DATE", "FUTURE_REF", direction="future")
    if rel in ("few", "several", "many") and not m["the"]:
        return Hit("DURATION", _duration(None, _unit_code(unit)), approximate=True)
    if rel in ("few", "several", "many"):
        return None
    if rel in ("past", "last") and not m["q"] and not m["the"]:
        return None
    return Hit("DURATION", _duration(None, _unit_code(unit)), approximate=True,
               direction="past" if rel in ("past", "last") else "future")


@rule("fortnight", r"\b(?P<the>the\s+)?(?P<rel>next|coming|following|past|last|previous)\s+fortnight\b")
def _fortnight(m: re.Match, ctx: Ctx) -> Hit | None:
    """"within the next fortnight": two weeks, ending two weeks on when it looks ahead."""
    ahead = m["rel"].lower() in ("next", "coming", "following")
    return Hit("DURATION", "P2W", direction="future" if ahead else "past",
               due=_due(ctx.anchor, 2, "W") if ahead else None)


# --- sets ---------------------------------------------------------------------
_ADVERB_SETS = {"hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
                "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y"}


# "gather daily outside", "monthly, the board...": an adverb; any other word after it is its noun.
_ADJECTIVE_AFTER = re.compile(r"\s+(?!(?:and|or|to|in|at|for|from|on|by|until|since|through|with|as|over|the|a|an|"
                              r"outside|inside|during|throughout|around|near|across|before|after)\b)[a-z]")


@rule("set", rf"\b(?:each|every|per)\s+(?:(?P<num>other|two|three|four|five|six|\d+)\s+)?"
      rf"(?:(?P<unit>second|minute|hour|day|week|month|quarter|year|decade|morning|night|evening|weekend)s?|"
      rf"(?P<wd>{WEEKDAY})|(?P<mon>{MONTH_FULL}))\b|\b(?P<adv>hourly|daily|nightly|weekly|biweekly|monthly|"
      r"quarterly|annually|yearly)\b")
def _set(m: re.Match, ctx: Ctx) -> Hit | None:
    from summarizer.dates.calendar import MONTHS, WEEKDAYS

    if m["adv"]:
        if re.match(r"\s+basis\b", ctx.text[m.end():m.end() + 8]):
            return Hit("SET", _ADVERB_SETS[m["adv"].lower()])  # "on a daily basis"
        # "the quarterly dividend", "daily flights": an adjective, not a recurrence.
        if _ADJECTIVE_AFTER.match(ctx.text, m.end(), m.end() + 14) \
                or re.search(r"\b(?:the|a|an|its|their|his|her|our|average)\s+$", ctx.text[max(0, m.start() - 10):m.start()], re.I):
            return None
        return Hit("SET", _ADVERB_SETS[m["adv"].lower()])
    if m["wd"]:
        return Hit("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}")
    if m["mon"]:
        return Hit("SET", f"XXXX-{MONTHS[m['mon'].lower()]:02d}")
    unit = m["unit"].lower()
    if unit in ("morning", "night", "evening"):
        return Hit("SET", "XXXX-XX-XXT" + {"morning": "MO", "night": "NI", "evening": "EV"}[unit])
    if unit == "weekend":
        return Hit("SET", "XXXX-WXX-WE")
    num = (m["num"] or "").lower()
    n = 2 if num == "other" else (parse_number(num) if num else 1)
    code = {"minute": "MIN", "second": "S"}.get(unit, _unit_code(unit))
    return Hit("SET", _duration(n, code))


# --- vague references ---------------------------------------------------------
_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "the present": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "formerly": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the distant future": "FUTURE_REF",
    "soon": "FUTURE_REF", "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
}
_PAST_NEXT = re.compile(rf"\s+(?:{'|'.join(sorted(PAST_VERBS))}|[a-z]+ed)\b")
_REF_RE = "|".join(sorted((k.replace(" ", r"\s+") for k in _REFS), key=len, reverse=True))


def _sentence_start(text: str, at: int) -> bool:
    return re.search(r"(?:^|[.!?]['\"’”`]*\s+|\n\s*|[\"“`]+)$", text[max(0, at - 6):at]) is not None


@rule("reference", rf"\b(?:{_REF_RE})\b(?![-‐](?:day|term)|['’]s)")
def _reference(m: re.Match, ctx: Ctx) -> Hit | None:
    key = re.sub(r"\s+", " ", m.group().lower())
    after = ctx.text[m.end():m.end() + 20]
    if key == "now" and re.match(r"\s*(?:that|-)", after):
        return None  # "now that ...": a conjunction
    if m.group() == "Now" and re.match(r",|\s+for\b", after) and _sentence_start(ctx.text, m.start()):
        return None  # "Now, he says, ...", "Now for the weather": a discourse marker
    if key == "soon" and (re.match(r"\s+(?:after|before|afterwards|thereafter)\b", after)
                          or ctx.text[max(0, m.start() - 3):m.start()].lower() == "as "):
        return None  # "soon after the attack", "as soon as": relative to an event
    if key == "soon" and _PAST_NEXT.match(after):
        return None  # "a trickle that soon became a flood": soon after a past event, not the future
    if key == "recently" and ctx.text[max(0, m.start() - 5):m.start()].lower() == "most ":
        return None  # "killed, most recently last October": ranks events, the date follows
    if key in ("recent", "current") and re.match(r"\s+(?:years|months|weeks|days|quarters?|year|month|week|"
                                                  r"account|affairs|events|accounts)\b", after, re.I):
        return None
    if key == "the past" and re.match(r"\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|decades?)\b", after):
        return None
    return Hit("DATE", _REFS[key])
