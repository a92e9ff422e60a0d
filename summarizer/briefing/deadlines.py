"""Deadlines: what is due, by when, resolved to calendar dates, merged across sources.

Each body sentence is read with the time-expression resolver against its
document's anchor date. A future date (or a duration that ends somewhere) in a
sentence that speaks of something due, scheduled or expiring becomes a candidate
deadline. A duration set by a dated event ("announced on Monday a 50-day
deadline") counts from that event, not from the article's date. Candidates from
different sources about the same thing are merged; when they give different
dates, the item keeps the best-supported one and lists the others as conflicts.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from summarizer.briefing.disjoint import DisjointSet
from summarizer.dates.anchors import Anchor
from summarizer.dates.calendar import SEASON_START
from summarizer.dates.timex import Timex, find_timexes
from summarizer.facts.spans import clause_around
from summarizer.model import Citation, Deadline, source_name
from summarizer.text.datelines import dateline_length
from summarizer.text.words import content_words

_FORWARD = re.compile(
    r"\b(?:deadline|ultimatum|expir\w*|due|by|until|till|before|no later than|within|must|will|shall|would|should|"
    r"could|set to|scheduled|expected|plans?|planned|take[s]? effect|appl(?:y|ies)|into force|from|next|"
    r"resume[sd]?|start|begin|ends?|closes?|opens?|lapses?|runs? out|in)\b", re.I)
# A date the sentence says is no longer the date: "originally scheduled for July 20, postponed to
# July 27", "extended from July 31 to September 30". Only the new one is due.
_SUPERSEDED = re.compile(r"\b(?:originally|initially|previously|formerly|first)\s+(?:\w+\s+){0,2}"
                         r"(?:for|on|to|by|until|in)\s+(?:the\s+)?$", re.I)
_REPLACED = re.compile(r"\b(?:instead of|rather than)\s+(?:the\s+)?$", re.I)
_MOVED_FROM = re.compile(r"\b(?:extend|postpone|delay|move|push|bring|brought|shift|reschedul|defer|advanc|pull)\w*"
                         r"\b[^.;]*?\bfrom\s+(?:the\s+)?$", re.I)
_TIME_LIMIT = re.compile(r"deadline|ultimatum|within|\bgiv(?:e|es|ing|en)\b|\bgave\b|expir|time limit|countdown|"
                         r"\bin (?:the next )?[\w-]+ (?:days?|weeks?|months?)\b|"
                         r"\b(?:has|have)\b[^.;]{0,30}\b(?:hours|days|weeks|months)\s+to\b", re.I)
# The date inside "whether ..." after a doubt, up to where a new clause states a fact ("since X starts on ...").
_IN_DOUBT = re.compile(r"\b(?:unclear|not clear|uncertain|not known|unknown|remains to be seen|not (?:yet )?decided|"
                       r"undecided)\b[^.;]*\b(?:whether|if)\b(?:(?!\b(?:since|because|but|while|although|whereas|as)\b)"
                       r"[^.;])*$", re.I)
_LIMIT_BEFORE = re.compile(r"\b(?:by|until|till|before|no later than)\s+(?:the\s+)?$", re.I)
# "Last year, the ministry gave firms 90 days": a time limit set in the past counts from the day it
# was set, and without that day there is nothing to count from.
_GIVEN_BEFORE = re.compile(r"\b(?:gave|granted|allowed|had)\b", re.I)
_BACKWARD = re.compile(r"\b(?:was|were|had been) (?:due|scheduled|expected|set)\b|\bmissed\b|\bexpired\b|\bago\b|"
                       r"\b(?:deadline|ultimatum|time limit|truce|ceasefire)\b[^.;]{0,40}?"
                       r"\b(?:passed|lapsed|elapsed|ran out|came and went)\b", re.I)
_DURATION = re.compile(r"^P(\d+(?:\.\d+)?)([DWMY])$")
_HOURS = re.compile(r"^PT(\d+)H$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_AT_THE_END = re.compile(r"\bend\b", re.I)  # "by the end of the month", "year-end": that day; "late May" is not
_LATE = re.compile(r"\blate\b", re.I)       # "late May": its last ten days; "later this month": any day left
_YEAR_PART = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")
_YEAR_PARTS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12)}
MAX_AHEAD = dt.timedelta(days=5 * 366)
SAME_THING = 0.2


@dataclass
class _Candidate:
    due: dt.date
    due_end: dt.date | None
    due_text: str
    approximate: bool
    anchor: dt.date
    citation: Citation
    family: str
    source: str
    words: set[str]
    explicit: bool  # the text names the deadline ("deadline", "expires", "ultimatum", "due")
    arrived: str  # when its document was stored (ingested_at), for the deadline's first report
    written: dt.date  # its document's date (the anchor of its relative dates)
    members: list[_Candidate] = field(default_factory=list)
    length: str | None = None  # a count's length as a TIMEX3 value ("P50D"), None for a stated date
    refers_to: str | None = None  # "the 50-day ultimatum": the length (P50D) of one set elsewhere, dated by it
    clause: frozenset[str] | None = field(default=None, compare=False)  # _clause_words, worked out once


def find_deadlines(documents: list[dict], sentences: list[dict], anchors: dict[str, Anchor], *,
                   today: dt.date, limit: int = 5, upcoming_first: bool = False) -> list[Deadline]:
    """Deadlines of one story, soonest first, each cited; at most `limit`, the best-supported kept.

    `upcoming_first` keeps every upcoming one before any passed one, however well supported:
    what reminders are planned from, so a long story's past deadlines cannot crowd out a new one.
    """
    by_id = {d["id"]: d for d in documents}
    candidates: list[_Candidate] = []
    for s in sentences:
        doc = by_id.get(s["document_id"])
        anchor = anchors.get(s["document_id"])
        if doc is None or anchor is None or _BACKWARD.search(s["text"]):
            continue
        candidates.extend(_candidates(doc, s, anchor))
    groups = _merge(_referred(candidates))
    items = [_deadline(group, today) for group in groups]
    ranked = sorted(zip(groups, items), key=lambda gi: (upcoming_first and gi[1].status == "passed",
                                                       -_support(gi[0]), gi[1].due or "9999"))[:limit]
    return sorted((item for _, item in ranked), key=lambda d: (d.status == "passed", d.due or "9999"))


def _referred(candidates: list[_Candidate]) -> list[_Candidate]:
    """A mention of a deadline set elsewhere ("Trump's 50-day ultimatum") takes the date of the one it names,
    a count of the same length that says when it started; with none, its own count from the article's
    date stands, approximate (the deadline was set that day or before)."""
    set_ = [c for c in candidates if c.refers_to is None]
    out = list(set_)
    for c in candidates:
        if c.refers_to is not None:
            named = [o for o in set_ if o.length == c.refers_to]
            best = min(named, key=lambda o: (o.family != c.family, o.approximate, o.due)) if named else None
            out.append(dataclasses.replace(c, due=best.due, due_end=best.due_end, anchor=best.anchor,
                                           approximate=best.approximate or c.approximate) if best
                       else dataclasses.replace(c, approximate=True))
    return out


@functools.lru_cache(maxsize=50_000)
def _timexes(text: str, anchor: dt.date) -> tuple[Timex, ...]:
    """Near-duplicate articles repeat sentences under the same date: resolve each pair once."""
    return tuple(find_timexes(text, anchor))


def _candidates(doc: dict, sentence: dict, anchor: Anchor) -> list[_Candidate]:
    text = sentence["text"]
    timexes = _timexes(text, anchor.date)
    events = [e for e in (_event_day(t, anchor.date) for t in timexes) if e is not None]
    # A date the sentence states ("expires on September 2") beats our own count of a duration in it.
    stated = any(t.type == "DATE" and _DAY.match(t.value) and t.value[:10] > anchor.date.isoformat()
                 for t in timexes)
    counted = _counted_from_a_date(text, timexes, anchor.date)
    found = []
    for t in timexes:
        if stated and t.type == "DURATION" and id(t) not in counted:
            continue
        if _superseded(text, t, timexes) or any(start is t for start, _ in counted.values()):
            continue  # the day a count starts from is shown as the count's deadline
        if _IN_DOUBT.search(text[:t.start]):
            continue  # "it is not clear whether they will agree before the end of the year": an open question
        if id(t) in counted:
            start, day = counted[id(t)]
            m = _DURATION.match(t.value)
            due, due_end, approximate = _add(day, int(float(m.group(1))), m.group(2)), None, True
        elif (resolved := _resolve(t, events, anchor.date)) is not None:
            due, due_end, approximate = resolved
            # "within 30 days of their publication", a day the text does not give: counted from the article's
            approximate = approximate or (t.type == "DURATION" and not events and bool(_COUNT_FROM.match(text, t.end)))
        else:
            continue
        if t.direction == "past" or not (anchor.date < due <= anchor.date + MAX_AHEAD or
                                         due == anchor.date and _LIMIT_BEFORE.search(text[:t.start])):
            # a reported event (even one of the article's own day, unless a limit falls on it: "until
            # Friday at noon" in Friday's paper), or too far off to be a deadline
            continue
        window = text[max(0, t.start - 60) : t.end + 40]
        if t.type == "DURATION":
            # "a 30-day truce" is a length, not a deadline; "a 30-day deadline", "within 30 days",
            # "has 48 hours to respond", "gave Russia 50 days on July 14" are.
            if not _TIME_LIMIT.search(window) or (not events and _GIVEN_BEFORE.search(window)):
                continue
        elif not _FORWARD.search(window):
            continue
        # "said the 48-hour deadline would not be extended": one set earlier, on a day not given here.
        refers_to = t.value if (t.type == "DURATION" and not events and id(t) not in counted and _DEADLINE_NOUN.match(
            text, t.end) and _REFERS_BACK.search(text[max(0, t.start - 30):t.start] + t.text)) else None
        skip = dateline_length(text)
        citation = Citation.from_document(doc, sentence["start"] + skip, sentence["start"] + _clause_end(text, t.end))
        found.append(_Candidate(
            due=due, due_end=due_end, due_text=t.text, approximate=approximate or anchor.approximate,
            # What it was counted from: the event that set it ("announced on Monday"), else the document's date.
            anchor=counted[id(t)][1] if id(t) in counted else events[0][0] if t.type == "DURATION" and events
            else anchor.date, citation=citation, family=doc.get("duplicate_of") or doc["id"],
            source=source_name(doc), words=content_words(text) | set(re.findall(r"\b\d+(?:[.,]\d+)*\b", text)),
            explicit=bool(re.search(r"deadline|ultimatum|expir|\bdue\b", text, re.I)),
            arrived=doc.get("ingested_at") or "", written=anchor.date, refers_to=refers_to,
            length=t.value if t.type == "DURATION" else None,
        ))
    return found


_REFERS_BACK = re.compile(r"(?:\b(?:the|this|that|its|their|his|her)|\w['’]s)\s+[\w-]+$", re.I)
_DEADLINE_NOUN = re.compile(r"\s+(?:deadline|ultimatum|window|grace\s+period|clock)\b", re.I)
_COUNT_FROM = re.compile(r"\s+(?:of|after|from|following)\s+(?:the\s+|its\s+|their\s+)?[a-z]", re.I)


def _counted_from_a_date(text: str, timexes: tuple[Timex, ...], anchor: dt.date) -> dict[int, tuple[Timex, dt.date]]:
    """Counts that start on a day the sentence gives later: "takes effect within 7 days of publication
    in the Federal Register, which is expected on Thursday" is due seven days after Thursday, not on it.

    By id of the duration: (the date it counts from, that date's day).
    """
    out = {}
    for t in timexes:
        if t.type != "DURATION" or not _DURATION.match(t.value) or not _COUNT_FROM.match(text, t.end):
            continue
        start = next((u for u in timexes if u.start > t.end and u.type == "DATE" and _DAY.match(u.value)
                      and u.value[:10] > anchor.isoformat()), None)
        if start is not None:
            out[id(t)] = (start, dt.date.fromisoformat(start.value[:10]))
    return out


_CLAUSE_BREAK = re.compile(r",\s+(?=(?:saying|adding|according|while|but|although|though|as|which|who|where|"
                           r"[A-Z][a-z]+ (?:and [A-Z][a-z]+ )?(?:officials?|diplomats?|sources?) said)\b)|;\s+")


def _superseded(text: str, t: Timex, timexes: tuple[Timex, ...]) -> bool:
    """A date another one of the same sentence replaces ("postponed from Monday to Friday", "on Friday
    instead of Monday")."""
    others = [o for o in timexes if o is not t and o.type in ("DATE", "TIME")]
    before = text[max(0, t.start - 80) : t.start]
    if _REPLACED.search(before):
        return bool(others)
    return any(o.start > t.end for o in others) and bool(_SUPERSEDED.search(before) or _MOVED_FROM.search(before))


def _clause_end(text: str, after: int) -> int:
    """Where the clause holding a date ends: the "what" of a deadline, without the rest of the sentence."""
    m = _CLAUSE_BREAK.search(text, after)
    return m.start() if m else len(text)


def _event_day(t: Timex, anchor: dt.date) -> tuple[dt.date, bool] | None:
    """The day of a reported past event in the sentence ("on Monday", "last week"), with approximate."""
    if t.type != "DATE" or t.direction == "future":
        return None
    if m := _DAY.match(t.value):
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (day, t.approximate) if day <= anchor else None
    if (m := _WEEK.match(t.value)) and t.direction == "past":
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return (monday, True) if monday < anchor else None
    return None


def _resolve(t: Timex, events: list[tuple[dt.date, bool]], anchor: dt.date
             ) -> tuple[dt.date, dt.date | None, bool] | None:
    """(due, last day of a period or None, approximate) for a time expression, or None if it is no date."""
    if t.type == "DURATION":
        m = _DURATION.match(t.value)
        if (h := _HOURS.match(t.value)) and int(h.group(1)) >= 24:
            # "48 hours to respond": a day count from a publication time we do not know
            return (events[0][0] if events else anchor) + dt.timedelta(days=-(-int(h.group(1)) // 24)), None, True
        if not m or t.due is None:
            return None
        if events:  # counted from the event that set it: "announced on Monday a 50-day deadline"
            event, approximate = events[0]
            return _add(event, int(float(m.group(1))), m.group(2)), None, approximate or t.approximate
        return t.due, None, t.approximate
    if t.type not in ("DATE", "TIME"):
        return None
    value = t.value
    if m := _DAY.match(value):
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None, t.approximate
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return monday, monday + dt.timedelta(days=6), True
    if m := _MONTH.match(value):
        year, month = int(m.group(1)), int(m.group(2))
        last = calendar.monthrange(year, month)[1]
        if t.mod == "END" and _AT_THE_END.search(t.text):
            return dt.date(year, month, last), None, False
        if t.mod == "END":  # "late October", "later this month": some day before its end, not the last
            return max(dt.date(year, month, 21) if _LATE.search(t.text) else dt.date(year, month, 1),
                       min(anchor + dt.timedelta(days=1), dt.date(year, month, last))), dt.date(year, month, last), True
        if t.mod == "START":
            return dt.date(year, month, 1), dt.date(year, month, 10), True
        if t.mod == "MID":
            return dt.date(year, month, 11), dt.date(year, month, 20), True
        return dt.date(year, month, 1), dt.date(year, month, last), True
    if m := _SEASON.match(value):  # "in the autumn": September to November, approximate
        first = dt.date(int(m.group(1)), SEASON_START[m.group(2)], 1)
        months = {"START": (0, 1), "END": (2, 3)}.get(t.mod or "", (0, 3))
        return _add(first, months[0], "M"), _add(first, months[1], "M") - dt.timedelta(days=1), True
    if m := _YEAR_PART.match(value):  # "by the end of the year", "the third quarter", "early next year"
        year, part = int(m.group(1)), m.group(2) or ""
        first, last = _YEAR_PARTS.get(part, (1, 12))
        begin = dt.date(year, first, 1)
        end = dt.date(year, last, calendar.monthrange(year, last)[1])
        if t.mod == "END" and _AT_THE_END.search(t.text):
            return end, None, False
        if t.mod == "END" and not part:  # "late this year", "later this year"
            return max(dt.date(year, 9, 1) if _LATE.search(t.text) else begin,
                       min(anchor + dt.timedelta(days=1), end)), end, True
        if t.mod == "START":
            return begin, dt.date(year, first, 10) if part else dt.date(year, 4, 30), True
        if t.mod == "MID" and not part:
            return dt.date(year, 5, 1), dt.date(year, 8, 31), True
        return begin, end, True
    return None


def _add(day: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "D":
        return day + dt.timedelta(days=amount)
    if unit == "W":
        return day + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "Y" else 1)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _merge(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Items: candidates giving the same date for the same thing, joined with rival readings of it."""
    groups: list[list[_Candidate]] = []
    by_day: dict[dt.date, list[int]] = {}  # groups by every day their members cover
    for c in sorted(candidates, key=lambda c: (c.due, c.citation.document_id, c.citation.start)):
        nearby = sorted({g for day in _days(c) for g in by_day.get(day, ())})
        home = next((g for g in nearby if any(_same_reading(c, o) for o in groups[g])), None)
        if home is None:
            groups.append([c])
            home = len(groups) - 1
        else:
            groups[home].append(c)
        for day in _days(c):
            by_day.setdefault(day, []).append(home)
    sets = DisjointSet(len(groups))
    first = [min(c.due for c in g) for g in groups]  # groups were made in date order
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            if (first[j] - first[i]).days > 52:  # rivals are at most 21 days apart, periods at most a month
                break
            if not sets.same(i, j) and _rivals(groups[i], groups[j]):
                sets.union(i, j)
    return [_dedupe_sentences([c for i in members for c in groups[i]]) for members in sets.groups()]


def _days(c: _Candidate) -> list[dt.date]:
    last = c.due_end or c.due
    return [c.due + dt.timedelta(days=k) for k in range((last - c.due).days + 1)]


def _same_reading(a: _Candidate, b: _Candidate) -> bool:
    """Two sources (or sentences) giving the same date for the same thing."""
    if not (a.due == b.due or _overlaps(a, b)):
        return False
    shared = a.words & b.words
    ratio = len(shared) / (len(a.words | b.words) or 1)
    if a.due != b.due and max(_span(a), _span(b)) > 7:
        # "a second strike later this month" covers the day the first one ends: a stretch of
        # weeks holds many events, and sharing a name and "strike" does not make them one.
        return ratio >= SAME_THING
    return len(shared) >= 3 or ratio >= SAME_THING


def _span(c: _Candidate) -> int:
    return ((c.due_end or c.due) - c.due).days


def _rivals(a: list[_Candidate], b: list[_Candidate]) -> bool:
    """Different dates for one thing: close in time, from other sentences, and clearly about the same.

    Sharing a figure ("50 days") is strong evidence; otherwise most words must be shared.
    """
    if {_at(x) for x in a} & {_at(y) for y in b}:
        return False  # one sentence with two dates names two things
    for x in _distinct(a):
        for y in _distinct(b):
            gap = abs((x.due - y.due).days)
            if gap == 0 or gap > 21 or _end_then_start(x, y) or _written_after(x, y):
                continue
            overlap = len(x.words & y.words) / (len(x.words | y.words) or 1)
            figures = {w for w in x.words & y.words if w[0].isdigit() and not re.fullmatch(r"(?:19|20)\d\d", w)}
            figures -= _day_numbers(x, y)
            if (figures and overlap >= (SAME_THING if gap <= 7 else 0.3)) or (gap <= 7 and overlap >= 0.4):
                return True
            # "technical talks would resume on Oct 21 in Brussels, and ..." against "technical talks would
            # resume on Oct. 22": the rest of each sentence differs, the clauses that date the event do not.
            cx, cy = _clause_words(x), _clause_words(y)
            if gap <= 3 and len(cx & cy) >= 3 and len(cx & cy) / (len(cx | cy) or 1) >= 0.5:
                return True
    return False


def _clause_words(c: _Candidate) -> frozenset[str]:
    """The words of the clause that gives the date (no day numbers): what the date is the date of."""
    if c.clause is None:
        at = c.citation.quote.find(c.due_text)
        c.clause = frozenset(content_words(clause_around(c.citation.quote, (at, at + len(c.due_text))))
                             if at >= 0 else ())
    return c.clause


def _at(c: _Candidate) -> tuple[str, int]:
    return c.citation.document_id, c.citation.start


def _distinct(group: list[_Candidate]) -> list[_Candidate]:
    """One of each reading the rival test can tell apart (near-duplicates repeat the same sentence)."""
    seen: dict[tuple, _Candidate] = {}
    for c in group:
        seen.setdefault((c.due, c.due_end, frozenset(c.words), c.due_text, _before(c)), c)
    return list(seen.values())


def _written_after(x: _Candidate, y: _Candidate) -> bool:
    """One was written when the other's date had come: a later round or a new date, not a rival reading.

    "Talks resume next week" on 7 July and again on 14 July are two rounds; the second
    article cannot contradict a week it is already in.
    """
    first, second = sorted((x, y), key=lambda c: c.written)
    return second.written >= first.due


def _end_then_start(x: _Candidate, y: _Candidate) -> bool:
    """"No deal by March 31" and "duties from April 1" agree: one period ends, the next begins."""
    first, second = sorted((x, y), key=lambda c: c.due)
    return (second.due - first.due).days == 1 and bool(
        re.search(r"\b(?:from|as of|starting|beginning)\s+$", _before(second))
        or re.search(r"\b(?:by|until|till|through)\s+$", _before(first)))  # not "on": "expires on" a day apart disagree


def _before(c: _Candidate) -> str:
    quote = c.citation.quote
    at = quote.find(c.due_text)
    return quote[max(0, at - 20) : at] if at >= 0 else ""


def _day_numbers(*cands: _Candidate) -> set[str]:
    """Numbers that only spell the dates themselves ("September 2"), not a shared figure ("50 days")."""
    spelled = [c.due_text for c in cands if not re.search(r"day|week|month|year", c.due_text, re.I)]
    return {str(c.due.day) for c in cands} | {n for text in spelled for n in re.findall(r"\d+", text)}


def _overlaps(a: _Candidate, b: _Candidate) -> bool:
    return a.due <= (b.due_end or b.due) and b.due <= (a.due_end or a.due)


def _dedupe_sentences(group: list[_Candidate]) -> list[_Candidate]:
    seen: dict[tuple[str, int], _Candidate] = {}
    for c in group:
        key = (c.citation.document_id, c.citation.start)
        if key not in seen or (c.due_end is None and seen[key].due_end is not None):
            seen[key] = c
    return list(seen.values())


def _support(group: list[_Candidate]) -> float:
    return len({c.family for c in group}) + 0.5 * any(c.explicit for c in group)


def _deadline(group: list[_Candidate], today: dt.date) -> Deadline:
    by_due: dict[dt.date, list[_Candidate]] = {}
    for c in group:
        by_due.setdefault(c.due, []).append(c)
    # The date most independent sources give wins; exact dates before approximate ones.
    ranked = sorted(by_due.items(), key=lambda kv: (-len({c.family for c in kv[1]}),
                                                    all(c.approximate for c in kv[1]), kv[0]))
    due, main = ranked[0]
    # The sentence that set it leads, not a later one naming it ("the 48-hour deadline would not be extended").
    lead = sorted(main, key=lambda c: (c.refers_to is not None, not c.explicit, c.approximate,
                                       c.citation.document_id))[0]
    conflicts = []
    for other_due, members in ranked[1:]:
        if any(_overlaps(m, lead) for m in members):
            main = main + members  # "next week" and "on Monday" of that week agree
            continue
        conflicts.append({
            "due": other_due.isoformat(),
            "due_text": members[0].due_text,
            "approximate": all(c.approximate for c in members),
            "sources": sorted({c.source for c in members}),
            "citations": [vars(c.citation) for c in _one_per_family(members)],
        })
    first = min(group, key=lambda c: (c.arrived or "~", c.citation.document_id, c.citation.start))
    end = lead.due_end
    status = "passed" if (end or due) < today else "today" if due <= today <= (end or due) else "upcoming"
    return Deadline(
        what=lead.citation.quote,
        due=due.isoformat(),
        due_text=lead.due_text,
        status=status,
        citations=[c.citation for c in _one_per_family(main)],
        due_end=end.isoformat() if end else None,
        anchor=lead.anchor.isoformat(),
        approximate=lead.approximate,
        conflicts=conflicts,
        sources=len({c.family for c in main}),
        first_report={"document_id": first.citation.document_id, "start": first.citation.start,
                      "end": first.citation.end},
    )


def _one_per_family(members: list[_Candidate]) -> list[_Candidate]:
    seen, out = set(), []
    for c in sorted(members, key=lambda c: (c.refers_to is not None, not c.explicit, c.approximate)):
        if c.family not in seen:
            seen.add(c.family)
            out.append(c)
    return out
