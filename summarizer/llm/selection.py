"""Which passages a model sees when the window does not fit its context: chosen, not cut off.

Near-identical sentences (a republished wire story, a press release quoted by three
outlets) are sent once: same content words, whatever the punctuation, quotation
marks or small words. For a briefing, every document's lead goes first (so a tight
budget still sees every outlet), then the sentences most central to the window
(whose words the most other documents share); whatever does not fit is left out
whole, least central first, and counted. For an answer the retrieval order (best
first) is kept. Passages are then numbered in reading order: document by document.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from summarizer.llm.prompt import Passage, estimate_tokens, render_passage
from summarizer.llm.verify import squeeze
from summarizer.text.words import content_words

_TOKEN = re.compile(r"[a-z0-9]+")
MIN_LEAD_WORDS = 8  # a headline, byline or label is no lead
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s*$")


@dataclass
class Selection:
    passages: list[Passage]
    rendered: list[str]
    left_out: int = 0  # distinct sentences not sent, for want of room
    duplicates: int = 0  # near-identical copies sent once


def same_words(text: str) -> frozenset[str] | str:
    """What two near-identical sentences share: their words less the small ones (or the whole text, if short)."""
    words = frozenset(w for w in _TOKEN.findall(squeeze(text).lower()) if w not in STOP_WORDS)
    return words if len(words) >= 3 else squeeze(text).lower()


def _distinct(rows: list[dict], documents: dict[str, dict], rank) -> tuple[list[dict], int]:
    """Rows known to `documents`, one of each near-identical group (the best by `rank`), and how many were folded."""
    best: dict = {}
    for row in rows:
        if row["document_id"] not in documents:
            continue
        key = same_words(row["text"])
        if key not in best or rank(row) < rank(best[key]):
            best[key] = row
    kept = {id(r) for r in best.values()}
    known = [r for r in rows if r["document_id"] in documents]
    return [r for r in known if id(r) in kept], len(known) - len(kept)


def _fit(ranked: list[dict], documents: dict[str, dict], budget_tokens: int, order) -> Selection:
    """As many of the ranked rows as fit (skipping one that does not for a shorter one after it), numbered in
    `order`. Costs are counted with the widest number a passage can get, so the estimate never falls short."""
    width = "9" * len(str(max(len(ranked), 1)))
    chosen, used = [], 0
    for row in ranked:
        cost = estimate_tokens(render_passage(int(width), row, documents[row["document_id"]])) + 1
        if used + cost <= budget_tokens:
            chosen.append(row)
            used += cost
    chosen.sort(key=order)
    passages = [Passage(i, row) for i, row in enumerate(chosen, start=1)]
    rendered = [render_passage(p.number, p.row, documents[p.row["document_id"]]) for p in passages]
    return Selection(passages, rendered, left_out=len(ranked) - len(chosen))


def for_answer(rows: list[dict], documents: dict[str, dict], budget_tokens: int) -> Selection:
    """Retrieved rows (best first), each near-identical one once, as many as fit, in their order."""
    position = {id(r): i for i, r in enumerate(rows)}
    distinct, folded = _distinct(rows, documents, rank=lambda r: position[id(r)])
    selection = _fit(distinct, documents, budget_tokens, order=lambda r: position[id(r)])
    selection.duplicates = folded
    return selection


def for_briefing(sentences: list[dict], documents: list[dict], budget_tokens: int) -> Selection:
    """A window's sentences for a briefing: leads, then the most central; near-identical ones once."""
    by_id = {d["id"]: d for d in documents}
    doc_order = {d["id"]: i for i, d in enumerate(documents)}
    family = {d["id"]: d.get("duplicate_of") if d.get("duplicate_of") in by_id else d["id"] for d in documents}

    def copy_rank(row):  # of near-identical sentences, the original's (not a republished copy's), earliest
        return (family[row["document_id"]] != row["document_id"], doc_order[row["document_id"]], row["idx"])

    distinct, folded = _distinct(sentences, by_id, rank=copy_rank)
    words = {id(r): content_words(r["text"]) for r in distinct}
    spread: dict[str, set[str]] = {}
    for r in distinct:
        for w in words[id(r)]:
            spread.setdefault(w, set()).add(family[r["document_id"]])
    families = max(len(set(family.values())), 1)
    leads = _leads(distinct)

    def centrality(row) -> float:
        ws = words[id(row)]
        return sum(len(spread[w]) for w in ws) / families / math.sqrt(len(ws)) if ws else 0.0

    ranked = sorted(distinct, key=lambda r: (id(r) not in leads, -centrality(r), doc_order[r["document_id"]],
                                             r["idx"]))
    selection = _fit(ranked, by_id, budget_tokens, order=lambda r: (doc_order[r["document_id"]], r["idx"]))
    selection.duplicates = folded
    return selection


def _leads(rows: list[dict]) -> set[int]:
    """Each document's first sentence that reads as one (not its headline or byline)."""
    firsts: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: r["idx"]):
        if r["document_id"] not in firsts and len(r["text"].split()) >= MIN_LEAD_WORDS \
                and _SENTENCE_END.search(r["text"]):
            firsts[r["document_id"]] = r
    return {id(r) for r in firsts.values()}
