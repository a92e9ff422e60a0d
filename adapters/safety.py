"""Neutralize anything in document text that a chat platform would act on.

Documents are untrusted: an article that quotes "@everyone" or carries a
"<!channel>" must never ping a channel, and "[click here](http://evil)" must not
become a live link in our own voice. Every renderer passes document-derived text
through `defang` before formatting it.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"

# @everyone / @here / @channel (also with full-width or small-form at signs and homoglyph tricks).
_AT_WORDS = re.compile(r"([@\uff20\ufe6b])(\s*)(everyone|here|channel|all|group)\b", re.I)
# Slack control sequences: <!channel>, <!here|here>, <!subteam^S123>, <@U123>, <#C123>, <!date^...>.
_SLACK_ANGLE = re.compile(r"<\s*([!@#])")
# Discord mentions: <@123>, <@!123>, <@&role>, <#channel>, </command:id>.
_DISCORD_ANGLE = re.compile(r"<\s*(/|@[!&]?|#)(?=\s*\w)")
# Markdown links and autolinks written by a document.
_MD_LINK = re.compile(r"\[([^\]\n]{0,300})\]\(([^)\s]{0,2000})\)")


def defang(text: str) -> str:
    """Text that reads the same to a person but pings no one and forges no link."""
    text = _AT_WORDS.sub(lambda m: f"{m.group(1)}{ZWSP}{m.group(2)}{m.group(3)}", text)
    text = _SLACK_ANGLE.sub(lambda m: f"<{ZWSP}{m.group(1)}", text)
    text = _DISCORD_ANGLE.sub(lambda m: f"<{ZWSP}{m.group(1)}", text)
    text = _MD_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    return text
