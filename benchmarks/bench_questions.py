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

from benchmarks.questions import QUESTIONS, bm25_asker, build_store, engine_asker, load_questions, score

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
        store.close()
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)
