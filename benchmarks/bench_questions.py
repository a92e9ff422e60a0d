"""`ask` on real newswire: the question set over the AQUAINT stories, development and test halves.

For each half: answered correctly / answerable, declined / unanswerable, wrong
answers / all questions, for the offline engine and for the top BM25 sentence
over the same store. Needs the shared corpus (../shared/corpus/tbaq); without it
the benchmark reports that it was skipped. Per-question outcomes of the
development half are written to benchmarks/.work/questions-dev.json for error
analysis; the test half is reported only as totals.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from benchmarks.questions import (
    QUESTIONS,
    bm25_asker,
    build_store,
    engine_asker,
    load_questions,
    score,
)

WORK = Path(__file__).resolve().parent / ".work"


def run() -> list[tuple[str, str, str]]:
    if not QUESTIONS.exists():
        return [("questions", "skipped", f"{QUESTIONS.name} missing")]
    work = Path(tempfile.mkdtemp(prefix="briefbot-questions-"))
    try:
        store = build_store(work)
        if store is None:
            return [("questions", "skipped", "no ../shared/corpus/tbaq")]
        questions = load_questions()
        rows = []
        for name, asker in (("offline engine", engine_asker(store)), ("BM25 top sentence", bm25_asker(store))):
            tallies = score(questions, asker)
            for split in ("dev", "test"):
                tally = tallies.get(split)
                if tally is None:
                    continue
                for metric, value in tally.row().items():
                    rows.append((f"questions {split.upper()}: {name}", metric, value))
            if name == "offline engine" and "dev" in tallies:
                WORK.mkdir(exist_ok=True)
                (WORK / "questions-dev.json").write_text(json.dumps(tallies["dev"].outcomes, indent=0))
        rows += _dev_curve(store, questions)
        rows.append(_evidence_row(questions))
        store.close()
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _evidence_row(questions: list[dict]) -> tuple[str, str, str]:
    """Whether every quote the gold sets cite is verbatim in its article: a misquote would score wrongly."""
    from benchmarks.newswire import DATA, corpus_texts, misquoted_evidence

    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / "gold").glob("briefings-*.json"))]
    missed = misquoted_evidence(questions, golds, corpus_texts() or {})
    quotes = sum(len(q["evidence"]) for q in questions) + sum(
        len(i["evidence"]) for g in golds for s in g["stories"] for k in ("positions", "deadlines", "open_questions")
        for i in s[k])
    shown = "; ".join(f"{where}: {quote[:60]!r}" for where, quote in missed[:3])
    return ("questions", "gold evidence quotes verbatim in their articles",
            f"{quotes - len(missed)}/{quotes}" + (f" (NOT verbatim: {shown})" if missed else ""))


def _dev_curve(store, questions: list[dict]) -> list[tuple[str, str, str]]:
    """The development half's precision/recall as the decline threshold moves: what ANSWER_AT is read from."""
    from summarizer.answer import extractive

    saved = extractive.ANSWER_AT
    extractive.ANSWER_AT = 0.0  # answer everything; each threshold below then declines what scores under it
    try:
        dev = [q for q in questions if q["split"] == "dev"]
        confidence: dict[str, float] = {}
        asker = engine_asker(store)

        def ask(item, context):
            answered, texts = asker(item, context)
            confidence[item["id"]] = _last_confidence(asker)
            return answered, texts
        tally = score(dev, ask)
    finally:
        extractive.ANSWER_AT = saved
    outcome = dict(tally["dev"].outcomes)
    rows = []
    for threshold in (0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        answerable = [q for q in dev if q["answerable"]]
        unanswerable = [q for q in dev if not q["answerable"]]
        correct = sum(outcome[q["id"]] == "correct" and confidence[q["id"]] >= threshold for q in answerable)
        declined = sum(confidence[q["id"]] < threshold or outcome[q["id"]] == "declined" for q in unanswerable)
        wrong = sum(outcome[q["id"]] in ("wrong", "leaked") and confidence[q["id"]] >= threshold for q in dev)
        mark = " (ANSWER_AT)" if abs(threshold - saved) < 1e-9 else ""
        rows.append((f"questions DEV curve{mark}", f"threshold {threshold:.2f}",
                     f"correct {correct}/{len(answerable)}, declined {declined}/{len(unanswerable)}, "
                     f"wrong {wrong}/{len(dev)}"))
    return rows


def _last_confidence(asker) -> float:
    return asker.last.confidence or 0.0
