"""Scoring a briefing against a hand-made gold standard (tests/fixtures/gold/gold.json).

Per item kind, precision (how many items the engine showed are in the gold)
and recall (how many gold items the engine showed):
- a position matches a gold position of the same actor;
- a deadline matches when its date agrees (the exact day, a day inside the gold
  period, or the date of a documented conflicting reading; an undated gold
  item accepts any date marked approximate) and it cites gold evidence;
- an open question matches when it cites gold evidence.
"Cites gold evidence" means one of its quotes overlaps an evidence string in the
stored text of the same file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from summarizer.model import Briefing, Citation


@dataclass
class Score:
    kind: str
    shown: int
    correct: int
    gold: int
    found: int

    @property
    def precision(self) -> float:
        return self.correct / self.shown if self.shown else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\r", "")).strip()


class Evidence:
    """Where gold evidence strings sit in the stored documents, by character span."""

    def __init__(self, documents: list[dict], root: Path):
        self.by_path = {str(Path(d["path"]).resolve()): d for d in documents}
        self.root = root

    def spans(self, item: dict) -> list[tuple[str, int, int]]:
        out = []
        for text, file in zip(item.get("evidence", []), item.get("evidence_files", [])):
            doc = self.by_path.get(str((self.root / file).resolve()))
            if doc is None:
                continue
            at = doc["text"].find(text)
            if at < 0:  # the cleaner may have joined wrapped lines: compare on normalized spacing
                norm = _norm(doc["text"])
                at_norm = norm.find(_norm(text))
                if at_norm < 0:
                    continue
                at = _denormalize(doc["text"], at_norm)
            out.append((doc["id"], at, at + len(text)))
        return out

    def cited(self, citations: list[Citation], item: dict) -> bool:
        spans = self.spans(item)
        return any(c.document_id == d and c.start < e and s < c.end for c in citations for d, s, e in spans)


def _denormalize(text: str, index: int) -> int:
    """Map an offset in whitespace-normalized text back to the raw text (approximately, for overlap tests)."""
    count, i = 0, 0
    stripped = text.lstrip()
    i = len(text) - len(stripped)
    prev_space = False
    while i < len(text) and count < index:
        ch = text[i]
        if ch.isspace():
            if not prev_space:
                count += 1
            prev_space = True
        else:
            count += 1
            prev_space = False
        i += 1
    return i


def _date_ok(d, gold: dict) -> bool:
    readings = [gold] + ([gold["conflict"]] if gold.get("conflict") else [])
    for r in readings:
        if r.get("due") is None:
            if d.approximate:
                return True
            continue
        lo = dt.date.fromisoformat(r["due"])
        hi = dt.date.fromisoformat(r.get("due_end") or r["due"])
        due = dt.date.fromisoformat(d.due) if d.due else None
        end = dt.date.fromisoformat(d.due_end) if d.due_end else due
        if due and lo <= due <= hi or (due and end and due <= lo and hi <= end):
            return True
    return False


def score_story(briefing: Briefing, gold: dict, evidence: Evidence, story_doc_ids: set[str]) -> list[Score]:
    """Scores for the items of `briefing` that cite documents of this gold story."""
    mine = lambda items: [i for i in items if any(c.document_id in story_doc_ids for c in i.citations)]  # noqa
    positions = mine(briefing.positions)
    names = {p["actor"]: {p["actor"].lower(), *(a.lower() for a in p.get("aliases_seen", []))}
             for p in gold["positions"]}
    matched = {p.actor: next((g for g, alias in names.items() if p.actor.lower() in alias), None) for p in positions}
    pos_correct = [p for p in positions if matched[p.actor]]
    pos_found = {matched[p.actor] for p in pos_correct}

    deadlines = mine(briefing.deadlines)
    dl_correct, dl_found = 0, set()
    for d in deadlines:
        hits = [g["id"] if "id" in g else i for i, g in enumerate(gold["deadlines"])
                if _date_ok(d, g) and evidence.cited(d.citations + [Citation(**c) for r in d.conflicts
                                                                     for c in r["citations"]],
                                                     {"evidence": g["evidence"] + (g.get("conflict") or {}).get("evidence", []),
                                                      "evidence_files": g["evidence_files"] + (g.get("conflict") or {}).get("evidence_files", [])})]
        if hits:
            dl_correct += 1
            dl_found.update(hits)

    questions = mine([q for q in briefing.open_questions if not q.answered_by])  # shown as answered, not as open
    q_correct, q_found = 0, set()
    for q in questions:
        hits = [i for i, g in enumerate(gold["open_questions"]) if evidence.cited(q.citations, g)]
        if hits:
            q_correct += 1
            q_found.update(hits)
    return [
        Score("positions", len(positions), len(pos_correct), len(gold["positions"]), len(pos_found)),
        Score("deadlines", len(deadlines), dl_correct, len(gold["deadlines"]), len(dl_found)),
        Score("open_questions", len(questions), q_correct, len(gold["open_questions"]), len(q_found)),
    ]


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
