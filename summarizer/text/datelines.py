"""Datelines at the start of a lead sentence ("KYIV, July 15 (Harbour Wire) - ...").

They are part of the stored text (and of verbatim quotes), but a briefing line
reads better without them: `dateline_length` says how many characters to skip.
"""

from __future__ import annotations

import re

_MONTH_DAY = r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)"
_SOURCE = r"\s*\([^()]{2,40}\)"
# "COLUMBUS, Ohio, March 19 (Wire) -", "SPRINGFIELD, Ill. (AP) -", "NEW YORK, N.Y. (AP) -": a state or country
REGION = r"(?:[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+\.?)?|[A-Z]\.(?:[A-Z]\.)+)"  # "Ohio", "Ill.", "New Mexico", "N.Y."
_REGION = r"(?:,\s*" + REGION + ")?"
# The dash after a dateline: a hyphen or dash, two hyphens ("HARRISBURG --"), or the old wire copy's underscore
# ("NAIROBI, Kenya (AP) _"); a date may follow the outlet before a second dash ("BERLIN (dpa) - 2 September 2026 -").
_DASH = r"\s*(?:--|[-–—_])"
_DATE_DASH = r"(?:\s*(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?)\s+\d{4}" + _DASH + ")?"
# The last word of a news agency's name, in a dateline's brackets: "(Iran News)", "(Xinhua)", "(IRNA)".
_AGENCIES = r"News|Press|Agency|Wire|Service|Times|Post|Daily|Herald|Tribune|AP|AFP|Reuters|Xinhua|dpa|IRNA|TASS|" \
    r"Interfax|PTI|IANS|ANI|UPI|Bernama|Kyodo|Yonhap|Anadolu|MENAFN|WAM|KUNA|QNA|ISNA|Mehr|Tasnim"
_DATELINE = re.compile(
    r"(?:"
    r"date\s+\d{4}-\d\d-\d\d\s+[A-Z][\w .'’-]{0,30}:"  # date 2025-07-20 Moscow:
    # Moscow: / Seattle, November 5: (a place in capitalised words, once its stamp is cut off as metadata)
    r"|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)?:(?=\s+[A-Z])"
    # KYIV, July 15 (Wire) -   /   KYIV, July 15 -   /   Kyiv (Wire) -
    r"|[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){0,3}" + _REGION + "(?:" + _MONTH_DAY + "(?:" + _SOURCE + ")?|"
    + _SOURCE + ")" + _DASH + _DATE_DASH
    + r"|[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,2}" + _MONTH_DAY + "?" + _SOURCE + _DASH + _DATE_DASH
    + r"|\[[A-Z][^\]]{2,60}\d{4}\]"  # [Moscow, July 21, 2025]
    r"|[A-Z][A-Z.'’-]{2,}(?:[ /][A-Z][A-Z.'’-]+){0,3}" + _REGION + r"\s+(?:--|[—–_])"  # ISTANBUL —, HARRISBURG --
    # BERGEN, Norway - The ...: web copy types the dash as a hyphen; with its region, so "U.S. - China" is none
    r"|[A-Z][A-Z.'’-]{2,}(?:[ /][A-Z][A-Z.'’-]+){0,3},\s*" + REGION + r"\s+-(?=\s+[A-Z])"
    # TEHRAN (Iran News) Deputy ...: a news agency's tag, without a dash
    r"|[A-Z][A-Z.'’-]{2,}(?:[ /][A-Z][A-Z.'’-]+){0,3}" + _REGION + _MONTH_DAY + r"?\s*\((?:[^()]{0,30}\s)?"
    r"(?:" + _AGENCIES + r")\)(?=\s+[A-Z])"
    r")\s+"
)


def dateline_length(sentence: str) -> int:
    """Characters of dateline at the start of `sentence` (0 when there is none)."""
    m = _DATELINE.match(sentence)
    return m.end() if m and len(sentence) - m.end() > 20 else 0


def is_dateline(line: str) -> bool:
    """A line that is only a dateline ("CAPE TOWN, South Africa (AP) --"): where and who, never a headline."""
    line = line.strip()
    m = _DATELINE.match(line + " ")
    return bool(m) and m.end() == len(line) + 1


def blank_dateline(sentence: str) -> str:
    """The sentence with its dateline blanked out, as the parser reads it: "ROME, Feb 5 (Post) - The EU
    pledged" has the EU for subject, not the city. Spaces, not a cut: offsets into it stay offsets into
    the sentence."""
    skip = dateline_length(sentence)
    return " " * skip + sentence[skip:] if skip else sentence
