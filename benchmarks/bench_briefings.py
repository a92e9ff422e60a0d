"""Briefings on real newswire: the digest of each AQUAINT story scored against a gold briefing written by hand.

benchmarks/data/gold/briefings-{dev,test}.json hold, per story, what a careful analyst
lists as of the morning after its newest article: actors and positions, deadlines
with calendar dates, open questions (and questions a later article answered). For
each half:
- positions, deadlines, open questions: precision of the digest as a user gets it
  (a few lines per kind), recall of the full list (every item the engine finds);
- deadline date accuracy: of the deadlines citing gold evidence, the share on the
  gold date (or a documented conflicting reading);
- answered questions still asked: open questions citing a question a newer
  article answered;
- stories: how many stories the engine forms from one story's files (1 is right).
The briefing is built as `briefbot digest` builds it: from the facts stored at ingest.
Needs the shared corpus; the test half is reported as totals only.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from benchmarks.newswire import DATA
from benchmarks.questions import build_store
from bot.facts import FactReader
from summarizer.briefing import Window, build_briefing
from summarizer.briefing.evaluation import Evidence, score_story
from summarizer.briefing.stories import group_stories

EVERYTHING = {"positions": 50, "deadlines": 50, "open_questions": 50, "developments": 5}
KINDS = ("positions", "deadlines", "open_questions")


def _with_paths(item: dict) -> dict:
    """Gold evidence names files by stem; the drop folder holds them as STEM.txt."""
    out = dict(item, evidence_files=[f"{f}.txt" for f in item.get("evidence_files", [])])
    if item.get("conflict"):
        out["conflict"] = _with_paths(item["conflict"])
    return out


def _gold_story(story: dict) -> dict:
    return {**story, **{k: [_with_paths(i) for i in story[k]] for k in KINDS}}


def score_half(store, drop: Path, split: str) -> dict[str, list[int]]:
    """Totals for one half: per kind [shown, correct, gold, found] for the digest and for the full list, and more."""
    gold = json.loads((DATA / "gold" / f"briefings-{split}.json").read_text(encoding="utf-8"))
    docs = store.documents_in_window(None, "9999")
    by_stem = {Path(d["path"]).stem: d for d in docs}
    evidence = Evidence(docs, drop)
    reader = FactReader(store)  # the facts stored at ingest, read as `briefbot digest` reads them
    totals: dict[str, list[int]] = {}
    for story in gold["stories"]:
        mine = [by_stem[f] for f in story["files"] if f in by_stem]
        ids = {d["id"] for d in mine}
        sentences = store.sentences_of(list(ids))
        today = dt.date.fromisoformat(story["as_of"])
        window = Window(story["story"], None, f"{story['as_of']}T08:00:00+00:00")
        scored = _gold_story(story)
        facts = reader.facts_for(mine)
        for label, limits in (("digest", None), ("full", EVERYTHING)):
            briefing = build_briefing(mine, sentences, window, today=today, limits=limits, facts=facts,
                                      background=store.word_idf)
            for s in score_story(briefing, scored, evidence, ids):
                t = totals.setdefault(f"{label} {s.kind}", [0, 0, 0, 0])
                for i, v in enumerate((s.shown, s.correct, s.gold, s.found)):
                    t[i] += v
            if label == "full":
                _deadline_dates(briefing, scored, evidence, ids, totals)
                _answered_later(briefing, story, evidence, ids, totals)
        stories = group_stories(mine, sentences, background=store.word_idf)
        totals.setdefault("stories", [0, 0])
        totals["stories"][0] += len(stories)
        totals["stories"][1] += 1
    return totals


def _deadline_dates(briefing, gold: dict, evidence: Evidence, ids: set[str], totals: dict) -> None:
    """Of the engine's deadlines citing a gold deadline's evidence, how many carry its date."""
    from summarizer.briefing.evaluation import _date_ok

    t = totals.setdefault("deadline dates", [0, 0])
    for d in briefing.deadlines:
        if not any(c.document_id in ids for c in d.citations):
            continue
        cited = [g for g in gold["deadlines"] if evidence.cited(d.citations, g)]
        if cited:
            t[1] += 1
            t[0] += any(_date_ok(d, g) for g in cited)


def _answered_later(briefing, story: dict, evidence: Evidence, ids: set[str], totals: dict) -> None:
    """Questions a later article answered that the briefing still asks, and those it shows as answered
    (right when the gold says a later article answered it)."""
    t = totals.setdefault("answered questions still asked", [0, 0])
    marked = totals.setdefault("questions shown as answered later", [0, 0])
    later = [_with_paths(q) for q in story.get("answered_later", [])]
    t[1] += len(later)
    for q in briefing.open_questions:
        if not any(c.document_id in ids for c in q.citations):
            continue
        answered_gold = any(evidence.cited(q.citations, g) for g in later)
        if q.answered_by:
            marked[1] += 1
            marked[0] += answered_gold
        elif answered_gold:
            t[0] += 1


def rows_for(split: str, totals: dict) -> list[tuple[str, str, str]]:
    name = f"briefings {split.upper()}"
    rows = []
    for kind in KINDS:
        shown, correct, _, _ = totals[f"digest {kind}"]
        _, _, gold, found = totals[f"full {kind}"]
        rows.append((name, f"{kind} precision (digest)", f"{correct}/{shown}" + (f" ({correct / shown:.2f})" if shown else "")))
        rows.append((name, f"{kind} recall (full list)", f"{found}/{gold}" + (f" ({found / gold:.2f})" if gold else "")))
    ok, n = totals["deadline dates"]
    rows.append((name, "deadline date accuracy", f"{ok}/{n}" + (f" ({ok / n:.2f})" if n else "")))
    still, later = totals["answered questions still asked"]
    rows.append((name, "answered questions still asked", f"{still} (of {later} answered later)"))
    right, marked = totals["questions shown as answered later"]
    rows.append((name, "questions shown as answered later: answered in gold / shown", f"{right}/{marked}"))
    formed, events = totals["stories"]
    rows.append((name, "stories formed / events", f"{formed}/{events}"))
    return rows


def run() -> list[tuple[str, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="briefbot-briefings-"))
    try:
        store = build_store(work)
        if store is None:
            return [("briefings", "skipped", "no ../shared/corpus/tbaq")]
        rows = []
        for split in ("dev", "test"):
            if (DATA / "gold" / f"briefings-{split}.json").exists():
                rows += rows_for(split, score_half(store, work / "drop", split))
        store.close()
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)
