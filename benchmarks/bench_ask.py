"""`ask` latency with 10,000 articles stored, on both engine paths, beside a plain rank_bm25 baseline.

The store is the benchmark store (benchmarks.stores: the real ingester, the real sentence
splitter). Offline: `answer_question`. LLM: `Commands.ask` with the openai engine pointed at a
model server on 127.0.0.1 that answers at once, quoting the first passage it was given: what
is timed is our side (the search for passages, the prompt, the HTTP round trip, the check of
every quote against the store), not a model. The search alone is shown beside it. Warm
processes (spaCy loaded once), p50 / p95 over the questions of tests/fixtures/qa and more.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.measure import store_mb
from benchmarks.stores import copy_of

SIZE = 10_000
BASELINE_QUERIES = 30  # BM25Okapi scores every sentence per query: a few dozen are enough for its p50/p95
QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "qa" / "questions.json"
EXTRA = [
    "What did the spokesman say?", "When is the deadline?", "When does the truce expire?", "Who leads the delegation?",
    "when will the leaders meet?", "Where will the talks take place?", "How many people were detained?",
    "What did the police say about the protest?", "How much did the company report in sales?",
    "Why did the court reject the appeal?", "What did the FBI say?", "When will the committee vote?",
    "How many delegates registered?", "What happened to the shares?", "Is the company ready to sign?",
    "What did the ministry announce?", "Who won the election?", "When does the ban take effect?",
    "How long will the strike last?", "What did the union demand?",
]
_PASSAGE = re.compile(r"<passage [^>]*>\n(.*?)\n</passage>", re.S)


class _QuotingModel:
    """An OpenAI-compatible server that answers every question by quoting the first passage it was shown."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                user = next(m["content"] for m in body["messages"] if m["role"] == "user")
                found = _PASSAGE.search(user)
                quote = " ".join(found.group(1).split()[:12]) if found else ""
                content = {"answer": quote, "answerable": bool(quote),
                           "citations": [{"passage": 1, "quote": quote}] if quote else []}
                data = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "quoting",
                                   "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                       "role": "assistant", "content": json.dumps(content)}}],
                                   "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


def _timed(fn, questions: list[str]) -> tuple[list[float], list]:
    times, results = [], []
    for q in questions:
        started = time.perf_counter()
        results.append(fn(q))
        times.append(time.perf_counter() - started)
    return times, results


def run() -> list[tuple[str, str, str]]:
    import openai
    from rank_bm25 import BM25Okapi

    from bot.commands import LLM_PASSAGES, Commands, search_terms
    from bot.store import Store
    from summarizer.answer import answer_question
    from summarizer.llm import LLMEngine, LLMSettings

    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    questions = [q["question"] for q in data["answerable"] + data["unanswerable"]] + EXTRA
    today = dt.date(2025, 6, 20)
    model = _QuotingModel()
    try:
        with tempfile.TemporaryDirectory(prefix="briefbot-ask-") as work:
            db = copy_of(SIZE, Path(work))
            store = Store(db)
            sentences = store.sentence_total()
            answer_question(store, questions[0], today=today)  # warm: spaCy loads once per process
            offline, answers = _timed(lambda q: answer_question(store, q, today=today), questions)
            client = openai.OpenAI(base_url=model.base_url, api_key="benchmark", max_retries=0, timeout=30)
            engine = LLMEngine(LLMSettings(model="quoting", timeout=30, max_retries=0), client=client)
            commands = Commands(store, now=lambda: dt.datetime(2025, 6, 20, 9, tzinfo=dt.timezone.utc), llm=engine)
            commands.ask(questions[0])
            llm, llm_answers = _timed(commands.ask, questions)
            search, _ = _timed(lambda q: store.search_sentences(" ".join(search_terms(q)), limit=LLM_PASSAGES),
                               questions)
            every_word, _ = _timed(lambda q: store.search_sentences(q, limit=LLM_PASSAGES), questions)
            texts = [r[0] for r in store.db.execute("select text from sentences order by id")]
            started = time.perf_counter()
            bm25 = BM25Okapi([t.lower().split() for t in texts])
            build_s = time.perf_counter() - started
            base, _ = _timed(lambda q: bm25.get_scores(q.lower().split()).argsort()[-60:],
                             questions[:BASELINE_QUERIES])
            size = store_mb(db)
            store.close()
    finally:
        model.close()
    pct = {name: _percentiles(t) for name, t in (("offline", offline), ("llm", llm), ("search", search),
                                                  ("every", every_word), ("base", base))}
    return [
        ("ask", f"store: {SIZE:,} articles, {sentences:,} sentences, {size:.0f} MB with WAL (the real ingester)",
         f"{len(questions)} questions"),
        ("ask", "offline engine (answer_question) p50 / p95, warm", "{:.1f} / {:.1f} ms".format(*pct["offline"])),
        ("ask", "  offline: questions answered (the rest abstained)",
         f"{sum(a.answerable for a in answers)}/{len(questions)}"),
        ("ask", "LLM engine (Commands.ask, instant local model) p50 / p95, warm",
         "{:.1f} / {:.1f} ms".format(*pct["llm"])),
        ("ask", "  LLM: answers whose quote checked out", f"{sum(a.answerable for a in llm_answers)}/{len(questions)}"),
        ("ask", f"  LLM: passage search alone ({LLM_PASSAGES} passages, content words) p50 / p95",
         "{:.1f} / {:.1f} ms".format(*pct["search"])),
        ("ask", "  LLM: the same search with every question word (before) p50 / p95",
         "{:.1f} / {:.1f} ms".format(*pct["every"])),
        ("ask", f"rank_bm25 BM25Okapi query p50 / p95 ({BASELINE_QUERIES} queries; build {build_s:.1f} s per start)",
         "{:.1f} / {:.1f} ms".format(*pct["base"])),
    ]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
