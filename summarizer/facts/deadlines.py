"""Deadline candidates: what one document says is due, by when, resolved against its anchor date.

Each body sentence is read with the time-expression resolver against its
document's anchor date. A future date (or a duration that ends somewhere) in a
sentence that speaks of something due, scheduled or expiring becomes a candidate
deadline. A duration set by a dated event ("announced on Monday a 50-day
deadline") counts from that event, not from the article's date; so does the
end of a pause in force ("agreed Monday to a 30-day pause").

Everything here depends on one document and its anchor only, so it is worked out
once when the document is stored; merging candidates across sources is
`summarizer.briefing.deadlines`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from summarizer.dates.anchors import Anchor
from summarizer.dates.calendar import SEASON_START
from summarizer.dates.direction import MOVED_TO
from summarizer.dates.timex import Timex, find_timexes
from summarizer.text.datelines import dateline_length
from summarizer.text.words import content_words

_FORWARD = re.compile(
    r"\b(?:deadline|ultimatum|expir\w*|due|by|until|till|before|no later than|within|must|will|shall|would|should|"
    r"could|set to|scheduled|expected|plans?|planned|take[s]? effect|appl(?:y|ies)|into force|from|next|"
    r"resume[sd]?|start|begin|ends?|closes?|opens?|lapses?|runs? out|in|revised|postponed|rescheduled|"
    r"pushed back|moved|extended|delayed)\b", re.I)
# A date the sentence says is no longer the date: "originally scheduled for July 20, postponed to
# July 27", "extended from July 31 to September 30". Only the new one is due.
_SUPERSEDED = re.compile(r"\b(?:(?:originally|initially|previously|formerly|first)\s+(?:\w+\s+){0,2}|"
                         r"(?:was|were|had been)\s+(?:due|scheduled|expected|set|slated)\s+(?:to\s+\w+(?:\s+\w+)?\s+)?)"
                         r"(?:for|on|to|by|until|in)\s+(?:the\s+)?$", re.I)
_WAS_DUE = re.compile(r"\b(?:was|were|had been) (?:due|scheduled|expected|set)\b", re.I)
_NOW_INSTEAD = re.compile(r"\b(?:will|would|is|are) now\b|\bnow (?:due|set|scheduled|expected|planned)\b|\binstead\b",
                          re.I)
_REPLACED = re.compile(r"\b(?:instead of|rather than)\s+(?:the\s+)?$", re.I)
_MOVED_FROM = re.compile(r"\b(?:extend|postpone|delay|move|push|bring|brought|shift|reschedul|defer|advanc|pull)\w*"
                         r"\b[^.;]*?\bfrom\s+(?:the\s+)?$", re.I)
_TIME_LIMIT = re.compile(r"deadline|ultimatum|within|no(?:t)? later than|\bgiv(?:e|es|ing|en)\b|\bgave\b|expir|time limit|countdown|"
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
# A sentence that speaks of a deadline that is over: missed, expired, passed, or void ("the ruling means the
# March 20 deadline no longer applies"). One that says a date "was due" is over too, unless it gives the new
# date in the same breath ("had been due on Monday, will now take effect on March 22").
_VOID = (r"no longer (?:appl(?:y|ies)|stands?|holds?|in (?:force|effect))|is moot|"
         r"(?:was|were|has been|have been|had been) (?:(?:temporarily|indefinitely) )?(?:lifted|scrapped|dropped|"
         r"cancell?ed|called off|withdrawn|rescinded|voided|set aside|struck down|waived|suspended|halted|paused|"
         r"stayed|blocked|frozen|put on hold)")
# ...and told the other way round: "an appeals court suspended the March 20 deadline", "the chief justice halted
# Friday's deadline" (a past verb: "refused to lift the deadline" and "did not lift it" keep it).
_VOID_ACTIVE = (r"(?<!\bnot )(?<!n't )\b(?:suspended|halted|paused|stayed|blocked|froze|lifted|scrapped|cancell?ed|"
                r"rescinded|waived|voided|struck down|threw out)\s+(?:the|its|their|his|her|this|that|[\w-]+['’]s)\s+"
                r"(?:[\w,.'’-]+\s+){0,4}?(?:deadline|ultimatum|time limit)\b")
_OVER = re.compile(r"\bmissed\b|\bexpired\b|\bago\b|"
                   r"\b(?:deadline|ultimatum|time limit|truce|ceasefire)\b[^.;]{0,40}?"
                   rf"\b(?:passed|lapsed|elapsed|ran out|came and went|{_VOID})\b|{_VOID_ACTIVE}", re.I)
VOID_DATE_BEFORE = 30  # characters: "the [Friday, March 20] deadline ... no longer applies"
VOID_REACH = 2  # sentences between "the March 20 deadline no longer applies" and the date that replaces it
# A deadline said to hold no more: "the March 20 deadline no longer applies", "Friday's deadline was scrapped".
_VOIDED = re.compile(rf"\b(?:deadline|ultimatum|time limit)\b[^.;]{{0,40}}?\b(?:{_VOID})\b|{_VOID_ACTIVE}", re.I)
_DEADLINE_FIRST = re.compile(r"deadline|ultimatum|time limit", re.I)
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
_EXPLICIT = re.compile(r"deadline|ultimatum|expir|\bdue\b", re.I)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
MAX_AHEAD = dt.timedelta(days=5 * 366)


@dataclass
class Candidate:
    """A date one sentence of one document gives for something due, resolved against the document's anchor.

    `start`/`end` are the cited clause in the document text (`quote` is that slice); `approximate`
    is the reading's own (the anchor's is added when candidates are merged); `anchor` is what the
    date was counted from ("announced on Monday"), `written` the document's anchor date.
    """

    idx: int  # the sentence's index in its document
    start: int
    end: int
    quote: str
    due: dt.date
    due_end: dt.date | None
    due_text: str
    approximate: bool
    anchor: dt.date
    written: dt.date
    explicit: bool  # the text names the deadline ("deadline", "expires", "ultimatum", "due")
    words: frozenset[str]
    length: str | None = None  # a count's length as a TIMEX3 value ("P50D"), None for a stated date
    refers_to: str | None = None  # "the 50-day ultimatum": the length (P50D) of one set elsewhere, dated by it
    # "extended the truce by 90 days": the length (P90D) added to the date it moves, which another sentence gives
    # (until one does, `due` is counted from the article's date, and merging shows no deadline)
    extends: str | None = None
    # Days its document says a deadline no longer holds on, given next to this date ("giving lawmakers until
    # March 27 ..." beside "the March 20 deadline no longer applies"): this date replaces an older one on them.
    voids: tuple[str, ...] = ()
    # No deadline but the word that one no longer holds ("the March 20 deadline no longer applies", and no
    # date given to replace it): `due` is the day it no longer holds on. Merged with that deadline's readings,
    # it retires the deadline unless a newer report gives the day again.
    void: bool = False

    def to_json(self) -> list:
        return [self.idx, self.start, self.end, self.quote, self.due.isoformat(),
                self.due_end.isoformat() if self.due_end else None, self.due_text, self.approximate,
                self.anchor.isoformat(), self.written.isoformat(), self.explicit, sorted(self.words), self.length,
                self.refers_to, self.extends, list(self.voids), self.void]

    @classmethod
    def from_json(cls, row: list) -> Candidate:
        (idx, start, end, quote, due, due_end, due_text, approximate, anchor, written, explicit, words, length,
         refers_to, extends, *rest) = row
        voids, void = (rest + [[], False])[:2]
        day = dt.date.fromisoformat
        return cls(idx, start, end, quote, day(due), day(due_end) if due_end else None, due_text, approximate,
                   day(anchor), day(written), explicit, frozenset(words), length, refers_to, extends,
                   tuple(voids), bool(void))


def timex_to_json(t: Timex) -> list:
    return [t.start, t.end, t.text, t.type, t.value, t.direction, t.due.isoformat() if t.due else None, t.mod,
            t.approximate]


def timex_from_json(row: list, anchor: dt.date) -> Timex:
    start, end, text, type_, value, direction, due, mod, approximate = row
    return Timex(start, end, text, type_, value, anchor, direction, dt.date.fromisoformat(due) if due else None, mod,
                 approximate)


@functools.lru_cache(maxsize=50_000)
def sentence_timexes(text: str, anchor: dt.date) -> tuple[Timex, ...]:
    """The time expressions a deadline can come from: none in a sentence that speaks of a passed one.

    Cached: near-duplicate articles repeat sentences under the same date.
    """
    if _OVER.search(text) or _WAS_DUE.search(text) and not _NOW_INSTEAD.search(text):
        return ()
    return tuple(find_timexes(text, anchor))


def document_candidates(document: dict, sentences: list[dict], anchor: Anchor,
                        timexes: dict[int, tuple[Timex, ...]] | None = None) -> list[Candidate]:
    """Every candidate of one document (its sentences in order), given its anchor.

    `timexes`: each sentence's time expressions already resolved against `anchor.date`, by
    sentence index; worked out here when not given.
    """
    out: list[Candidate] = []
    voided: list[tuple[dict, Timex, bool]] = []
    for s in sentences:
        found = timexes.get(s["idx"], ()) if timexes is not None else sentence_timexes(s["text"], anchor.date)
        if found:
            out += sentence_candidates(document, s, anchor.date, found)
        if m := _VOIDED.search(s["text"]):  # its own dates are no deadline (`_OVER`): read here, rarely
            # the deadline's own date is the one in "the March 20 deadline no longer applies", not "on Thursday"
            # ("suspended the March 20 deadline" names it inside; "on Tuesday" before the verb is when)
            lo = m.start() - (VOID_DATE_BEFORE if _DEADLINE_FIRST.match(m.group()) else 0)
            voided += [(s, t, lo <= t.start < m.end())
                       for t in find_timexes(s["text"], anchor.date)
                       if t.type == "DATE" and re.fullmatch(r"\d{4}-\d\d-\d\d", t.value)]
    lifted = []
    for s, t, named in voided:
        # The date that replaces it is the one given nearest to where the article says it no longer holds.
        near = [c for c in out if c.due.isoformat() != t.value and abs(c.idx - s["idx"]) <= VOID_REACH]
        if near:
            best = min(near, key=lambda c: (abs(c.idx - s["idx"]), c.idx))
            out[out.index(best)] = replace(best, voids=tuple(sorted({*best.voids, t.value})))
        elif named:
            lifted.append(_void(document, s, t, anchor.date))
    return out + lifted


def voided_days(documents: list[dict], sentences: list[dict], anchors_of: Callable[[], dict[str, Anchor]]
                ) -> dict[dt.date, list[tuple[dict, Candidate]]]:
    """The days a deadline no longer holds on, by the reports that say so with no date to replace it:
    day -> [(document, void candidate)]. Only sentences that speak of a deadline no longer holding are read;
    `anchors_of()` gives the documents' anchors, asked for only when there is one."""
    by_id = {d["id"]: d for d in documents}
    out: dict[dt.date, list[tuple[dict, Candidate]]] = {}
    found = [s for s in sentences if s["document_id"] in by_id and _VOIDED.search(s["text"])]
    anchors = anchors_of() if found else {}
    for s in found:
        document, anchor = by_id[s["document_id"]], anchors.get(s["document_id"])
        if anchor is None:
            continue
        for c in document_candidates(document, [s], anchor):
            if c.void:
                out.setdefault(c.due, []).append((document, c))
    return out


def _void(document: dict, sentence: dict, t: Timex, anchor: dt.date) -> Candidate:
    """The word that the deadline on `t`'s day no longer holds, with none to replace it, as a candidate."""
    text = sentence["text"]
    start, end = sentence["start"] + dateline_length(text), sentence["end"]
    return Candidate(
        idx=sentence["idx"], start=start, end=end, quote=document["text"][start:end],
        due=dt.date.fromisoformat(t.value), due_end=None, due_text=t.text, approximate=False, anchor=anchor,
        written=anchor, explicit=True, words=frozenset(content_words(text) | set(_NUMBER.findall(text))), void=True)


def sentence_candidates(document: dict, sentence: dict, anchor: dt.date, timexes: tuple[Timex, ...]
                        ) -> list[Candidate]:
    text = sentence["text"]
    events = [e for e in (_event_day(t, anchor) for t in timexes) if e is not None]
    # A date the sentence states ("expires on September 2") beats our own count of a duration in it.
    stated = any(t.type == "DATE" and _DAY.match(t.value) and t.value[:10] > anchor.isoformat() for t in timexes)
    counted = _counted_from_a_date(text, timexes, anchor)
    found = []
    words: frozenset[str] | None = None
    for t in timexes:
        if stated and t.type == "DURATION" and id(t) not in counted:
            continue
        if _superseded(text, t, timexes) or any(start is t for start, _ in counted.values()):
            continue  # the day a count starts from is shown as the count's deadline
        if _IN_DOUBT.search(text[:t.start]):
            continue  # "it is not clear whether they will agree before the end of the year": an open question
        extends = t.value if t.type == "DURATION" and _DURATION.match(t.value) and _EXTENDED_BY.search(
            text, max(0, t.start - 80), t.start) else None
        pause = (t.type == "DURATION" and not extends and id(t) not in counted and bool(_DURATION.match(t.value))
                 and _is_pause(text, t))
        if pause:
            events = _pause_start(text, t, timexes, anchor)
        if id(t) in counted:
            due, due_end, approximate = add_length(counted[id(t)][1], t.value), None, True
        elif extends:
            due, due_end, approximate = add_length(anchor, t.value), None, True
        elif pause:
            # a pause the sentence does not date began on the article's day or before it, and "a month" is no
            # count of days
            begun, approximate = events[0] if events else (anchor, True)
            due, due_end = add_length(begun, t.value), None
            approximate = approximate or t.approximate or not t.value.endswith("D")
        elif (resolved := _resolve(t, events, anchor)) is not None:
            due, due_end, approximate = resolved
            # "within 30 days of their publication", a day the text does not give: counted from the article's
            approximate = approximate or (t.type == "DURATION" and not events and bool(_COUNT_FROM.match(text, t.end)))
        else:
            continue
        if t.direction == "past" or not (anchor < due <= anchor + MAX_AHEAD or
                                         due == anchor and _LIMIT_BEFORE.search(text[:t.start])):
            # a reported event (even one of the article's own day, unless a limit falls on it: "until
            # Friday at noon" in Friday's paper), or too far off to be a deadline
            continue
        window = text[max(0, t.start - 60) : t.end + 40]
        if t.type == "DURATION":
            # "a demand for a 30-day truce" is a length, not a deadline; "a 30-day deadline", "within 30 days",
            # "has 48 hours to respond", "gave Russia 50 days on July 14", "agreed Monday to a 30-day pause" are.
            if not extends and (not (pause or _TIME_LIMIT.search(window)) or
                                (not events and _GIVEN_BEFORE.search(window))):
                continue
        elif not _FORWARD.search(window) and not MOVED_TO.search(text[max(0, t.start - 80):t.start]):
            # "postponed the National Assembly's vote on the pension reform bill to May 19": the verb that
            # moved it is further back than the window reaches
            continue
        # "said the 48-hour deadline would not be extended": one set earlier, on a day not given here.
        refers_to = t.value if (t.type == "DURATION" and not events and id(t) not in counted and _DEADLINE_NOUN.match(
            text, t.end) and _REFERS_BACK.search(text[max(0, t.start - 30):t.start] + t.text)) else None
        # "tariffs will be paused for a 30 day period" in a report after the pause was agreed: a pause the sentence
        # does not date is the one another report dates, when one does ("agreed Monday to a 30-day pause")
        refers_to = refers_to or (t.value if pause and not events else None)
        skip = dateline_length(text)
        start, end = sentence["start"] + skip, sentence["start"] + _clause_end(text, t.end)
        if words is None:
            words = frozenset(content_words(text) | set(_NUMBER.findall(text)))
        found.append(Candidate(
            idx=sentence["idx"], start=start, end=end, quote=document["text"][start:end], due=due, due_end=due_end,
            due_text=t.text, approximate=approximate,
            # What it was counted from: the event that set it ("announced on Monday"), else the document's date.
            anchor=counted[id(t)][1] if id(t) in counted else events[0][0] if t.type == "DURATION" and events
            and not extends else anchor, written=anchor, explicit=bool(_EXPLICIT.search(text)), words=words,
            length=t.value if t.type == "DURATION" else None, refers_to=refers_to, extends=extends,
        ))
    return found


# "agreed Monday to a 30-day pause", "will be paused for a 30 day period", "suspended the strike for 90 days":
# the length of a pause, truce or suspension in force. Its end is the day people watch (the measures come
# back, the strike may resume), counted from the day it began when the sentence dates that.
_PAUSE = re.compile(r"\b(?:paus\w*|suspen\w*|truce|cease-?fire|moratorium|freez\w*|froze|frozen|reprieve|"
                    r"h[oe]ld(?:ing)?\s+off|halt\w*|standstill|grace\s+period|cooling-off)\b", re.I)
# ...but not one that is only asked for, offered or refused: "rejected Kyiv's demand for a 30-day truce".
_ASKED_FOR = re.compile(r"\b(?:demand(?:s|ed)?\s+(?:for|an?)|propos(?:al|als|ed|es|ing)\s+(?:for|of|to|an?)|"
                        r"call(?:s|ed|ing)?\s+for|reject\w*|refus\w*|seek\w*|sought|urg\w*|offer\w*|want\w*|"
                        r"push(?:es|ed|ing)?\s+for|asks?|asked|whether|if|unless)\b", re.I)
# What puts a pause in force: a word that it was agreed, granted or ordered, or the pause told as a verb ("paused",
# "held off"). Without one it is only spoken of: "a two-year pause is the only responsible option".
_IN_FORCE = re.compile(r"\b(?:agree\w*|announc\w*|grant\w*|declar\w*|order\w*|impos\w*|approv\w*|accept\w*|"
                       r"confirm\w*|extend\w*|began|begins?|start\w*|took\s+effect|takes?\s+effect|in\s+effect|"
                       r"in\s+place|into\s+force|paus(?:es|ed|ing)|suspend(?:s|ed|ing)|halt(?:s|ed)|froze|frozen|"
                       r"freezes|h[oe]ld(?:s|ing)?\s+off|call(?:s|ed)\s+off)\b", re.I)
_MODAL = re.compile(r"\b(?:will|would|shall|to be)\b", re.I)
WINDOW_REACH = 100  # characters between a window and its length
PAUSE_REACH = 60  # characters between the pause word and its length: "paused ... for a 30 day period"


# A window that opened ("opened a 30-day comment period on Monday", "the consultation, which began on Monday, runs
# for 60 days") closes on a day as watched as a pause's end; one said to have closed is over.
_WINDOW = re.compile(r"\b(?:comment\s+period|consultation(?:\s+period)?|grace\s+period|window|cooling-off\s+period)\b",
                     re.I)
_OPENED = re.compile(r"\b(?:open(?:s|ed|ing)?|beg[iau]n\w*|launch\w*|start\w*|runs?|running|lasts?)\b", re.I)
_CLOSED = re.compile(r"\b(?:closed|ended|expired|shut)\b", re.I)


def _is_pause(text: str, t: Timex) -> bool:
    """The length of a pause in force ("a 30-day pause", "paused for a 30 day period") or of a window that opened
    ("opened a 30-day comment period"), not one asked for."""
    before, after = text[max(0, t.start - PAUSE_REACH):t.start], text[t.end:t.end + 25]
    if _ASKED_FOR.search(before):
        return False
    if _PAUSE.search(before) or _PAUSE.match(after.lstrip(" -")):
        return bool(_IN_FORCE.search(text))
    # the window is often the subject, a clause away: "the consultation, which began on Monday, runs for 60 days"
    subject = text[max(0, t.start - WINDOW_REACH):t.start]
    return bool((_WINDOW.search(subject) or _WINDOW.match(after.lstrip(" -"))) and _OPENED.search(text)
                and not _CLOSED.search(text))


def _pause_start(text: str, t: Timex, timexes: tuple[Timex, ...], anchor: dt.date) -> list[tuple[dt.date, bool]]:
    """The day a pause began, from the sentence: a reported day not tied to another act by a "will" before the
    pause ("the tariffs announced on Saturday will be paused for 30 days" began with the article, not Saturday)."""
    out = []
    for u in timexes:
        day = _event_day(u, anchor)
        if day is None:
            continue
        between = text[u.end:t.start] if u.end <= t.start else text[t.end:u.start]
        if not (u.end <= t.start and _MODAL.search(between)):
            out.append(day)
    return out


# "extended the truce by 90 days", "pushed the deadline back by two weeks": a length added to another date.
_EXTENDED_BY = re.compile(r"\b(?:extend|postpon|delay|push|defer|mov)\w*\b[^.;]{0,60}?\bby\s+(?:another\s+|a\s+further\s+)?$",
                          re.I)
_REFERS_BACK = re.compile(r"(?:\b(?:the|this|that|its|their|his|her)|\w['’]s)\s+[\w-]+$", re.I)
_DEADLINE_NOUN = re.compile(r"\s+(?:deadline|ultimatum|window|grace\s+period|clock)\b", re.I)
_COUNT_FROM = re.compile(r"\s+(?:of|after|from|following)\s+(?:the\s+|its\s+|their\s+)?[a-z]", re.I)


def _counted_from_a_date(text: str, timexes: tuple[Timex, ...], anchor: dt.date) -> dict[int, tuple[Timex, dt.date]]:
    """Counts that start on a day the sentence gives later: "takes effect within 7 days of publication
    in the Federal Register, which is expected on Thursday" is due seven days after Thursday, not on it;
    "no later than 90 days after the ruling, which was issued on June 30", 90 days after June 30.

    By id of the duration: (the date it counts from, that date's day).
    """
    out = {}
    for t in timexes:
        if t.type != "DURATION" or not _DURATION.match(t.value) or not _COUNT_FROM.match(text, t.end):
            continue
        start = next((u for u in timexes if u.start > t.end and u.type == "DATE" and _DAY.match(u.value)), None)
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
    # The new date may come after ("postponed from Monday to Friday") or before ("extended to September 30
    # from July 31", "now set for July 27, were originally scheduled for July 20"); a reported past day
    # ("On Monday, officials said the summit, originally scheduled for ...") is no new date.
    replacing = any(o.start > t.end or o.direction != "past" for o in others)
    return replacing and bool(_SUPERSEDED.search(before) or _MOVED_FROM.search(before))


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
            return add_to_day(event, int(float(m.group(1))), m.group(2)), None, approximate or t.approximate
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
        return add_to_day(first, months[0], "M"), add_to_day(first, months[1], "M") - dt.timedelta(days=1), True
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


def add_length(day: dt.date, length: str) -> dt.date:
    """The day a length in days, weeks, months or years ("P90D", a TIMEX3 value) after `day`."""
    m = _DURATION.match(length)
    return add_to_day(day, int(float(m.group(1))), m.group(2))


def add_to_day(day: dt.date, amount: int, unit: str) -> dt.date:
    """The day `amount` days, weeks, months or years (D, W, M, Y) after `day`."""
    if unit == "D":
        return day + dt.timedelta(days=amount)
    if unit == "W":
        return day + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "Y" else 1)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
