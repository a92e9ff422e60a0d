"""The date a document's relative expressions ("on Monday", "next week") are resolved against.

A dated document uses its published date. An undated one gets the best
evidence available, always marked approximate: its near-duplicate's date, the
latest full date its own text states, the date of the dated document in its
story it shares most with, and only then the file's modification time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.text.words import content_words

_FULL_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


@dataclass(frozen=True)
class Anchor:
    date: dt.date
    approximate: bool
    basis: str  # "published" | "near-duplicate" | "own text" | "corroborating source" | "file time"


def document_anchors(documents: list[dict]) -> dict[str, Anchor]:
    """An anchor for every document of one story."""
    from summarizer.dates.timex import find_timexes

    by_id = {d["id"]: d for d in documents}
    anchors: dict[str, Anchor] = {}
    for d in documents:
        if d.get("published"):
            anchors[d["id"]] = Anchor(dt.date.fromisoformat(d["published"]), False, "published")
    for d in documents:
        if d["id"] in anchors:
            continue
        twin = by_id.get(d.get("duplicate_of") or "")
        if twin and twin.get("published"):
            anchors[d["id"]] = Anchor(dt.date.fromisoformat(twin["published"]), True, "near-duplicate")
            continue
        fallback = _file_date(d)
        stated = [dt.date.fromisoformat(t.value) for t in find_timexes(d["text"], fallback)
                  if t.type == "DATE" and _FULL_DATE.match(t.value) and _states_year(t.text)]
        if stated:
            anchors[d["id"]] = Anchor(max(stated), True, "own text")
            continue
        closest = _closest_dated(d, [x for x in documents if x.get("published")])
        if closest is not None:
            anchors[d["id"]] = Anchor(dt.date.fromisoformat(closest["published"]), True, "corroborating source")
        else:
            anchors[d["id"]] = Anchor(fallback, True, "file time")
    return anchors


def _states_year(text: str) -> bool:
    return bool(re.search(r"\b(?:19|20)\d\d\b", text))


def _file_date(document: dict) -> dt.date:
    """The file's time, unless it is later than the ingest clock (a file copied in after the fact)."""
    stamps = [dt.datetime.fromisoformat(s) for s in (document.get("file_mtime"), document.get("ingested_at")) if s]
    return min(stamps).date() if stamps else dt.date.today()


def _closest_dated(document: dict, dated: list[dict]) -> dict | None:
    words = content_words(document["text"])
    best, best_score = None, 0.0
    for other in dated:
        other_words = content_words(other["text"])
        score = len(words & other_words) / (len(words | other_words) or 1)
        if score > best_score or (score == best_score and best is not None and other["published"] > best["published"]):
            best, best_score = other, score
    return best if best_score > 0.05 else None
