"""`answer_question` latency over 10,000 generated articles, beside a plain rank_bm25 baseline.

Articles come from `benchmarks.corpus.generate`; they are inserted through the
Store directly (regex sentence split, no cleaning or near-duplicate lookup),
because the full ingester needs minutes for 10,000 files and ingestion has its
own benchmark. The FTS index, its triggers and the vocabulary view are the real
ones. The baseline (BM25Okapi over the same sentences, whitespace tokens) only
ranks: it neither checks answer types nor abstains, so it is a floor for cost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate
from bot.store import Store
from summarizer.answer import answer_question

COUNT = 10_000
BASELINE_QUERIES = 30  # BM25Okapi scores every sentence per query: a few dozen are enough for its p50/p95
QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "qa" / "questions.json"
EXTRA = [
    "How many prisoners could be exchanged?", "How many proposals did the delegation present?",
    "What did Peskov say?", "Who leads Ukraine's delegation?", "When is the deadline?", "When does the truce expire?",
    "when will the leaders meet?", "Where will the talks take place?", "What did Umerov say about the summit?",
    "What did Medinsky propose?", "Who hosts the talks?", "Why does Moscow reject the ceasefire?",
    "How many drones did Russia launch?", "What did Zelensky say about children?", "When will the exchange happen?",
    "What did Erdogan offer?", "How much would the tariffs be?", "What did Sybiha say?",
    "Where did the delegations meet in Vienna?", "What did the European diplomat say about Istanbul?",
    "What happens to the working groups?", "Is Russia ready for a ceasefire?", "Did Kyiv join the working groups?",
    "How many missiles were launched?", "When does the 50-day clock run out?",
]
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]+[\"'”’)]*|[^.!?\n]+$", re.M)


def _insert(store: Store, folder: Path) -> None:
    now = dt.datetime(2025, 7, 24, 9, 0, tzinfo=dt.timezone.utc).isoformat()
    with store.atomic():
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            sentences = [(m.start(), m.end(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
            doc = {"id": hashlib.sha256(text.encode()).hexdigest(), "path": str(path), "format": "txt",
                   "source": path.stem, "title": text.split("\n", 1)[0], "published": "2025-07-20", "undated": 0,
                   "topic": "default", "ingested_at": now, "words": len(text.split()), "text": text}
            store.add_document(doc, sentences, [])


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


def _fts_bytes(store: Store) -> int | None:
    try:
        row = store.db.execute("select sum(pgsize) from dbstat where name like 'sentences_fts%'").fetchone()
        return int(row[0] or 0)
    except Exception:  # dbstat is a compile-time option of SQLite
        return None


def run() -> list[tuple[str, str, str]]:
    from rank_bm25 import BM25Okapi

    work = Path(tempfile.mkdtemp(prefix="briefbot-ask-"))
    try:
        generate(work / "drop", COUNT)
        store = Store(work / "ask.db")
        started = time.perf_counter()
        _insert(store, work / "drop")
        insert_s = time.perf_counter() - started
        store.db.execute("pragma wal_checkpoint(truncate)")
        sentences = store.sentence_total()
        data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
        questions = [q["question"] for q in data["answerable"] + data["unanswerable"]] + EXTRA
        today = dt.date(2025, 7, 24)
        answer_question(store, questions[0], today=today)  # warm: spaCy loads once per process
        times, answered = [], 0
        for q in questions:
            t0 = time.perf_counter()
            answered += answer_question(store, q, today=today).answerable
            times.append(time.perf_counter() - t0)
        ours = _percentiles(times)
        texts = [r[0] for r in store.db.execute("select text from sentences order by id")]
        t0 = time.perf_counter()
        bm25 = BM25Okapi([t.lower().split() for t in texts])
        build_s = time.perf_counter() - t0
        base = []
        for q in questions[:BASELINE_QUERIES]:
            t0 = time.perf_counter()
            scores = bm25.get_scores(q.lower().split())
            scores.argsort()[-60:]
            base.append(time.perf_counter() - t0)
        theirs = _percentiles(base)
        size = (work / "ask.db").stat().st_size
        fts = _fts_bytes(store)
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [
        ("ask", f"store: {COUNT} articles, {sentences} sentences (Store insert, not Ingester)", f"{insert_s:.1f} s"),
        ("ask", f"answer_question p50 / p95, {len(questions)} questions (warm)", f"{ours[0]:.1f} / {ours[1]:.1f} ms"),
        ("ask", "questions answered (the rest abstained)", f"{answered}/{len(questions)}"),
        ("ask", f"rank_bm25 BM25Okapi query p50 / p95 ({BASELINE_QUERIES} queries)",
         f"{theirs[0]:.1f} / {theirs[1]:.1f} ms"),
        ("ask", "rank_bm25 BM25Okapi build (in memory, every start)", f"{build_s:.1f} s"),
        ("ask", "SQLite file / FTS5 share", f"{size / 1e6:.1f} MB / " + (f"{fts / 1e6:.1f} MB" if fts else "n/a")),
    ]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
