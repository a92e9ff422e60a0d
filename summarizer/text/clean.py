"""Strip web furniture from plain-text copy, line by line.

Text pasted from a browser, mailed or exported to PDF keeps the page around the
article: share bars, teasers, tag lists, comment forms, cookie banners. Only
whole lines that look like furniture (short, label-like, link-like) are dropped;
a body sentence that merely mentions "related talks" or "a video address" stays.
Every dropped line is reported with its reason so a surprising result can be
explained. HTML goes through trafilatura instead and never reaches this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from summarizer.text.datelines import REGION, is_dateline

__all__ = ["Cleaned", "clean_text"]


@dataclass
class Cleaned:
    text: str  # paragraphs separated by "\n\n"; hard-wrapped lines re-joined with a space
    title: str | None
    source: str | None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, original line)
    # The year of a dropped copyright line: lets find_published_date complete a
    # year-less dateline after the line itself is gone.
    copyright_year: int | None = None

    @property
    def stamps(self) -> list[str]:
        """The date stamps taken out of the text ("Published: 4 March 2025"): where its date is read. One
        written as a list item ("- May 28, 2025") without its bullet: the date finder reads lines, not lists."""
        return [re.sub(r"^[-*+•]\s+", "", line) for reason, line in self.removed if reason == "date-stamp"]

    def dated_text(self) -> str:
        """The text with its date stamps back on top, for finding the published date (never for showing)."""
        return "\n".join([*self.stamps, self.text]) if self.stamps else self.text


_I = re.IGNORECASE
_SEP = r"[\s|·•,/:]*"
_SHARE_TOKEN = (
    r"(?:share(?:\s+(?:on|via|to)\s+\w+|\s+this(?:\s+(?:article|story|page|post))?|\s+article|\s+story)?"
    r"|tweet(?:\s+this)?|copy(?:\s+the)?\s+link|link\s+copied|e-?mail(?:\s+(?:this|article))?"
    r"|print(?:\s+this)?(?:\s+article)?|facebook|twitter|x|linkedin|reddit|whatsapp|telegram"
    r"|pinterest|messenger|flipboard|bluesky|threads|mastodon|pocket|sms|gift(?:\s+this)?\s+article"
    r"|save(?:\s+article)?|follow(?:\s+us)?(?:\s+on)?|\(opens\s+in\s+(?:a\s+)?new\s+window\))\b"
)
_SHARE = re.compile(rf"(?:{_SHARE_TOKEN}{_SEP})+", _I)
# "Follow us on X and Telegram: @Outlet", "Follow Harbour Wire on Instagram"
_FOLLOW = re.compile(r"(?:follow|find)\s+(?:us|@?[\w.]+(?:\s+[\w.]+){0,2})\s+on\s+[^.!?]{1,80}", _I)

_TEASER_LABEL = (
    r"(?:see\s+also|related(?:\s+(?:articles?|stories|story|coverage|content|news|reading|topics|links|posts))?"
    r"|read\s+more(?:\s+(?:on|about)\s+this(?:\s+(?:story|topic))?)?|read\s+also|also\s+read|read\s+next"
    r"|more\s+on\s+this(?:\s+(?:story|topic))?|more\s+from\s+[\w'’ ]{1,30}|more\s+stories|most\s+read"
    r"|most\s+popular|most\s+viewed|popular\s+now|recommended(?:\s+(?:for\s+you|reading|stories))?"
    r"|you\s+(?:may|might)\s+also\s+like|you\s+may\s+be\s+interested\s+in|don'?t\s+miss|do\s+not\s+miss"
    r"|trending(?:\s+(?:now|stories))?|top\s+stories|latest(?:\s+(?:news|stories))?|further\s+reading"
    r"|what\s+to\s+read\s+next|editor'?s\s+picks|in\s+other\s+news)"
)
# "Source" alone heads the link to the original and, on many sites, the teasers after it ("Source: Reuters" is
# the copy's source, read by _SOURCE_LINE).
_TEASER_ALONE = re.compile(rf"(?:{_TEASER_LABEL}|sources?)\s*[:\-–—»›>|]*", _I)
# A teaser's excerpt, cut off by the site: "... in the first women's final at the tournament in […]".
_EXCERPT_CUT = re.compile(r".*\s\[(?:…|\.\.\.)\]", _I)
# A live page's note to its readers: "This is breaking news. Please refresh for updates."
_LIVE_NOTE = re.compile(
    r"(?:(?:this\s+is\s+(?:a\s+)?(?:breaking\s+news|developing\s+(?:news|story))|this\s+(?:story|article|post)\s+"
    r"(?:is\s+developing|(?:will\s+be|has\s+been|is\s+being)\s+updated)(?:\s+with[^.!]{0,40})?|breaking\s+news|developing"
    r"\s+story)\s*[.!]?\s*)+(?:(?:please\s+)?(?:refresh|check\s+back)(?:\s+(?:this\s+page|here|later|soon))?\s+for\s+"
    r"(?:updates|the\s+latest|more)[.!]?)?", _I)
_TEASER_INLINE = re.compile(rf"{_TEASER_LABEL}\s*[:\-–—»›>|]+\s*(?P<rest>.+)", _I)

_TAGS = re.compile(
    r"(?:(?:tags?|topics?|keywords|categories|category|more\s+about|related\s+topics|subjects?)\s*:"
    r"|filed\s+under\s*:?)\s*(?P<items>.+)", _I)

# "Tags" on a line of its own (a markdown "## Tags" heading): the list of topics follows on the next line.
_TAGS_LABEL = re.compile(r"(?:tags?|topics?|keywords|categories|related\s+topics|subjects?)\s*:?", _I)
# "(Reporting by Anna Kovacs; Editing by Tom Reed)": the wire's credits, not the story (in brackets or naming an
# editor: "Reporting by the FT suggested ..." is a sentence).
_TOPIC_LIST = re.compile(r"[\w&'’ -]{1,30}(?:\s*[,;|•·]\s*[\w&'’ -]{1,30}){1,15}")
_CREDITS = re.compile(r"\(?\s*(?:(?:additional\s+)?reporting|writing|editing|compiled|produced|graphics)\s+by\s"
                      r"[^()]{1,200}\)?\.?", _I)
# A press release's or newsletter's footer: "Contact: VDA Press Office, +49 30 ...",
# "You are receiving this email because you subscribed to ...".
_CONTACT = re.compile(r"(?:media\s+|press\s+)?(?:contacts?|enquiries|inquiries)\s*:\s*.{1,120}", _I)
_MAIL_FOOTER = re.compile(r"you\s+(?:are\s+)?receiv(?:ing|ed)\s+this\s+(?:e-?mail|message|newsletter)\b.{0,200}", _I)

# "Copyright" alone starts sentences too; as furniture it comes with a year or a ©.
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\s*(?:©|\(c\))|copyright\s+(?:19|20)\d\d)", _I)
_COPYRIGHT_PARTS = re.compile(
    r"(?:copyright\s*)?(?:©|\(c\))?\s*(?:copyright\s*)?"
    r"(?P<years>(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?\s*,?\s*(?P<holder>[^.|]*)", _I)
_RIGHTS = re.compile(r"all\s+rights\s+reserved|may\s+not\s+be\s+(?:published|reproduced|redistributed)", _I)

_COMMENTS = re.compile(
    r"(?:leave\s+a\s+(?:comment|reply)|add\s+(?:a|your)\s+comment|post(?:\s+a)?\s+comment|submit\s+comment"
    r"|comments?(?:\s*\(\d+\))?|\d+\s+comments?|(?:show|view|load|read)\s+(?:all\s+)?comments"
    r"|join\s+the\s+(?:conversation|discussion)|(?:log|sign)\s+in\s+to\s+(?:comment|reply)|cancel\s+reply"
    r"|be\s+the\s+first\s+to\s+comment|comments\s+are\s+closed|(?:name|e-?mail|comment|website)\s*\*?"
    r"|your\s+email\s+address\s+will\s+not\s+be\s+published.*|required\s+fields\s+are\s+marked.*"
    r"|save\s+my\s+name,\s+email,?\s+and\s+website.*)[.!]?", _I)

_VIDEO = re.compile(
    r"(?:(?:watch|video|live|audio|listen)\s*[:|\-–—]\s*(?P<rest>.{1,140})"
    r"|(?:play|watch|replay)(?:\s+the)?\s+video\b.{0,40}|watch\s+now|now\s+playing|video"
    r"|listen\s+to\s+this\s+article.{0,30}|(?:duration\s*)?\d{1,2}:\d\d)", _I)
_VIDEO_DURATION = re.compile(r".*\bvideo\b.*\b\d{1,2}:\d\d\s*", _I)

_COOKIE_BANNER = re.compile(
    r"(?:we\s+(?:use|value)\s+cookies|this\s+(?:web)?site\s+uses\s+cookies|accept(?:\s+all)?\s+cookies"
    r"|(?:manage\s+)?cookie\s+(?:settings|preferences|policy|consent)|by\s+continuing\b.*\bcookies).*", _I)
_COOKIE_BUTTON = re.compile(r"(?:accept|reject|allow)(?:\s+all)?(?:\s+cookies)?|manage\s+(?:consent|preferences|cookies)", _I)
_NEWSLETTER = re.compile(
    r"(?:(?:sign\s+up|subscribe)(?:\s+(?:now|today|here))?(?:\s+(?:for|to)\s+(?:our|the|a|free)\b.{0,60})?"
    r"|get\s+(?:our|the)\s+.{0,40}newsletter.{0,40}|enter\s+your\s+e-?mail(?:\s+address)?|newsletter(?:\s+sign-?up)?"
    r"|unsubscribe(?:\s+here)?|already\s+a\s+subscriber\?.{0,30}|subscribe\s+to\s+(?:continue|keep)\s+reading.{0,30})[.!]?", _I)

# The button that closes a notice: the lines of the notice above it are a banner.
_DISMISS = re.compile(r"(?:dismiss|close|got\s+it|no\s+thanks|not\s+now|maybe\s+later|[x×✕])[.!]?", _I)
_AD = re.compile(r"(?:advertisement|sponsored(?:\s+content)?|story\s+continues\s+below(?:\s+advertisement)?|ad)", _I)
_NAV = re.compile(
    r"(?:skip\s+to\s+(?:main\s+)?(?:content|navigation)|menu|search|sign\s+in|log\s+in|home"
    r"|home\s*(?:[>›»/|]\s*[\w&'’ -]{1,30}\s*)+|back\s+to\s+top|privacy(?:\s+policy)?|terms(?:\s+of\s+(?:use|service))?"
    r"|contact(?:\s+us)?|about(?:\s+us)?|imprint|accessibility|careers|advertise(?:\s+with\s+us)?|sitemap|rss)", _I)
_READING = re.compile(
    r"(?:\d+\s*min(?:ute)?s?\s+read|reading\s+time:?\s*\d+\s*min(?:ute)?s?"
    r"|(?:updated|posted)\s+\d+\s+(?:minutes?|hours?|days?)\s+ago)", _I)
_CAPTION = re.compile(r"(?:photo|image|picture|photograph|file\s+photo|credit|illustration)\s*:\s*.{1,120}", _I)
_URL_ONLY = re.compile(r"(?:https?://|www\.)\S+", _I)
_SOURCE_LINE = re.compile(r"(?i:source)\s*:\s*(?P<src>[A-Z][^.:]{1,60}?)\.?")
# "COLUMBUS, Ohio (Buckeye Wire) -", "NAIROBI, Kenya (AP) _" (the old wire copy's dash is an underscore)
_DATELINE_SOURCE = re.compile(
    r"[A-Z][\w.'’-]+(?:[ /][A-Z][\w.'’-]+){0,3},?"
    r"(?:\s+" + REGION + r",?)?"
    r"(?:\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)?\s*\((?P<src>[A-Z][^()\d]{1,40})\)\s*[-–—_]")
# "October 4, 2025 (Harbour Wire)": a date line naming its outlet.
_DATE_LINE_SOURCE = re.compile(r"(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?)\s+\d{4}"
                               r"\s*\((?P<src>[A-Z][^()\d]{1,40})\)")
_BYLINE_SEGMENTS = re.compile(r"By\s+[A-Z][^|·•]{1,60}\s[|·•]\s.+")
# "Asia-Europe Trade Monitor — Thursday, October 16, 2025": an outlet, then its date.
_SOURCE_DATE_LINE = re.compile(
    r"(?P<src>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|the|and|for)){0,5})\s+[—–|·•]\s+"
    r"(?:[A-Z][a-z]{2,8},?\s+)?(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?)\s+\d{4}")
_BULLET = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s+")
# A line that only stamps the copy with its date: "date 2025-03-07", "Posted at 4:15 PM, March 6, 2025",
# "Published: 4 March 2025 08:15 CET", "March 4, 2025". Metadata, read for the published date, never text.
_STAMP_TIME = r"\d{1,2}[:.]\d\d(?:[:.]\d\d)?(?:\s*[ap]\.?m\.?)?(?:\s+(?:[A-Z]{2,5}|(?:UTC|GMT)[+-]\d{1,2}))?"
_STAMP_DATE = (r"(?:\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?"
               r"|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
               r"|\d{1,2}[/.]\d{1,2}[/.]\d{4})")
_STAMP = re.compile(
    r"(?:(?:first\s+|last\s+)?(?:published|posted|updated|modified)|date(?:d|\s+published)?)?(?:\s+on)?\s*:?\s*"
    rf"(?:at\s+{_STAMP_TIME},?\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?{_STAMP_DATE}"
    rf"(?:,?\s*(?:at\s+)?{_STAMP_TIME})?\.?", re.I)
# "date 2024-11-05 Watch Now", "Published: 4 March 2025 The council met ...": a stamp the page glued to the
# line after it. Only with its label (a bare "March 4, 2025 was ..." is prose); the stamp is metadata, the rest
# of the line is the line.
_GLUED_TIME = _STAMP_TIME.replace("[A-Z]{2,5}", r"(?-i:[A-Z]{2,5})\b")  # "ET", never "The" of the text after it
_ZONE = r"(?-i:UTC|GMT|CES?T|EES?T|BST|[ECMP][SD]?T|IST|JST|AE[SD]T)\b"  # after an ISO time: "14:05 CET"
_LEADING_STAMP = re.compile(
    r"(?P<stamp>(?:(?:first\s+|last\s+)?(?:published|posted|updated|modified)|date(?:d|\s+published)?)"
    rf"(?:\s+on)?\s*:?\s*(?:at\s+{_GLUED_TIME},?\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    rf"{_STAMP_DATE}(?:,?\s*(?:at\s+)?{_GLUED_TIME})?(?:\s+{_ZONE})?)(?:\s*[|·•—–]\s*|\s+)(?=\S)", re.I)
# "Updated 6:02 PM", "Last updated at 14:05 CET": a stamp with the time alone (its date is on another line).
_STAMP_TIME_ONLY = re.compile(rf"(?:first\s+|last\s+)?(?:published|posted|updated|modified)(?:\s+at)?\s*:?\s*"
                              rf"{_STAMP_TIME}(?:\s+(?:today|yesterday))?\.?", re.I)
# "[October 8, 1999]": a date in brackets on a line of its own. Kept in the text (it shapes which copies are
# near-duplicates), but no headline.
_BRACKETED_DATE = re.compile(rf"\[\s*{_STAMP.pattern}\s*\]", re.I)
_PROSE_END = re.compile(r"[.!][\"”’')\]]*$")
_SENTENCE_END = re.compile(r"[.!?:;][\"”’')\]]*$")
_NOT_TITLE = re.compile(r"(?:by\s|published|updated|posted|date\b|\d)", _I)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _words(line: str) -> int:
    return len(line.split())


def _headline_like(line: str) -> bool:
    """A short line that does not read as a sentence: a headline or a teaser link."""
    return 2 <= _words(line) <= 20 and len(line) <= 160 and not re.search(r"[.,;:]$", line)


def _reads_as_prose(line: str) -> bool:
    """Ends a teaser run: teaser links are headlines, which rarely end with a full stop."""
    return _words(line) >= 20 or (_words(line) >= 4 and bool(_PROSE_END.search(line)))


def _tags_reason(line: str) -> bool:
    m = _TAGS.fullmatch(line)
    if not m or len(line) > 250 or line.endswith("."):
        return False
    return all(_words(item) <= 5 for item in re.split(r"[,|;•·]", m.group("items")))


def _line_reason(line: str) -> str | None:
    """Why a whole line is furniture on its own, or None when it may be content."""
    if not re.search(r"\w", line):
        return "separator"
    if _BULLET.match(line):
        # A widget written as a list item ("- Share", "- Email", "- Print") is the widget.
        reason = _line_reason(_BULLET.sub("", line, count=1))
        if reason is not None:
            return reason
    if len(line) <= 80 and (_STAMP.fullmatch(line) or _STAMP_TIME_ONLY.fullmatch(line)):
        return "date-stamp"
    if len(line) <= 160 and re.search(r"\s[|·•]\s", line):
        # A bar of widgets of different kinds: "Unsubscribe | Manage preferences".
        reasons = [_line_reason(part.strip()) for part in re.split(r"\s[|·•]\s", line) if part.strip()]
        if reasons and all(reasons):
            return reasons[0]
    if len(line) <= 160 and _SHARE.fullmatch(line):
        return "share"
    if _FOLLOW.fullmatch(line):
        return "share"
    segments = [part.strip() for part in re.split(r"\s[|·•>›»]\s", line)]
    if len(segments) >= 3 and len(line) <= 160 and all(0 < _words(seg) <= 3 for seg in segments) \
            and not _SENTENCE_END.search(line):
        return "nav"  # a section menu or breadcrumb: "OUTLET | World | Europe | Markets"
    if len(line) <= 60 and _TEASER_ALONE.fullmatch(line):
        return "teaser"
    if len(line) <= 600 and _EXCERPT_CUT.fullmatch(line):
        return "excerpt"
    if len(line) <= 160 and _LIVE_NOTE.fullmatch(line):
        return "live-note"
    m = _TEASER_INLINE.fullmatch(line)
    if m and (_headline_like(m.group("rest")) or _words(m.group("rest")) <= 8):
        return "teaser"
    if _tags_reason(line) or _TAGS_LABEL.fullmatch(line):
        return "tags"
    if len(line) <= 240 and _CREDITS.fullmatch(line) and (
            line.startswith("(") or re.search(r"\bediting\s+by\b", line, _I)):
        return "credits"
    if _MAIL_FOOTER.fullmatch(line) or _CONTACT.fullmatch(line) and re.search(r"\+?\d[\d ()-]{6,}|@", line):
        return "newsletter" if _MAIL_FOOTER.fullmatch(line) else "contact"
    if len(line) <= 200 and (_COPYRIGHT.match(line) or _RIGHTS.search(line)):
        return "copyright"
    if len(line) <= 200 and _COMMENTS.fullmatch(line):
        return "comments"
    m = _VIDEO.fullmatch(line)
    if m and (m.group("rest") is None or not _reads_as_prose(m.group("rest"))):
        return "video"
    if len(line) <= 80 and _VIDEO_DURATION.fullmatch(line):
        return "video"
    if (len(line) <= 300 and _COOKIE_BANNER.fullmatch(line)) or _COOKIE_BUTTON.fullmatch(line):
        return "cookie"
    if len(line) <= 100 and _NEWSLETTER.fullmatch(line):
        return "newsletter"
    if _AD.fullmatch(line):
        return "ad"
    if len(line) <= 120 and _NAV.fullmatch(line):
        return "nav"
    if _READING.fullmatch(line):
        return "reading-time"
    if _CAPTION.fullmatch(line) and _words(line) < 20:
        return "caption"
    if _URL_ONLY.fullmatch(line):
        return "link"
    m = _SOURCE_LINE.fullmatch(line)
    if m and _words(m.group("src")) <= 6:
        return "source"
    return None


_MASTHEAD = re.compile(r"[A-Z][A-Z&'’.-]+(?:\s+[A-Z][A-Z&'’.-]+)+(?:\s*[—–|:-]\s*.{0,60})?")


def _is_masthead(line: str) -> bool:
    """The outlet's name in capitals at the top of the page ("MERIDIAN REPORT", "BLACK SEA DISPATCH — tagline")."""
    return (len(line) <= 90 and bool(_MASTHEAD.fullmatch(line)) and not _SENTENCE_END.search(line)
            and not _DATELINE_SOURCE.match(line))


def _key(text: str) -> str:
    """Comparison key that ignores case, punctuation and spacing."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _title_keys(title: str) -> set[str]:
    # <title> and Subject often carry the outlet after a separator: "Headline | Outlet".
    keys = {_key(title)}
    for sep in (" | ", " - ", " – ", " — ", " :: "):
        if sep in title:
            keys.add(_key(title.rsplit(sep, 1)[0]))
    return keys - {""}


def _join_lines(lines: list[str]) -> str:
    """Re-join hard-wrapped prose; keep short lines (bylines, list items) on their own line."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and not _BULLET.match(line) and (
                prev.endswith("-") and prev[-2:-1].isalpha()):
            out[-1] = prev + line  # a word broken at its hyphen: keep the hyphen, never guess
        elif prev is not None and not _BULLET.match(line) and len(prev) >= 40 and not _SENTENCE_END.search(prev):
            out[-1] = prev + " " + line
        else:
            out.append(line)
    return "\n".join(out)


def _split_blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _find_source(kept: list[list[str]], removed: list[tuple[str, str]]) -> str | None:
    for reason, line in removed:
        if reason == "source":
            return _SOURCE_LINE.fullmatch(line).group("src").strip()
    for block in kept[:6]:
        for line in block:
            m = _DATELINE_SOURCE.match(line) or _DATE_LINE_SOURCE.fullmatch(line) or _SOURCE_DATE_LINE.fullmatch(line)
            if m:
                return m.group("src").strip()
    # "By Claire Tremblay | 12 August 2025 | Northern Ledger" (the pipes may have had it removed as a menu)
    for line in [line for block in kept[:4] for line in block] + [line for _, line in removed]:
        if _BYLINE_SEGMENTS.match(line):
            outlets = [seg.strip() for seg in re.split(r"\s[|·•]\s", line)[1:]
                       if not re.search(r"\d", seg) and 1 <= _words(seg) <= 5 and _title_case(seg)]
            if outlets:
                return outlets[-1]
    for reason, line in removed:
        if reason == "copyright":
            m = _COPYRIGHT_PARTS.match(line)
            holder = m.group("holder").strip(" ,-") if m else ""
            holder = re.sub(r"\s*all\s+rights\s+reserved.*$", "", holder, flags=_I)
            holder = re.sub(r"[\s,]*(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?$", "", holder)  # "© Outlet 2025"
            if holder and re.search(r"[A-Za-z]", holder) and _words(holder) <= 6:
                return holder
    return None


def _title_case(name: str) -> bool:
    """"Northern Ledger", "The Globe and Mail": an outlet's name; "Senior correspondent" is not one."""
    return all(w[:1].isupper() or w in ("and", "of", "the", "for", "&") for w in name.split())


def _copyright_year(removed: list[tuple[str, str]]) -> int | None:
    for reason, line in removed:
        if reason == "copyright":
            years = re.findall(r"\b(?:19|20)\d\d\b", line)
            if years:
                return int(years[-1])  # "© 2003–2025": the latest year is the one in force
    return None



_MD_FENCE = re.compile(r"(?:```|~~~).*")
_MD_HEADING = re.compile(r"#{1,6}\s+(?P<text>.*?)(?:\s+#+)?")
_MD_RULE = re.compile(r"(?:[-*_]\s*){3,}|=+|\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")  # rules, setext, tables
_MD_REFDEF = re.compile(r"\[[^\]]+\]:\s*\S+.*")
_MD_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_MD_LINK = re.compile(r"\[([^\]]+)\](?:\((?:[^()]|\([^)]*\))*\)|\[[^\]]*\])")
_MD_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>]+)>")
_MD_STRONG = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_MD_CODE = re.compile(r"`([^`]+)`")
_MD_HTML = re.compile(r"<!--.*?-->|</?[a-zA-Z][^>]*>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_BULLET = re.compile(r"[-*+]\s+(?P<rest>.*)")


def _markdown_inline(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_AUTOLINK.sub(r"\1", line)
    line = _MD_CODE.sub(r"\1", line)
    line = _MD_HTML.sub("", line)
    line = _MD_STRONG.sub(r"\2", line)
    line = _MD_EM.sub(lambda m: m.group(1) or m.group(2), line)
    return _SPACES.sub(" ", _MD_ESCAPE.sub(r"\1", line)).strip()


def _markdown_to_plain(lines: list[str], removed: list[tuple[str, str]]) -> list[str]:
    """Reduce markdown to plain lines; list items stay one per line as "- item"."""
    out: list[str] = []
    in_code = False
    for line in lines:
        if _MD_FENCE.fullmatch(line):
            in_code = not in_code
            removed.append(("markdown", line))
            continue
        if in_code or not line:
            out.append(line)
            continue
        if _MD_RULE.fullmatch(line) or _MD_REFDEF.fullmatch(line):
            removed.append(("markdown", line))
            continue
        plain = re.sub(r"^(?:>\s?)+", "", line)
        heading = _MD_HEADING.fullmatch(plain)
        if heading:
            plain = heading.group("text")
        bullet = _MD_BULLET.fullmatch(plain)
        plain = "- " + _markdown_inline(bullet.group("rest")) if bullet else _markdown_inline(plain)
        if not plain.strip("- "):
            removed.append(("markdown", line))  # an image or empty markup on its own
            continue
        if heading and out and out[-1]:
            out.append("")  # a heading is a paragraph of its own even without blank lines
        out.append(plain)
        if heading:
            out.append("")
    return out


_RUN = 5  # words in the runs that index paragraphs for the pull-quote search
_RUN_HITS = 64  # paragraphs compared per candidate at most (a run that common is no evidence)
_SAMPLES = 8  # inner runs of a candidate looked up, to find a rare one


def _pull_quotes(para_keys: list[str], candidates: list[int]) -> set[int]:
    """The candidates whose key is found inside a longer paragraph's key.

    Comparing every candidate with every paragraph is quadratic (a 2 MB archive took a
    minute). A key found inside another holds all its words but the first and the last
    whole, in order, so each candidate looks up the rarest run of _RUN of those inner
    words in a sorted index of every paragraph's runs, and is compared only where that
    run occurs, at the one place it could start. Sorting makes it O(n log n) in words.
    """
    if not candidates:
        return set()
    hashes: list[np.ndarray] = []  # per paragraph; numpy, not Python ints (a 19 MB text has 3 million words)
    sizes: list[np.ndarray] = []
    starts = [0]  # word index where each paragraph starts
    for key in para_keys:
        words = key.split()
        # A word's hash only narrows the search: every match is checked letter by letter.
        hashes.append(np.fromiter(map(hash, words), dtype=np.int64, count=len(words)))
        sizes.append(np.fromiter(map(len, words), dtype=np.int32, count=len(words)))
        starts.append(starts[-1] + len(words))
    total = starts[-1]
    if total < _RUN:
        return set()
    words = np.concatenate(hashes).view(np.uint64)
    lengths = np.concatenate(sizes).astype(np.int64)
    del hashes, sizes
    # Where each word starts in its paragraph's key (the words are joined by one space).
    para_of = np.repeat(np.arange(len(para_keys), dtype=np.int32), np.diff(starts))
    before = np.cumsum(lengths + 1) - lengths - 1  # characters before each word, across paragraphs
    char_at = (before - before[np.asarray(starts[:-1], dtype=np.int64).clip(max=total - 1)][para_of]).astype(np.int32)
    del before
    runs = total - _RUN + 1
    hashed = np.zeros(runs, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for g in range(_RUN):
            hashed = hashed * np.uint64(1_000_003) ^ words[g: runs + g]
    del words
    inside = np.flatnonzero(para_of[:runs] == para_of[_RUN - 1:])  # runs that stay in one paragraph
    run_at = inside[np.argsort(hashed[inside], kind="stable")]
    del inside
    run_hash = hashed[run_at]
    # Any inner run will do (a match holds them all): up to _SAMPLES of each candidate's, spread
    # over it, are looked up in one go, and the rarest is followed.
    spans = [(i, starts[i], starts[i + 1]) for i in candidates if starts[i + 1] - starts[i] >= _RUN + 2]
    if not spans:
        return set()
    picks, counts = _spread([first + 1 for _, first, _ in spans], [last - _RUN - 1 for _, _, last in spans])
    needles = hashed[picks]
    lo, hi = np.searchsorted(run_hash, needles, "left"), np.searchsorted(run_hash, needles, "right")
    found = set()
    offset = 0
    for (i, first, last), count in zip(spans, counts):
        lows, highs = lo[offset: offset + count], hi[offset: offset + count]
        rarest = int(np.argmin(highs - lows))
        shift = int(picks[offset + rarest]) - first  # that run's word offset in the candidate
        offset += count
        key = para_keys[i]
        first_word = key.find(" ")
        for at in run_at[lows[rarest]: min(highs[rarest], lows[rarest] + _RUN_HITS)].tolist():
            j = int(para_of[at])
            other = para_keys[j]
            start = at - shift  # where the candidate's first word would be in the other paragraph
            if j == i or len(other) <= len(key) or start < starts[j] or start + last - first > starts[j + 1]:
                continue
            # The candidate's first word may be the end of a longer word there ("said" holds "id").
            at_char = int(char_at[start]) + int(lengths[start]) - first_word
            if at_char >= 0 and other.startswith(key, at_char):
                found.add(i)
                break
    return found


def _spread(lows: list[int], highs: list[int]) -> tuple[np.ndarray, list[int]]:
    """For each span, `np.unique(np.linspace(low, high, _SAMPLES).astype(np.int64))`, all in one array, and how
    many each has: the same arithmetic on every row at once (one linspace call per span cost more than the rest
    of the search). A row is in order, so its distinct values are those unlike the one before."""
    low = np.asarray(lows, dtype=np.float64)[:, None]
    high = np.asarray(highs, dtype=np.float64)
    grid = np.arange(_SAMPLES, dtype=np.float64) * ((high - low[:, 0]) / (_SAMPLES - 1))[:, None] + low
    grid[:, -1] = high  # as linspace ends: on the stop itself
    grid = grid.astype(np.int64)
    fresh = np.ones(grid.shape, dtype=bool)
    fresh[:, 1:] = grid[:, 1:] != grid[:, :-1]
    return grid[fresh], fresh.sum(axis=1).tolist()


def clean_text(text: str, *, title: str | None = None, markdown: bool = False) -> Cleaned:
    """Drop furniture lines, repeated titles and repeated paragraphs from plain text.

    title is the headline known from metadata (email Subject, PDF title) and its
    repetition at the top is dropped; without one, a headline-like first line is
    taken as the title and kept in the text. markdown=True reduces markup first.
    An all-furniture input gives text "".
    """
    removed: list[tuple[str, str]] = []
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    if markdown:
        lines = _markdown_to_plain(lines, removed)

    # Pass 1: single-line furniture, and the teaser links that follow a teaser label.
    kept_blocks: list[list[str]] = []
    teaser_run = after_tags = False
    for block in _split_blocks(lines):
        kept: list[str] = []
        for line in block:
            if after_tags and _TOPIC_LIST.fullmatch(line):  # "trade, EU, China, EV, WTO" under a "Tags" heading
                removed.append(("tags", line))
                after_tags = False
                continue
            after_tags = False
            if (glued := _LEADING_STAMP.match(line)) and not _STAMP.fullmatch(line):
                removed.append(("date-stamp", glued.group("stamp")))
                line = line[glued.end():]
            if teaser_run:
                if not (_reads_as_prose(line) or _DATELINE_SOURCE.match(line)):
                    removed.append(("teaser", line))
                    continue
                teaser_run = False
            reason = _line_reason(line)
            excerpt = reason == "excerpt"
            if excerpt:
                # Another article's teaser, after this one's text: a page that is only an excerpt keeps it.
                prose = any(_reads_as_prose(x) for b in [*kept_blocks, kept] for x in b)
                reason = "teaser" if prose else None
            if reason is None:
                kept.append(line)
            else:
                removed.append((reason, line))
                teaser_run = reason == "teaser"
                after_tags = reason == "tags" and bool(_TAGS_LABEL.fullmatch(line))
                if excerpt and not kept and kept_blocks and len(kept_blocks[-1]) == 1 \
                        and _headline_like(kept_blocks[-1][0]):
                    removed.append(("teaser", kept_blocks.pop()[0]))  # the cut excerpt's own headline
        # A run ends at the blank line, unless the label was the last line of its block:
        # then it is a heading ("Related" + blank line) over the next block's links.
        teaser_run = teaser_run and bool(_TEASER_ALONE.fullmatch(block[-1]))
        if kept and len(block) <= 5 and _DISMISS.fullmatch(block[-1]):
            # A notice with its close button ("This is the new platform. ... / Dismiss"): a banner, whatever it says
            removed += [("banner", line) for line in kept]
            kept = []
        if kept:
            kept_blocks.append(kept)

    # Mastheads only as the very first lines: capitals further down may be a subhead.
    while kept_blocks and _is_masthead(kept_blocks[0][0]):
        removed.append(("masthead", kept_blocks[0].pop(0)))
        kept_blocks = [b for b in kept_blocks if b]

    # Pass 2: the title, and the title repeated at the top.
    found_title = title.strip() if title and title.strip() else None
    adopted = False
    if found_title is None and kept_blocks:
        first = kept_blocks[0][0]
        if _headline_like(first) and not _NOT_TITLE.match(first) and not _BULLET.match(first) \
                and not is_dateline(first) and not _BRACKETED_DATE.fullmatch(first):
            found_title, adopted = first, True
            if len(kept_blocks[0]) > 1:  # the headline is a paragraph of its own
                kept_blocks[0:1] = [[first], kept_blocks[0][1:]]
    keys = _title_keys(found_title) if found_title else set()
    for b, block in enumerate(kept_blocks[:4]):
        for i, line in reversed(list(enumerate(block))):
            if _key(line) in keys and not (adopted and b == 0 and i == 0):
                removed.append(("repeated-title", block.pop(i)))
    kept_blocks = [b for b in kept_blocks if b]

    # Pass 3: paragraphs repeated verbatim (keep the first), then pull quotes: a
    # one-line paragraph that repeats part of another one.
    paragraphs: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for block in kept_blocks:
        joined = _join_lines(block)
        key = " ".join(joined.split())
        if _words(key) >= 3 and key in seen:
            removed.extend(("repeated-paragraph", line) for line in block)
            continue
        seen.add(key)
        paragraphs.append((joined, block))
    para_keys = [_key(p) for p, _ in paragraphs]
    candidates = [i for i, (para, block) in enumerate(paragraphs)
                  if len(block) == 1 and _words(para) >= 8 and para_keys[i] not in keys]
    quotes = _pull_quotes(para_keys, candidates)
    final: list[str] = []
    for i, (para, block) in enumerate(paragraphs):
        if i in quotes:
            removed.append(("pull-quote", block[0]))
            continue
        final.append(para)

    return Cleaned(
        text="\n\n".join(final),
        title=found_title,
        source=_find_source(kept_blocks, removed),
        removed=removed,
        copyright_year=_copyright_year(removed),
    )
