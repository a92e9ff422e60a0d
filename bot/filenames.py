"""Which files in a drop folder are candidates, which are ignored for now, and why.

Shared by the one-shot ingester and the watcher so that both agree on what a
partial upload looks like: such files are ignored (not rejected) until they are
renamed to their final name.
"""

from __future__ import annotations

from pathlib import Path

SUPPORTED_EXTENSIONS = frozenset({".txt", ".md", ".html", ".htm", ".eml", ".pdf"})
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".swp")


def ignore_reason(path: Path) -> str | None:
    """Why a file should be left alone for now (hidden, partial upload), or None."""
    name = path.name
    if name.startswith("."):
        return "hidden file"
    if name.startswith("~") or name.endswith("~"):
        return "temporary file"
    if name.lower().endswith(PARTIAL_SUFFIXES):
        return "partial upload"
    return None


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTENSIONS
