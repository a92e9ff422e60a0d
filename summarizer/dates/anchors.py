"""The date a document's relative expressions ("on Monday", "next week") are resolved against.

A dated document uses its published date. An undated one gets the best
evidence available, always marked approximate: its near-duplicate's date, the
latest full date its own text states, the date of the dated document in its
story it shares most with, and only then the file's modification time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from summarizer.text.words import content_words

_FULL_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


@dataclass(frozen=True)
class Anchor:
    date: dt.date
    approximate: bool
    basis: str  # "published" | "near-duplicate" | "own text" | "corroborating source" | "file time"


def document_anchors(documents: list[dict], *, stated=None, words=None) -> dict[str, Anchor]:
    """An anchor for every document of one story.

    `stated(document)` and `words(document)`: its `stated_date` and content words when already known
    (stored facts); worked out from the text otherwise.
    """
    stated = stated or stated_date
    words_of = words or (lambda d: content_words(d["text"]))
    by_id = {d["id"]: d for d in documents}
    dated = [x for x in documents if x.get("published")]
    shared_with: dict[str, list[int]] = {}  # undated document -> words it shares with each dated one
    sizes: list[int] = []  # how many words each dated document has
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
        own = stated(d)
        if own:
            anchors[d["id"]] = Anchor(dt.date.fromisoformat(own), True, "own text")
            continue
        if not shared_with:
            shared, sizes = _shared_words([x for x in documents if not x.get("published")], dated, words_of)
            shared_with.update(shared)
        closest = _closest_dated(d, dated, len(words_of(d)), shared_with.get(d["id"], []), sizes)
        if closest is not None:
            anchors[d["id"]] = Anchor(dt.date.fromisoformat(closest["published"]), True, "corroborating source")
        else:
            anchors[d["id"]] = Anchor(_file_date(d), True, "file time")
    return anchors


class LazyAnchors(Mapping):
    """`document_anchors` of a set of documents, each worked out when first asked for.

    An answer reads the anchors of the few documents it quotes from among the dozens it
    retrieved; an undated one costs a scan of its text for a stated date, and maybe a
    comparison with every dated document of the set, which the rest need not pay for.
    Each anchor is the one `document_anchors` gives the whole set.
    """

    def __init__(self, documents: list[dict]):
        self._by_id = {d["id"]: d for d in documents}
        self._dated = [d for d in documents if d.get("published")]  # in order: ties go to the first
        self._found: dict[str, Anchor] = {}
        self._words: dict[str, set[str]] = {}  # each document's words, read once for every undated one

    def __getitem__(self, document_id: str) -> Anchor:
        if document_id not in self._found:
            d = self._by_id[document_id]
            if d.get("published"):
                self._found[document_id] = Anchor(dt.date.fromisoformat(d["published"]), False, "published")
                return self._found[document_id]
            twin = self._by_id.get(d.get("duplicate_of") or "")
            # Only the document itself, its near-duplicate and the dated documents decide its anchor.
            story = {x["id"]: x for x in (d, *([twin] if twin else []), *self._dated)}
            self._found[document_id] = document_anchors(list(story.values()), words=self._words_of)[document_id]
        return self._found[document_id]

    def _words_of(self, document: dict) -> set[str]:
        if document["id"] not in self._words:
            self._words[document["id"]] = content_words(document["text"])
        return self._words[document["id"]]

    def __iter__(self):
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


def stated_date(document: dict) -> str | None:
    """The latest full date, year included, that the document's own text states (ISO), or None."""
    from summarizer.dates.timex import find_timexes

    found = [t.value for t in find_timexes(document["text"], _file_date(document))
             if t.type == "DATE" and _FULL_DATE.match(t.value) and _states_year(t.text)]
    return max(found) if found else None


def own_anchor(document: dict, twin: dict | None = None) -> Anchor:
    """An anchor from the document alone (and its near-duplicate's date): what its stored facts are read
    against. Its story may give an undated document a better one (a corroborating source)."""
    if document.get("published"):
        return Anchor(dt.date.fromisoformat(document["published"]), False, "published")
    if twin and twin.get("published"):
        return Anchor(dt.date.fromisoformat(twin["published"]), True, "near-duplicate")
    own = stated_date(document)
    return Anchor(dt.date.fromisoformat(own), True, "own text") if own else Anchor(_file_date(document), True,
                                                                                   "file time")


def _states_year(text: str) -> bool:
    return bool(re.search(r"\b(?:19|20)\d\d\b", text))


def _file_date(document: dict) -> dt.date:
    """The file's time, unless it is later than the ingest clock (a file copied in after the fact)."""
    stamps = [dt.datetime.fromisoformat(s) for s in (document.get("file_mtime"), document.get("ingested_at")) if s]
    return min(stamps).date() if stamps else dt.date.today()


def _shared_words(undated: list[dict], dated: list[dict], words_of) -> tuple[dict[str, list[int]], list[int]]:
    """How many words each undated document shares with each dated one, counted for all dated ones at once;
    and how many words each dated one has. Each document's words are read once."""
    import numpy as np

    if not undated or not dated:
        return {}, []
    vocabulary: dict[str, int] = {}  # only the undated documents' words can be shared
    own = [[vocabulary.setdefault(w, len(vocabulary)) for w in words_of(d)] for d in undated]
    shared_words, counts, sizes = [], [], []  # the words each dated document shares, one after another
    for d in dated:
        found = words_of(d)
        sizes.append(len(found))
        mine = [k for k in map(vocabulary.get, found) if k is not None]
        counts.append(len(mine))
        shared_words += mine
    holder = np.repeat(np.arange(len(dated), dtype=np.int64), counts)
    word = np.array(shared_words, dtype=np.int64)
    out = {}
    for d, columns in zip(undated, own):
        mine = np.zeros(len(vocabulary), dtype=bool)
        mine[columns] = True
        out[d["id"]] = np.bincount(holder[mine[word]], minlength=len(dated)).tolist()
    return out, sizes


def _closest_dated(document: dict, dated: list[dict], size: int, shared: list[int], sizes: list[int]) -> dict | None:
    """The dated document sharing the largest part of their words with this one (Jaccard over 5%)."""
    best, best_score = None, 0.0
    for k, other in enumerate(dated):
        both = shared[k]
        score = both / ((size + sizes[k] - both) or 1)
        if score > best_score or (score == best_score and best is not None and other["published"] > best["published"]):
            best, best_score = other, score
    return best if best_score > 0.05 else None
