"""Untrusted names and text as people see them: one line each, nothing for the terminal to obey.

A file name may hold a newline (it forges an extra line of output: "added  FORGED.txt"),
a carriage return (it overwrites the line) or an escape sequence (it recolours or moves
the terminal's cursor). Human-readable output and logs show such names repr-style;
JSON output keeps them exact (json escapes control characters itself).
"""

from __future__ import annotations

import logging
import re

# Controls (C0, DEL, C1), line and paragraph separators, zero-width and direction marks.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def shown_name(name: object) -> str:
    """A path or file name for a line of output: as it is when printable, else its repr ('a\\nb.txt')."""
    text = str(name)
    return text if text.isprintable() else repr(text)


def printable(text: str) -> str:
    """Free text (a title, a reason) with its control and direction characters written as escapes, inline."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


class EscapingFormatter(logging.Formatter):
    """Log lines whose message cannot span lines or drive the terminal (a traceback keeps its newlines)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = printable(record.message)
        return super().formatMessage(record)

    def formatException(self, ei) -> str:  # noqa: N802
        return "\n".join(printable(line) for line in super().formatException(ei).split("\n"))
