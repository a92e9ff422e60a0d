"""Find the publication date that a story's own copy states: its dateline or byline date.

Only a date in a dateline position counts: at the start of a line near the top
(after at most a place name, a weekday or a label such as "Published:"), in a
bracketed dateline, or as one segment of a byline ("By X | 20 July 2025"). A date
inside a sentence or a quotation is what the story is about, not when it was
written, and is ignored. Nothing found means None: the caller flags the document
as undated; we never fall back to "today".

Precedence: a "Published:"/"Posted:" line anywhere, then the first dateline in the
first 600 characters, then an "Updated:" line.

Year-less datelines ("KYIV, July 15 (Harbour Wire) -", the usual wire form) take
the latest year that does not put them after `reference`, the day the copy was
at hand (the file's time, or the ingest clock if earlier): "Dec 30" in a file of
3 January is last year's. A copyright line in the same text ("© 2025 Harbour
Wire", the last year of a range), else year_hint (Cleaned.copyright_year, for
text whose footer was already cleaned away), narrows the year to that one or the
one before (a footer shows the year the page was rendered). With no reference
and no copyright year they are skipped.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = ["PublishedDate", "find_published_date"]

HEAD_CHARS = 600
_MAX_PREFIX = 160


@dataclass(frozen=True)
class PublishedDate:
    date: datetime.date
    text: str  # the date expression as written, text[start:end]
    start: int
    end: int


_MONTH = (r"(?P<{0}>(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\.?")
_DAY = r"(?P<{0}>[0-3]?\d)(?i:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)"
_TIME = (r"(?:,?\s+(?i:at\s+)?\d{1,2}[:.]\d\d(?::\d\d)?(?:\s*(?i:[ap]\.?m\.?))?"
         r"(?:\s+(?:[A-Z]{2,5}|(?:UTC|GMT)[+-]\d{1,2}(?::?\d\d)?))?)?")
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<iso>\d{4}-\d\d-\d\d)(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    rf"|(?P<n1>\d{{1,2}})(?P<sep>[/.-])(?P<n2>\d{{1,2}})(?P=sep){_YEAR.format('ny')}"
    rf"|{_DAY.format('d1')}\s+{_MONTH.format('m1')},?\s+{_YEAR.format('y1')}"
    rf"|{_MONTH.format('m2')}\s+{_DAY.format('d2')},?\s+{_YEAR.format('y2')}"
    rf"|{_MONTH.format('m3')}\s+{_DAY.format('d3')}(?![\d,]*\s*(?:19|20)\d\d)"
    rf"|{_DAY.format('d4')}\s+{_MONTH.format('m4')}(?!,?\s*(?:19|20)\d\d)"
    rf"){_TIME}(?![\w/])"
)

_WEEKDAY = (r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
            r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?")
_PLACE = r"[A-Z][\w.'’-]*(?:[ /][A-Z][\w.'’-]*){0,3}"
_PUBLISHED_LABEL = r"(?i:(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|date\s+published|publication\s+date)"
_UPDATED_LABEL = r"(?i:(?:last\s+)?updated(?:\s+on)?|modified)"
_LABEL = rf"(?:{_PUBLISHED_LABEL}|{_UPDATED_LABEL}|(?i:date|dated|on))"
# What may stand between the start of a line and a dateline's date.
# "Posted at 4:15 PM, March 6, 2025": the time may come between the label and the date.
_AT_TIME = r"(?i:at)[ \t]+\d{1,2}[:.]\d\d(?:[ \t]*(?i:[ap]\.?m\.?))?(?:[ \t]+[A-Z]{2,5})?[ \t]*,?[ \t]*"
# "LINDMARK,S.T, Mar 5, (Nordpost) -": a place and its state, glued to their commas.
_PREFIX = re.compile(
    rf"[ \t]*[\[(]?[ \t]*(?P<label>{_LABEL}\b[ \t]*:?[ \t]*)?(?:{_AT_TIME})?(?:{_PLACE}[ \t]*[,/-][ \t]*){{0,2}}"
    rf"(?:{_WEEKDAY}[ \t]*,?[ \t]*)?")
# ...or the date is one segment of a byline: "By Anna Petrova | 20 July 2025",
# "Asia-Europe Trade Monitor — Thursday, October 16, 2025".
_BYLINE_SEGMENT = re.compile(rf"[^\"“”«»\n]{{0,100}}[ \t][|·•/–—-][ \t]*(?:{_WEEKDAY}[ \t]*,?[ \t]*)?")
_BYLINE = re.compile(r"(?i:\bby\s+)[A-Z]")
# What may follow it on the same line: nothing, a bracket, a separator, "(Outlet) -", "(Outlet)", "Moscow:".
_SUFFIX = re.compile(
    rf"[ \t]*(?:$|[\])]|[|·•/:;–—-]|,?[ \t]*\([^()\n]{{1,40}}\)[ \t]*(?:[-–—:]|$)|{_PLACE}[ \t]*[:–—-])", re.M)
# "September 2, 2025 - a date both sides accept": a dash into lower case continues a sentence;
# a dateline's dash is followed by the story's first sentence.
_CONTINUES = re.compile(r"[ \t]*[–—-][ \t]*[a-z]")
_LABEL_LINE = re.compile(rf"^[ \t]*[\[(]?[ \t]*(?:{_PUBLISHED_LABEL}|{_UPDATED_LABEL})", re.M)
_COPYRIGHT_YEAR = re.compile(r"(?i:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d\s*[-–]\s*)?((?:19|20)\d\d)\b")
_SENTENCE_END = re.compile(r"[.!?:;][\"”’')\]]*$")


def _month_day(m: re.Match) -> tuple[str, str, str | None]:
    for i in "1234":
        if m.group(f"m{i}"):
            year = m.group(f"y{i}") if i in "12" else None
            return m.group(f"m{i}"), m.group(f"d{i}"), year
    raise ValueError("not a month-name date")


def _year_for(month: str, day: str, copyright: int | None, reference: datetime.date | None) -> datetime.date | None:
    """The day of a year-less date: the latest plausible year not after `reference` (2 days' slack for time zones)."""
    years = [copyright, copyright - 1] if copyright else [reference.year, reference.year - 1] if reference else []
    dates = []
    for year in years:
        try:
            dates.append(datetime.datetime.strptime(f"{int(day)} {month[:3].title()} {year}", "%d %b %Y").date())
        except ValueError:
            continue  # 29 February of a common year
    fitting = [d for d in dates if reference is None or d <= reference + datetime.timedelta(days=2)]
    return (fitting or dates or [None])[0]


def _parse(m: re.Match, *, byline: bool, year_fallback: int | None,
           reference: datetime.date | None = None) -> datetime.date | None:
    try:
        if m.group("iso"):
            # The date as written in its own offset: a story filed late on the 22nd in
            # New York was published on the 22nd, whatever UTC says.
            return datetime.date.fromisoformat(m.group("iso"))
        if m.group("n1"):
            a, b, sep = int(m.group("n1")), int(m.group("n2")), m.group("sep")
            if a > 12 or (b <= 12 and sep == "."):
                day, month = a, b  # 23/07/2025, or 07.08.2025 written the European way
            elif b > 12 or byline:
                day, month = b, a  # 07/23/2025; a US byline writes month first
            else:
                return None  # 07/08/2025 outside a byline: ambiguous, do not guess
            return datetime.datetime.strptime(f"{day} {month} {m.group('ny')}", "%d %m %Y").date()
        month, day, year = _month_day(m)
        if year is None:
            return _year_for(month, day, year_fallback, reference)
        return datetime.datetime.strptime(f"{int(day)} {month[:3].title()} {year}", "%d %b %Y").date()
    except ValueError:
        return None  # 30 February and friends


class _Quotes:
    """Whether a position is inside a quotation opened earlier in its paragraph.

    Asked at increasing positions (the dates, in order), it counts each stretch of text
    once, so a huge paragraph with many dates costs no more than its length.
    """

    MARKS = ("\u201c", "\u201d", '"', "\u00ab", "\u00bb")

    def __init__(self, text: str):
        self.text = text
        self.at = 0  # counted up to here, from the start of the paragraph
        self.counts = dict.fromkeys(self.MARKS, 0)

    def inside(self, pos: int) -> bool:
        text = self.text
        brk = text.rfind("\n\n", max(self.at - 1, 0), pos)
        if brk >= 0:  # a new paragraph since the last position asked about
            self.at, self.counts = brk + 2, dict.fromkeys(self.MARKS, 0)
        stretch = text[self.at:pos]
        for mark in self.MARKS:
            self.counts[mark] += stretch.count(mark)
        self.at = pos
        c = self.counts
        return c["\u201c"] > c["\u201d"] or c['"'] % 2 == 1 or c["\u00ab"] > c["\u00bb"]


def _mid_sentence(text: str, line_start: int) -> bool:
    """True when the line continues a hard-wrapped sentence from the line above."""
    if line_start == 0:
        return False
    prev = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1].strip()
    return len(prev) >= 40 and not _SENTENCE_END.search(prev)


def _date_matches(text: str):
    """The dates that may be datelines, in order: those in the first HEAD_CHARS, then those near the
    start of a line that opens with a Published/Updated label (the only ones that count further down).
    Only there is the text scanned for dates: the date pattern is slow, and an archive is long."""
    last = -1
    for m in _DATE.finditer(text):
        if m.start() >= HEAD_CHARS:
            break
        last = m.start()
        yield m
    for label in _LABEL_LINE.finditer(text):
        for m in _DATE.finditer(text, label.start()):
            if m.start() - label.start() > _MAX_PREFIX:
                break
            if m.start() > last and m.start() >= HEAD_CHARS:
                last = m.start()
                yield m


def _candidates(text: str, year_fallback: int | None, reference: datetime.date | None = None):
    """(kind, PublishedDate) for every date in a dateline position; kind is published/dateline/updated.

    Linear in the text: nothing is searched further back than a dateline's prefix, and the
    quotation state is carried from one date to the next.
    """
    quotes = _Quotes(text)
    for m in _date_matches(text):
        window = max(0, m.start() - _MAX_PREFIX - 1)
        newline = text.rfind("\n", window, m.start())
        if newline < 0 and window > 0:
            continue  # deep inside a long line: never a dateline, and cheap to rule out
        line_start = newline + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end == -1 else line_end
        line = text[line_start:line_end]
        prefix = text[line_start:m.start()]
        suffix = text[m.end():line_end]

        pm = _PREFIX.fullmatch(prefix)
        label = pm.group("label") if pm else None
        in_byline = not pm and bool(_BYLINE_SEGMENT.fullmatch(prefix))
        if not (pm or in_byline) or not _SUFFIX.match(suffix) or _CONTINUES.match(suffix):
            continue
        if label and re.match(_PUBLISHED_LABEL, label):
            kind = "published"
        elif label and re.match(_UPDATED_LABEL, label):
            kind = "updated"
        elif m.start() < HEAD_CHARS:
            kind = "dateline"
        else:
            continue  # an unlabelled date below the top is part of the story
        if (m.group("m3") or m.group("m4")) and not prefix.strip():
            continue  # "July 15" alone at a line start is too weak without a place or label
        if quotes.inside(m.start()) or (not prefix.strip() and _mid_sentence(text, line_start)):
            continue
        date = _parse(m, byline=bool(_BYLINE.search(line)), year_fallback=year_fallback, reference=reference)
        if date is not None:
            yield kind, PublishedDate(date, m.group(0), m.start(), m.end())


def copyright_year(text: str) -> int | None:
    """The year of a "© 2025 Outlet" / "Copyright 2003-2025" line, or None."""
    years = [int(y) for y in _COPYRIGHT_YEAR.findall(text)]
    return max(years) if years else None


def find_published_date(text: str, *, year_hint: int | None = None,
                        reference: datetime.date | None = None) -> PublishedDate | None:
    """The publication date the copy states, with its offsets in text, or None.

    `reference`: the day the copy was at hand, to give a year-less dateline its year.
    """
    fallback = copyright_year(text) or year_hint
    best: dict[str, PublishedDate] = {}
    for kind, found in _candidates(text, fallback, reference):
        best.setdefault(kind, found)
    for kind in ("published", "dateline", "updated"):
        if kind in best:
            return best[kind]
    return None
