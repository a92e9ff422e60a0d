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


def escape_slack(text: str) -> str:
    """Document or user text made inert inside Slack mrkdwn: defanged, then &, < and > escaped.

    Escaping is what stops "<http://evil|bank>" from becoming a link and "<!here>"
    from becoming a ping; defanging also covers the bare "@here" forms.
    """
    text = defang(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Discord: "<t:1700000000:R>" timestamps, "<:name:id>" custom emoji and any other "<x..." markup.
_DISCORD_ANGLE_ANY = re.compile(r"<(?=[^\s\u200b])")
# Discord markdown: bare URLs stay as they are (escaping "_" would break them); markup characters,
# brackets (a source name "x](http://evil)" next to our "[...]" must not close a masked link) and
# what starts a heading, quote or list at the start of a line get a backslash.
_DISCORD_MARKUP = re.compile(r"(?P<url>https?://[^\s<>\[\]()]+)|(?P<md>[\\*_~|`\[\]])|(?P<start>^[>#-])",
                             re.MULTILINE)


def escape_discord(text: str) -> str:
    """Document or user text made inert and one line long inside a Discord message or embed.

    Defanged (mentions, masked links), whitespace collapsed so a document cannot start a
    heading, list or quote of its own, every "<" kept from opening Discord markup
    (mentions, timestamps, custom emoji), then Discord markdown escaped (* _ ~ | ` [ ] \\)
    so "**" or "||" in a quote cannot restyle the rest of the message. Bare URLs are left
    readable: they show where they point, unlike a masked link.
    """
    text = defang(" ".join(text.split()))
    text = _DISCORD_ANGLE_ANY.sub("<" + ZWSP, text)
    return _DISCORD_MARKUP.sub(lambda m: m.group("url") or "\\" + m.group(0), text)
