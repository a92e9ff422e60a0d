"""Deadlines merged across sources: what is due, by when, with every source that gives it.

The candidates come from each document's stored facts (`summarizer.facts.deadlines`:
a date one sentence gives, resolved against its document's anchor). Candidates from
different sources about the same thing are merged; when they give different dates,
the item keeps the best-supported one and lists the others as conflicts.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import heapq
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.briefing.disjoint import DisjointSet
from summarizer.dates.anchors import Anchor
from summarizer.dates.calendar import MONTHS, WEEKDAYS
from summarizer.facts.denials import stem
from summarizer.model import Citation, Deadline, source_name
from summarizer.text.words import content_words

if TYPE_CHECKING:
    from summarizer.facts.deadlines import Candidate

# The resolver's modules (summarizer.facts.deadlines, facts.spans and the dates rules they import) load where a
# date is read from text, not here: listing the stored deadlines (`briefbot deadlines`) reads none, and their
# patterns take a tenth of a second to compile.

SAME_THING = 0.2
# A newer report that says the date moved: "revised the date to March 8", "postponed to", "extended".
_MOVED = (r"revis\w*|postpon\w*|delay\w*|reschedul\w*|push\w*\s+back|moved\s+(?:back|up|forward|to)|"
          r"brought\s+forward|advanced\s+to|deferred|new\s+(?:date|deadline|target)|extend\w*|extension|"
          r"(?:more|extra|additional)\s+(?:\w+\s+)?(?:days?|weeks?|months?|time)")
# ...or only that the date is now another: "will now take effect", "now expects", "instead".
_NOW = r"now\s+(?:expects?|expected|due|set|scheduled|plans?|runs?|ends?|expires?|falls?)|(?:will|would)\s+now|instead"
REVISED = re.compile(rf"\b(?:{_MOVED}|{_NOW})\b", re.I)
# "had been due to take effect on Monday, will now take effect on March 22", "originally set for ... now":
# the sentence names a replaced plan, which says the date moved as plainly as "postponed".
_REPLACED_PLAN = (r"(?:(?:was|were|had\s+been)\s+(?:due|scheduled|expected|set|slated|supposed|planned)|originally|"
                  r"initially|previously|formerly)\b[^.;]*\b(?:now|instead)")
_MOVED_CUE = re.compile(rf"\b(?:{_MOVED}|{_REPLACED_PLAN})\b", re.I)
_MOVED_VERB = re.compile(r"\b(?:revis|postpon|delay|reschedul|push|mov|brought|advanc|defer|extend|put\s+off)\w*"
                         r"(?:\s+(?:back|forward|up|off))?\b", re.I)
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?$", re.I)  # "was brought forward"
# A later report's date and an earlier one's are one deadline moved when this sure of it (`revision`):
# a word that says the date moved, and the two sentences about the same thing.
REVISES = 0.5
GROUPS_APART = 52  # days between the first days of two groups of rival readings, at most
REVISION_REACH = 92  # days between the two dates: an extension by a quarter is common, by more rare
REVISION_SAME = 0.4  # word likeness (`likeness`) that makes two sentences surely about the same thing


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
    words: frozenset[str]
    explicit: bool  # the text names the deadline ("deadline", "expires", "ultimatum", "due")
    arrived: str  # when its document was stored (ingested_at), for the deadline's first report
    written: dt.date  # its document's date (the anchor of its relative dates)
    members: list[_Candidate] = field(default_factory=list)
    length: str | None = None  # a count's length as a TIMEX3 value ("P50D"), None for a stated date
    refers_to: str | None = None  # "the 50-day ultimatum": the length (P50D) of one set elsewhere, dated by it
    extends: str | None = None  # "extended the truce by 90 days": the length added to the date it moves
    voids: frozenset[dt.date] = frozenset()  # days its document says a deadline no longer holds on
    void: bool = False  # no deadline: the word that the one on `due` no longer holds (Candidate.void)
    clause: frozenset[str] | None = field(default=None, compare=False)  # _clause_words, worked out once
    # its document is undated and its anchor a guess (the date of a source it shares most with, the file's time)
    guessed: bool = False


Reading = _Candidate  # what merging works on: a candidate with its document's source, family and arrival
LOOSE_MONTH = 3  # days a count in months may be off by from one in days: a month is 28 to 31 days
GUESSED = frozenset({"corroborating source", "file time"})  # anchors that are a guess at an undated document's date
_YEAR = re.compile(r"\b\d{4}\b")


def candidates_of(document: dict, found: list[Candidate], anchor: Anchor) -> list[_Candidate]:
    """One document's stored candidates, with what merging needs of the document (source, family, arrival)."""
    family, source, arrived = document.get("duplicate_of") or document["id"], source_name(document), \
        document.get("ingested_at") or ""
    return [_Candidate(
        due=c.due, due_end=c.due_end, due_text=c.due_text, approximate=c.approximate or anchor.approximate,
        anchor=c.anchor, citation=Citation(document["id"], source, c.quote, c.start, c.end), family=family,
        source=source, words=c.words, explicit=c.explicit, arrived=arrived, written=c.written, length=c.length,
        refers_to=c.refers_to, extends=c.extends, voids=frozenset(dt.date.fromisoformat(d) for d in c.voids),
        void=c.void, guessed=anchor.basis in GUESSED)
        for c in found]


def find_deadlines(documents: list[dict], sentences: list[dict], anchors: dict[str, Anchor], *,
                   today: dt.date, limit: int = 5, upcoming_first: bool = False) -> list[Deadline]:
    """Deadlines of one story, soonest first, each cited; at most `limit`, the best-supported kept.

    Reads the sentences' dates afresh (callers without stored facts: tests, the answer engine).
    """
    from summarizer.facts.deadlines import document_candidates

    by_id = {d["id"]: d for d in documents}
    candidates: list[_Candidate] = []
    for s in sentences:
        doc, anchor = by_id.get(s["document_id"]), anchors.get(s["document_id"])
        if doc is not None and anchor is not None:
            candidates += candidates_of(doc, document_candidates(doc, [s], anchor), anchor)
    return merge_deadlines(candidates, today=today, limit=limit, upcoming_first=upcoming_first)


def merge_deadlines(candidates: list[_Candidate], *, today: dt.date, limit: int = 5,
                    upcoming_first: bool = False) -> list[Deadline]:
    """The candidates of one story merged into deadlines, soonest first; at most `limit`, the best-supported kept.

    `upcoming_first` keeps every upcoming one before any passed one, however well supported:
    what reminders are planned from, so a long story's past deadlines cannot crowd out a new one.
    """
    groups = [g for g in merge_groups(candidates) if not _stale_guess(g, today)]
    items = [_deadline(group, today) for group in groups]
    ranked = sorted(zip(groups, items), key=lambda gi: (upcoming_first and gi[1].status in ("passed", "void"),
                                                       -_support(gi[0]), gi[1].due or "9999"))[:limit]
    return sorted((item for _, item in ranked), key=lambda d: (d.status == "passed", d.due or "9999"))


def _stale_guess(group: list[_Candidate], today: dt.date) -> bool:
    """A deadline only undated documents give, counted from a guess at their date, that falls before today.

    "gave the board until Friday" in an undated article dated by an older source of its story is a Friday
    weeks ago, though the article may be this week's: no deadline to show, passed or live. A date that
    names its year ("June 30, 2025") holds whatever the guess.
    """
    live = [c for c in group if not c.void]
    return bool(live) and all(c.guessed and not _YEAR.search(c.due_text) and (c.due_end or c.due) < today
                              for c in live)


def merge_groups(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Candidates grouped into deadlines: same reading joined, rival readings together."""
    return _merge(extended(_referred(candidates)))


_UNIT_DAYS = {"D": 1, "W": 7, "M": 30.44, "Y": 365.25}
_LENGTH = re.compile(r"^P(\d+(?:\.\d+)?)([DWMY])$")


def same_length(a: str, b: str) -> bool:
    """Two lengths (TIMEX3 values) that name one count: equal, or a month and 30 days, three months and 90 days."""
    if a == b:
        return True
    ma, mb = _LENGTH.match(a), _LENGTH.match(b)
    if not (ma and mb):
        return False
    days = [float(m.group(1)) * _UNIT_DAYS[m.group(2)] for m in (ma, mb)]
    return abs(days[0] - days[1]) <= LOOSE_MONTH


def _referred(candidates: list[_Candidate]) -> list[_Candidate]:
    """A mention of a deadline set elsewhere ("Trump's 50-day ultimatum") takes the date of the one it names,
    a count of the same length that says when it started; with none, its own count from the article's
    date stands, approximate (the deadline was set that day or before)."""
    set_ = [c for c in candidates if c.refers_to is None]
    out = list(set_)
    for c in candidates:
        if c.refers_to is not None:
            named = [o for o in set_ if o.length and same_length(o.length, c.refers_to)]
            best = min(named, key=lambda o: (o.family != c.family, o.approximate, o.due)) if named else None
            out.append(dataclasses.replace(c, due=best.due, due_end=best.due_end, anchor=best.anchor,
                                           approximate=best.approximate or c.approximate) if best
                       else dataclasses.replace(c, approximate=True))
    return out


def extended(candidates: list[_Candidate], older: list[_Candidate] | None = None) -> list[_Candidate]:
    """"Extended the truce by 90 days" is 90 days after the date it moves, one an earlier sentence gives (of
    `candidates`, or of `older` ones) that it is surely about (`revision`); with none, it is no deadline:
    90 days from the article's date could be off by as much as the truce had left to run."""
    from summarizer.facts.deadlines import add_length

    dated = [c for c in candidates if c.extends is None]
    pool = dated + [c for c in older or () if c.extends is None]
    out = list(dated)
    for c in candidates:
        if c.extends is None:
            continue
        moved = [(score, o) for o in pool if (score := revision(o, c)) >= REVISES]
        if moved:
            old = max(moved, key=lambda so: (so[0], so[1].written))[1]
            out.append(dataclasses.replace(c, due=add_length(old.due, c.extends), anchor=old.due,
                                           approximate=old.approximate))
    return out


def _merge(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Items: candidates giving the same date for the same thing, joined with rival readings of it."""
    groups: list[list[_Candidate]] = []
    # Candidates come in date order, so a group covers a day of the next one's exactly when the last day of
    # one of its members is that one's first day or later: the groups still "open" (a heap drops the others).
    open_until: list[dt.date] = []  # per group: the last day its members cover
    still_open: set[int] = set()
    closing: list[tuple[dt.date, int]] = []
    readings: list[dict[tuple, _Candidate]] = []  # per group: one member of each distinct reading
    for c in sorted(candidates, key=lambda c: (c.due, c.citation.document_id, c.citation.start)):
        while closing and closing[0][0] < c.due:
            _, g = heapq.heappop(closing)
            if open_until[g] < c.due:
                still_open.discard(g)
        home = next((g for g in sorted(still_open)
                     if any(_same_reading(c, o) for o in readings[g].values())), None)
        if home is None:
            groups.append([c])
            readings.append({})
            open_until.append(c.due_end or c.due)
            home = len(groups) - 1
        else:
            groups[home].append(c)
            open_until[home] = max(open_until[home], c.due_end or c.due)
        readings[home].setdefault((c.due, c.due_end, c.words), c)  # the same dates and words read the same
        still_open.add(home)
        heapq.heappush(closing, (open_until[home], home))
    sets = DisjointSet(len(groups))
    first = [min(c.due for c in g) for g in groups]  # groups were made in date order
    ats = [{_at(c) for c in g} for g in groups]  # worked out once per group, not per pair compared
    readings = [_distinct(g) for g in groups]
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            if (first[j] - first[i]).days > GROUPS_APART:  # rivals are at most 21 days apart, periods at most a month
                break
            if not sets.same(i, j) and not ats[i] & ats[j] and _rival_readings(readings[i], readings[j]):
                sets.union(i, j)
    # A date moved joins the one it replaced, a quarter apart or less: read from the few readings that say so.
    movers = [[c for c in r if may_move(c)] for r in readings]
    reach = dt.timedelta(days=REVISION_REACH)
    for j in (j for j, m in enumerate(movers) if m):
        for i in range(bisect.bisect_left(first, first[j] - reach), bisect.bisect_right(first, first[j] + reach)):
            if i != j and not sets.same(i, j) and not ats[i] & ats[j] and _revised(readings[i], readings[j],
                                                                                   movers[i], movers[j]):
                sets.union(i, j)
    return [_dedupe_sentences([c for i in members for c in groups[i]]) for members in sets.groups()]


def _days(c: _Candidate) -> list[dt.date]:
    last = c.due_end or c.due
    return [c.due + dt.timedelta(days=k) for k in range((last - c.due).days + 1)]


def _same_reading(a: _Candidate, b: _Candidate) -> bool:
    """Two sources (or sentences) giving the same date for the same thing."""
    if not (a.due == b.due or _overlaps(a, b)):
        return False
    if _stems_of(a.words).isdisjoint(_stems_of(b.words)):
        # Every test below needs a word in common, in some form: on a day many sentences of a large story give,
        # half the pairs compared have none (3,000 articles: 85k of 169k), and the tests cost far more.
        return False
    shared = a.words & b.words
    ratio = len(shared) / (len(a.words | b.words) or 1)
    if a.due != b.due and max(_span(a), _span(b)) > 7:
        # "a second strike later this month" covers the day the first one ends: a stretch of
        # weeks holds many events, and sharing a name and "strike" does not make them one.
        return ratio >= SAME_THING
    if ratio >= SAME_THING:
        return True
    # Words in common beyond the date's own ("by the end of the month" shares "end" and "month" with any other
    # sentence of that day), in any form ("proposed that they meet", "proposed a meeting"): three; two for the
    # same single day told in other words ("must sell its routes by Sunday", "the ban takes effect on 9 March
    # unless the routes are sold"); one for a day one article gives twice ("extended the deadline for the sale
    # to March 22", "the ban will now take effect on March 22 if the sale is not completed").
    when = _date_words(a, b)
    common = _stems_of(a.words - when) & _stems_of(b.words - when)
    one_day = a.due == b.due and not a.due_end and not b.due_end
    if len(common) >= 3 or one_day and len(common) >= 2:
        return True
    # One word for a day one article gives twice, when the clauses that give the day share it, or both say the day
    # ends something ("the truce due to end by March 31", "no deal by March 31"): "INS extended its deadline until
    # Tuesday" after "two days of negotiations", and "back tomorrow to continue our negotiations", are a deadline
    # and a meeting.
    return one_day and len(common) == 1 and a.citation.document_id == b.citation.document_id and (
        bool(common & _stems_of(_clause_words(a)) & _stems_of(_clause_words(b))) or _ends(a) and _ends(b))


def shared_terms(words: frozenset[str]) -> frozenset[str]:
    """The stems `_same_reading` can find in common with another reading's: of the words that do not only say
    when. Two readings with fewer than two of these in common, a fifth of their words and three words, are
    neither one reading nor rivals (`_rival_readings`): what the deadline index asks the store first."""
    return _stems_of(words - _when_of(words))


@functools.lru_cache(maxsize=65_536)
def _stems_of(words: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in words)


_WHEN_WORDS = frozenset("today tomorrow week month year day days deadline midnight noon end beginning start "
                        "early late mid".split())


def _date_words(*cands: _Candidate) -> frozenset[str]:
    """Words that only say when (weekday and month names, the day's number): no evidence of the same thing."""
    return frozenset().union(*(_when_of(c.words) | _days_of(c) for c in cands))


@functools.lru_cache(maxsize=65_536)
def _when_of(words: frozenset[str]) -> frozenset[str]:
    """Worked out once per sentence's words: each pair of candidates compared asks again."""
    return frozenset(w for w in words if w in MONTHS or w in WEEKDAYS or w in _WHEN_WORDS)


def _span(c: _Candidate) -> int:
    return ((c.due_end or c.due) - c.due).days


def _rivals(a: list[_Candidate], b: list[_Candidate]) -> bool:
    """Different dates for one thing: close in time, from other sentences, and clearly about the same.

    Sharing a figure ("50 days") is strong evidence; otherwise most words must be shared.
    """
    if {_at(x) for x in a} & {_at(y) for y in b}:
        return False  # one sentence with two dates names two things
    return _rival_readings(_distinct(a), _distinct(b))


def _rival_readings(a: list[_Candidate], b: list[_Candidate]) -> bool:
    for x in a:
        for y in b:
            gap = abs((x.due - y.due).days)
            if x.void or y.void or gap == 0 or gap > 21 or _end_then_start(x, y) or _written_after(x, y):
                continue
            shared = x.words & y.words
            overlap = len(shared) / ((len(x.words) + len(y.words) - len(shared)) or 1)
            if overlap >= SAME_THING:  # below it neither test can hold
                figures = {w for w in shared if w[0].isdigit() and not re.fullmatch(r"(?:19|20)\d\d", w)}
                figures -= _day_numbers(x, y)
                if (figures and overlap >= (SAME_THING if gap <= 7 else 0.3)) or (gap <= 7 and overlap >= 0.4):
                    return True
            # "technical talks would resume on Oct 21 in Brussels, and ..." against "technical talks would
            # resume on Oct. 22": the rest of each sentence differs, the clauses that date the event do not.
            cx, cy = _clause_words(x), _clause_words(y)
            if gap <= 3 and len(cx & cy) >= 3 and len(cx & cy) / (len(cx | cy) or 1) >= 0.5:
                return True
    return False


def revision(old: _Candidate, new: _Candidate) -> float:
    """How sure (0 to 1) that `new`, from a later article, gives a new date for the deadline `old` gives.

    Evidence, weighed rather than required all at once: a word in the newer sentence that says the
    date moved ("extended", "postponed", "pushed back") or only that it is now another ("will now",
    "instead"), which counts half; how alike the two sentences are in what they are about (`likeness`);
    and whether what the newer one says moved ("extended [the comment period on the draft rules] to
    July 10") is what the older one dates: one regulator's two deadlines share the regulator's name,
    not the thing that is due.
    """
    if old.void or new.void:
        return 0.0  # the word that a date no longer holds gives no date to move to
    if old.due in new.voids and new.written > old.written and new.family != old.family:
        return 1.0  # given next to "the March 20 deadline no longer applies": the date that replaced it
    cue = _cue(new.citation.quote)
    if (not cue or new.written <= old.written or new.due == old.due or new.family == old.family
            or abs((new.due - old.due).days) > REVISION_REACH
            or (old.due_end or old.due) < new.written - dt.timedelta(days=7)):  # long over: a new round
        return 0.0
    moved = _moved_words(new.citation.quote, new.due_text) - _days_of(old) - _days_of(new)
    # Too few words to tell what moved is no evidence either way.
    named = len(moved & _topic_roots(old.words)) / len(moved) if len(moved) >= 2 else 0.75
    # Alike sentences, unless what moved is not in the older one; or what moved named in full, in a sentence
    # about more besides ("extend their tariff truce by 90 days" and "the tariff truce expires on July 9").
    same = max(min(1.0, likeness(old, new) / REVISION_SAME) * min(1.0, 0.25 + named), named ** 2 if moved else 0.0)
    return cue * same


def may_move(c: _Candidate) -> bool:
    """Whether a reading may give a moved date: its sentence says so, or its article says an older one is void.
    `revision` is 0 unless the newer reading may."""
    return bool(c.voids) or bool(_cue(c.citation.quote))


@functools.lru_cache(maxsize=65_536)
def _cue(quote: str) -> float:
    """1 for a sentence that says a date moved, 0.5 for one that only says it is now another, else 0."""
    return 1.0 if _MOVED_CUE.search(quote) else 0.5 if REVISED.search(quote) else 0.0


@functools.lru_cache(maxsize=65_536)
def _moved_words(quote: str, due_text: str) -> frozenset[str]:
    """The roots of what a sentence says moved, with what it is for ("until March 27 [to write new language]"):
    the object of a verb that moved it ("pushed back [their deadline, giving lawmakers] until March 27"), not
    who did; else what comes before the date ("[the pension vote] was brought forward to", "[the ban] will now
    take effect on")."""
    at = quote.find(due_text)
    if at < 0:
        return _topic_roots(frozenset(content_words(quote)))
    purpose = re.match(r"\s+(?:to|for)\s+[^,;.]*", quote[at + len(due_text):])
    cues = list(_MOVED_VERB.finditer(quote, 0, at))
    words = set()
    if cues and not _BE_BEFORE.search(quote, 0, cues[-1].start()):
        words = content_words(quote[cues[-1].end():at])
    if len(words) < 2:
        words = content_words(quote[:at])
    return _topic_roots(frozenset(words | content_words(purpose.group() if purpose else "")))


def likeness(a: _Candidate, b: _Candidate) -> float:
    """How much two sentences share of what they are about (0 to 1): their words' roots, the dates left out."""
    days = _days_of(a) | _days_of(b)
    ra, rb = _topic_roots(a.words) - days, _topic_roots(b.words) - days
    return 2 * len(ra & rb) / ((len(ra) + len(rb)) or 1)


def _days_of(c: _Candidate) -> frozenset[str]:
    return _day_numbers_of(c.due_text, c.due.day)


@functools.lru_cache(maxsize=65_536)
def _topic_roots(words: frozenset[str]) -> frozenset[str]:
    """The roots of the words, without those that only say when (weekday and month names, "week")."""
    return frozenset(_root(w) for w in words if not (w in MONTHS or w in WEEKDAYS or w in _WHEN_WORDS))


def may_revise(c: _Candidate, words: frozenset[str], due: dt.date) -> bool:
    """Whether a candidate of these words and date can be one `c` moves, or one that moves `c`: near enough in
    time and alike enough in words for `revision` (a looser test, for what to read in full)."""
    if abs((due - c.due).days) > REVISION_REACH:
        return False
    days = _days_of(c) | {str(due.day)}
    ra, rb = _topic_roots(c.words) - days, _topic_roots(words) - days
    shared = len(ra & rb)  # what moved named in full takes two words at least; alike sentences, a fifth of them
    return shared >= 2 or 2 * shared / ((len(ra) + len(rb)) or 1) >= 0.8 * REVISES * REVISION_SAME


@functools.lru_cache(maxsize=65_536)
def _root(word: str) -> str:
    """"Canada's" is "canada", "banned" and "ban", "takes" and "take" one word."""
    w = stem(re.sub(r"['’]s$", "", word))
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def _revised(a: list[_Candidate], b: list[_Candidate], a_movers: list[_Candidate] | None = None,
             b_movers: list[_Candidate] | None = None) -> bool:
    """Whether a reading of one group moves the date of one of the other (either way round); `*_movers`, the
    readings of each that say a date moved, when known."""
    a_movers = [c for c in a if may_move(c)] if a_movers is None else a_movers
    b_movers = [c for c in b if may_move(c)] if b_movers is None else b_movers
    return (any(revision(x, y) >= REVISES for x in a for y in b_movers)
            or any(revision(y, x) >= REVISES for y in b for x in a_movers))


def _clause_words(c: _Candidate) -> frozenset[str]:
    """The words of the clause that gives the date (no day numbers): what the date is the date of."""
    if c.clause is None:
        from summarizer.facts.spans import clause_around

        at = c.citation.quote.find(c.due_text)
        c.clause = frozenset(content_words(clause_around(c.citation.quote, (at, at + len(c.due_text))))
                             if at >= 0 else ())
    return c.clause


def _ends(c: _Candidate) -> bool:
    """Whether the reading's day is when something ends or is due by ("by March 31", "the truce expires")."""
    from summarizer.facts.spans import marks_an_end

    at = c.citation.quote.find(c.due_text)
    return at >= 0 and marks_an_end(c.citation.quote, (at, at + len(c.due_text)))


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
    first, second = (y, x) if y.written < x.written else (x, y)  # as a stable sort by `written` orders them
    return second.written >= first.due


def _end_then_start(x: _Candidate, y: _Candidate) -> bool:
    """"No deal by March 31" and "duties from April 1" agree: one period ends, the next begins."""
    first, second = (y, x) if y.due < x.due else (x, y)  # as a stable sort by `due` orders them
    return (second.due - first.due).days == 1 and bool(
        re.search(r"\b(?:from|as of|starting|beginning)\s+$", _before(second))
        or re.search(r"\b(?:by|until|till|through)\s+$", _before(first)))  # not "on": "expires on" a day apart disagree


def _before(c: _Candidate) -> str:
    quote = c.citation.quote
    at = quote.find(c.due_text)
    return quote[max(0, at - 20) : at] if at >= 0 else ""


def _day_numbers(*cands: _Candidate) -> set[str]:
    """Numbers that only spell the dates themselves ("September 2"), not a shared figure ("50 days")."""
    return set().union(*(_days_of(c) for c in cands))


@functools.lru_cache(maxsize=65_536)
def _day_numbers_of(due_text: str, day: int) -> frozenset[str]:
    spelled = () if re.search(r"day|week|month|year", due_text, re.I) else re.findall(r"\d+", due_text)
    return frozenset({str(day), *spelled})


def _overlaps(a: _Candidate, b: _Candidate) -> bool:
    """Whether two readings can be the same day: their days meet, or a count in months ("paused for one month
    from Monday") lands within a few days of the other's ("a 30-day pause agreed Monday")."""
    slack = dt.timedelta(days=LOOSE_MONTH if _in_months(a) or _in_months(b) else 0)
    return a.due <= (b.due_end or b.due) + slack and b.due <= (a.due_end or a.due) + slack


def _in_months(c: _Candidate) -> bool:
    return bool(c.length and c.length[-1] in "MY" and c.approximate)


def _dedupe_sentences(group: list[_Candidate]) -> list[_Candidate]:
    seen: dict[tuple[str, int], _Candidate] = {}
    for c in group:
        key = (c.citation.document_id, c.citation.start)
        if key not in seen or (c.due_end is None and seen[key].due_end is not None):
            seen[key] = c
    return list(seen.values())


def _support(group: list[_Candidate]) -> float:
    return len({c.family for c in group if not c.void}) + 0.5 * any(c.explicit and not c.void for c in group)


def _deadline(group: list[_Candidate], today: dt.date) -> Deadline:
    voids = [c for c in group if c.void]
    group = [c for c in group if not c.void] or voids  # only the word that it no longer holds: that deadline
    by_due: dict[dt.date, list[_Candidate]] = {}
    for c in group:
        by_due.setdefault(c.due, []).append(c)
    # A day no longer holds when a report says so and none newer gives it again ("the March 20 deadline no
    # longer applies"; a later "bids are due on March 20" revives it).
    lifted = {day: found for day, members in by_due.items()
              if (found := [v for v in voids if v.due == day and v.written >= max(c.written for c in members)])}
    # A day still standing before one that no longer holds; then the date most independent sources give
    # wins, exact dates before approximate ones.
    ranked = sorted(by_due.items(), key=lambda kv: (kv[0] in lifted, -len({c.family for c in kv[1]}),
                                                    all(c.approximate for c in kv[1]), kv[0]))
    # A newer report that says the date was moved supersedes the older readings, however many sources
    # gave those: "as early as March 3" and, days later, "revised the date to March 8" is 8 March; so
    # does every reading written before that report ("by Sunday", "on 8 March"), and a later move again
    # supersedes that one.
    superseded: list[tuple[dt.date, list[_Candidate]]] = []
    moved = True
    while moved:
        moved = False
        for k, (other_due, members) in enumerate(ranked[1:], start=1):
            newest = max(c.written for _, ms in ranked[:k] for c in ms)
            replaced = {d for d, _ in ranked[:k]}
            revisers = [c.written for c in members if c.written > newest
                        and (REVISED.search(c.citation.quote) or c.voids & replaced)]
            if revisers:
                at, rest = min(revisers), ranked[k + 1:]
                superseded += ranked[:k] + [r for r in rest if all(c.written < at for c in r[1])]
                ranked = [ranked[k]] + [r for r in rest if not all(c.written < at for c in r[1])]
                moved = True
                break
    standing = [r for r in ranked if r[0] not in lifted]
    if standing and ranked[0][0] in lifted:  # a move to a day since dropped: the day still standing
        ranked = standing[:1] + [r for r in ranked if r is not standing[0]]
    due, main = ranked[0]
    # The sentence that set it leads, not a later one naming it ("the 48-hour deadline would not be extended").
    lead = sorted(main, key=lambda c: (c.refers_to is not None, not c.explicit, c.approximate,
                                       c.citation.document_id))[0]
    conflicts = []
    for other_due, members in ranked[1:]:
        if other_due in lifted:  # no rival: a date dropped, shown as the one this replaced
            conflicts.append(_conflict(other_due, members) | {"superseded": True, "void": True})
            continue
        if any(_overlaps(m, lead) for m in members):
            main = main + members  # "next week" and "on Monday" of that week agree
            continue
        conflicts.append(_conflict(other_due, members))
    # the date it replaced first, then the one before that
    for old_due, members in sorted(superseded, key=lambda r: max(c.written for c in r[1]), reverse=True):
        if old_due != due:
            conflicts.append(_conflict(old_due, members) | {"superseded": True})
    first = min(group, key=lambda c: (c.arrived or "~", c.citation.document_id, c.citation.start))
    end = lead.due_end
    status = "void" if due in lifted else "passed" if (end or due) < today else \
        "today" if due <= today <= (end or due) else "upcoming"
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
        voided_by=[c.citation for c in _one_per_family(lifted.get(due, []))],
    )


deadline_of = _deadline  # one merged group as a deadline, as of a day
# what bot.deadline_index merges with, as documents arrive
same_reading, rival_readings, dedupe_sentences, revised = _same_reading, _rival_readings, _dedupe_sentences, _revised


def _conflict(due: dt.date, members: list[_Candidate]) -> dict:
    """Another date for the deadline, as the Deadline lists it: one citation per source family."""
    cited = _one_per_family(members)
    return {"due": due.isoformat(), "due_text": cited[0].due_text, "approximate": all(c.approximate for c in members),
            "sources": sorted({c.source for c in members}), "citations": [vars(c.citation) for c in cited]}


def _one_per_family(members: list[_Candidate]) -> list[_Candidate]:
    seen, out = set(), []
    # in an order of their own, not that of the merge: a briefing and the deadline index list them alike
    for c in sorted(members, key=lambda c: (c.refers_to is not None, not c.explicit, c.approximate,
                                            c.citation.document_id, c.citation.start)):
        if c.family not in seen:
            seen.add(c.family)
            out.append(c)
    return out
