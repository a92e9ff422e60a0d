"""The question set over real newswire: how `ask` does against what the articles say.

`benchmarks/data/questions.jsonl` holds questions written from the AQUAINT articles
before anyone looked at the engine's answers: the question, its story and split,
whether the sources answer it, and the strings a right answer contains. An answer
is right when one of them is in the answer or in the sentence it cites first (the
answer is shown with that sentence); an answer to a question the sources do not
answer, or one without the expected fact, is wrong; a decline of an answerable
question is a miss, not a wrong answer.

The baseline is the plain top sentence of BM25 (rank_bm25) over the same stored
sentences: it never declines.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.newswire import DATA, stories, write_drop_folder

QUESTIONS = DATA / "questions.jsonl"
_TOKEN = re.compile(r"\w+")


@dataclass
class Tally:
    answerable: int = 0
    correct: int = 0
    unanswerable: int = 0
    declined: int = 0        # unanswerable questions declined
    wrong: int = 0           # answers without the expected fact, and answers to unanswerable questions
    missed: int = 0          # answerable questions declined
    outcomes: list[tuple[str, str]] = field(default_factory=list)  # (question id, outcome)

    @property
    def total(self) -> int:
        return self.answerable + self.unanswerable

    def row(self) -> dict[str, str]:
        def share(a: int, b: int) -> str:
            return f"{a}/{b} ({a / b:.0%})" if b else "0/0"
        return {"answered correctly / answerable": share(self.correct, self.answerable),
                "declined / unanswerable": share(self.declined, self.unanswerable),
                "wrong / all": share(self.wrong, self.total)}


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def story_days() -> dict[str, dt.date]:
    """Each story is asked about on the morning after its newest article."""
    from benchmarks.newswire import corpus_folder
    from summarizer.dates.timeml import parse_tml

    folder = corpus_folder()
    out = {}
    for story in stories():
        newest = max(parse_tml(folder / f"{f}.tml").dct for f in story.files)
        out[story.key] = newest + dt.timedelta(days=1)
    return out


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY = re.compile(_MONTH + r"\s+(\d{1,2})\b|\b(\d{1,2})\s+" + _MONTH)


def _days(text: str) -> set[str]:
    """Month-day dates in any of the usual orders ("Aug. 20", "August 20", "20 Aug"), as "aug-20"."""
    out = set()
    for m in _MONTH_DAY.finditer(text.casefold()):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        out.add(f"{month}-{int(day)}")
    return out


def contains_expected(item: dict, texts: list[str]) -> bool:
    """Whether the answer shows one of the expected strings; a date counts in any usual order."""
    joined = " ".join(" ".join(t.split()) for t in texts).casefold()
    days = _days(joined)
    for e in item["expected"]:
        wanted = " ".join(e.split()).casefold()
        if wanted in joined:
            return True
        dated = _days(wanted)
        if dated and re.fullmatch(r"\W*" + _MONTH + r"\s+\d{1,2}\W*|\W*\d{1,2}\s+" + _MONTH + r"\W*", wanted) \
                and dated <= days:
            return True
    return False


def shown(answer) -> list[str]:
    """What a reader sees as the answer: its text and the sentence it is cited in."""
    texts = [answer.answer or ""]
    cites = answer.citations
    if cites:
        texts.append(cites[0].quote)
        if len(cites) > 1 and cites[0].document_id == cites[1].document_id and cites[0].quote in cites[1].quote:
            texts.append(cites[1].quote)
    return texts


def score(questions: list[dict], ask: Callable[[dict, list[str]], tuple[bool, list[str]]]) -> dict[str, Tally]:
    """Tallies per split. `ask(item, context)` returns (answered, texts shown as the answer)."""
    by_id = {q["id"]: q for q in questions}
    tallies: dict[str, Tally] = {}
    for item in questions:
        tally = tallies.setdefault(item["split"], Tally())
        context = []
        prev = item.get("follow_up_of")
        while prev:  # the chat session's earlier questions, oldest first
            context.insert(0, by_id[prev]["question"])
            prev = by_id[prev].get("follow_up_of")
        answered, texts = ask(item, context)
        if item["answerable"]:
            tally.answerable += 1
            if answered and contains_expected(item, texts):
                tally.correct += 1
                outcome = "correct"
            elif answered:
                tally.wrong += 1
                outcome = "wrong"
            else:
                tally.missed += 1
                outcome = "missed"
        else:
            tally.unanswerable += 1
            if answered:
                tally.wrong += 1
                outcome = "leaked"
            else:
                tally.declined += 1
                outcome = "declined"
        tally.outcomes.append((item["id"], outcome))
    return tallies


def build_store(work: Path):
    """A store holding every AQUAINT article, ingested as a drop folder (None without the corpus)."""
    from bot.ingest import Ingester
    from bot.store import Store

    if write_drop_folder(work / "drop") is None:
        return None
    store = Store(work / "newswire.db")
    now = dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)
    list(Ingester(store, now=lambda: now).ingest_paths([work / "drop"]))
    return store


def engine_asker(store) -> Callable[[dict, list[str]], tuple[bool, list[str]]]:
    from summarizer.answer import answer_question

    days = story_days()
    said: dict[str, str] = {}  # what the bot answered, by question id: a chat follow-up sees it

    def ask(item: dict, context: list[str]) -> tuple[bool, list[str]]:
        previous = said.get(item.get("follow_up_of") or "")
        a = answer_question(store, item["question"], today=days[item["story"]], context=context or None,
                            previous_answer=previous)
        said[item["id"]] = " ".join(shown(a)) if a.answerable else ""
        ask.last = a
        return a.answerable, shown(a)
    return ask


def bm25_asker(store) -> Callable[[dict, list[str]], tuple[bool, list[str]]]:
    """The top BM25 sentence over every stored sentence; a follow-up is asked with the questions before it."""
    from rank_bm25 import BM25Okapi

    rows = list(store.db.execute("select text from sentences order by id"))
    texts = [r[0] for r in rows]
    bm25 = BM25Okapi([_TOKEN.findall(t.lower()) for t in texts])

    def ask(item: dict, context: list[str]) -> tuple[bool, list[str]]:
        scores = bm25.get_scores(_TOKEN.findall(" ".join([*context, item["question"]]).lower()))
        best = max(range(len(texts)), key=scores.__getitem__)
        return True, [texts[best]]
    return ask
