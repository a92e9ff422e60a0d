"""A first extractive engine: the most central sentences of a window, each cited.

Centroid scoring (a sentence is central when it shares the window's salient
words, weighted by TF-IDF), redundancy removal, and source counting: the same
statement carried by several outlets is listed once with all its sources.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from summarizer.facts.kinds import FURNITURE, looks_like_furniture
from summarizer.model import Citation, Development, source_name
from summarizer.text.datelines import dateline_length
from summarizer.text.words import content_words

SAME_STATEMENT = 0.6  # content-word Jaccard above which two sentences say the same thing
REDUNDANT = 0.45


@dataclass
class _Candidate:
    sentence: dict
    words: set[str]
    score: float = 0.0


def central_pool(documents: list[dict], sentences: list[dict], *, words_of=None, kind_of=None) -> list[_Candidate]:
    """The sentences that may be developments (words, no furniture), in order: worked out ahead of
    `central_developments` while the other core is busy (summarizer.briefing.build).

    `words_of(sentence)` and `kind_of(sentence)`: its content words and kinds when stored
    (`summarizer.facts.kinds`); worked out from the text otherwise.
    """
    words_of = words_of or (lambda s: content_words(s["text"]))
    by_id = {d["id"]: d for d in documents}
    furniture = (lambda s: kind_of(s) & FURNITURE) if kind_of else \
        (lambda s: looks_like_furniture(s, by_id[s["document_id"]]))
    candidates = [_Candidate(s, words_of(s)) for s in sentences if s["document_id"] in by_id and not furniture(s)]
    return [c for c in candidates if c.words]


def central_developments(documents: list[dict], sentences: list[dict], *, limit: int = 5,
                         words_of=None, kind_of=None, pool: list[_Candidate] | None = None) -> list[Development]:
    """The `limit` most central distinct statements, best first, with every source that carries them.

    `pool`: `central_pool` of these documents over a superset of `sentences` (the whole story,
    before its cited sentences were taken out); otherwise it is worked out here.
    """
    by_id = {d["id"]: d for d in documents}
    if pool is None:
        candidates = central_pool(documents, sentences, words_of=words_of, kind_of=kind_of)
    else:
        wanted = {id(s) for s in sentences}
        candidates = [c for c in pool if id(c.sentence) in wanted]
    if not candidates:
        return []
    # Candidates may share one set of words (summarizer.briefing.window: near-duplicates repeat sentences):
    # each set is counted and scored once, in the order first seen, giving the same counts and floats.
    distinct: dict[int, list] = {}  # id of a set of words -> [the set, how many candidates hold it]
    for c in candidates:
        seen = distinct.get(id(c.words))
        if seen is None:
            distinct[id(c.words)] = [c.words, 1]
        else:
            seen[1] += 1
    df: Counter[str] = Counter()
    for words, times in distinct.values():
        for w in words:
            df[w] += times
    n = len(candidates)
    idf = {w: math.log((1 + n) / (1 + f)) + 1 for w, f in df.items()}
    centroid = {w: _added(idf[w], f) for w, f in df.items()}  # each candidate holding w adds idf[w]
    centroid_norm = math.sqrt(sum(v * v for v in centroid.values()))
    toward = {w: idf[w] * centroid[w] for w in df}  # per word once, not per candidate holding it
    square = {w: idf[w] ** 2 for w in df}
    sums = {key: (sum(toward[w] for w in words), math.sqrt(sum(square[w] for w in words)))
            for key, (words, _) in distinct.items()}
    for c in candidates:
        dot, norm = sums[id(c.words)]
        lead = 1.0 + 0.3 / (1 + c.sentence["idx"])  # news puts the key facts first
        c.score = dot / (norm * centroid_norm) * lead

    picked: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (-c.score, c.sentence["document_id"], c.sentence["idx"])):
        if any(_jaccard(c.words, p.words) > REDUNDANT for p in picked):
            continue
        picked.append(c)
        if len(picked) == limit:
            break
    return [_with_sources(p, candidates, by_id) for p in picked]


def _added(value: float, times: int) -> float:
    """`value` added up `times` times, one addition after another (the same float as adding it per holder)."""
    total = 0.0
    for _ in range(times):
        total += value
    return total


def _with_sources(pick: _Candidate, candidates: list[_Candidate], by_id: dict[str, dict]) -> Development:
    """Cite the picked sentence and, once per document, every other sentence saying the same."""
    citations: list[Citation] = []
    seen_docs: set[str] = set()
    for c in [pick] + [c for c in candidates if c is not pick]:
        doc_id = c.sentence["document_id"]
        if doc_id in seen_docs or (c is not pick and not _same_statement(c.words, pick.words)):
            continue
        seen_docs.add(doc_id)
        start = c.sentence["start"] + dateline_length(c.sentence["text"])
        citations.append(Citation.from_document(by_id[doc_id], start, c.sentence["end"]))
    sources = len({source_name(by_id[c.document_id]) for c in citations})
    return Development(summary=citations[0].quote, citations=citations, sources=sources)


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _same_statement(a: set[str], b: set[str]) -> bool:
    # The shared words are at most the smaller set: sizes far apart cannot reach SAME_STATEMENT.
    if min(len(a), len(b)) < SAME_STATEMENT * max(len(a), len(b)):
        return False
    return _jaccard(a, b) >= SAME_STATEMENT
