"""The offline briefing engine scored against the hand-made gold standard (tests/fixtures/gold).

Three stories, sixteen articles. Thresholds sit a little below what the engine
measured when they were set (see the closing note of the session that set them):
a drop below them is a regression, not noise, since the engine is deterministic.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from adapters.markdown import render_markdown
from bot.ingest import Ingester
from bot.store import Store
from summarizer.briefing import Window, build_briefing
from summarizer.briefing.evaluation import Evidence, load_gold, score_story

ROOT = Path(__file__).resolve().parent.parent
GOLD = load_gold(ROOT / "tests" / "fixtures" / "gold" / "gold.json")
NOW = dt.datetime(2025, 7, 24, 9, 0, tzinfo=dt.timezone.utc)
EVERYTHING = {"positions": 50, "deadlines": 50, "open_questions": 50, "developments": 5}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("gold") / "gold.db")
    files = [ROOT / f for story in GOLD["stories"] for f in story["files"]]
    list(Ingester(store, now=lambda: NOW).ingest_paths(files))
    docs = store.documents_in_window(None, "9999")
    return store, docs, store.sentences_of([d["id"] for d in docs])


def _story(corpus, story: dict):
    _, docs, sentences = corpus
    paths = {str((ROOT / f).resolve()) for f in story["files"]}
    ids = {d["id"] for d in docs if str(Path(d["path"]).resolve()) in paths}
    mine = [d for d in docs if d["id"] in ids]
    # Each story is briefed on the day after its latest article, as a desk would read it.
    today = max(dt.date.fromisoformat(d["published"]) for d in mine if d["published"]) + dt.timedelta(days=1)
    return ids, mine, [s for s in sentences if s["document_id"] in ids], today


def _scores(corpus, limits=None) -> dict[str, list[int]]:
    totals: dict[str, list[int]] = {}
    evidence = Evidence(corpus[1], ROOT)
    for story in GOLD["stories"]:
        ids, docs, sentences, today = _story(corpus, story)
        briefing = build_briefing(docs, sentences, Window(story["story"], None, NOW.isoformat()), today=today,
                                  limits=limits)
        for s in score_story(briefing, story, evidence, ids):
            t = totals.setdefault(s.kind, [0, 0, 0, 0])
            t[0] += s.correct
            t[1] += s.shown
            t[2] += s.found
            t[3] += s.gold
    return totals


def _pr(t: list[int]) -> tuple[float, float]:
    return t[0] / max(1, t[1]), t[2] / max(1, t[3])


# Measured (default limits): positions P 0.91 R 0.83; deadlines P 1.00 R 0.63; questions P 1.00 R 0.64.
# Recall is capped by design there: a briefing shows at most 4 positions, 4 deadlines, 3 questions a story.
@pytest.mark.parametrize("kind, min_p, min_r", [("positions", 0.85, 0.75), ("deadlines", 0.9, 0.55),
                                                ("open_questions", 0.9, 0.55)])
def test_the_briefing_a_reader_sees(corpus, kind, min_p, min_r):
    precision, recall = _pr(_scores(corpus)[kind])
    assert precision >= min_p and recall >= min_r, (kind, precision, recall)


# Measured (everything the engine extracts): positions P 0.79 R 0.92; deadlines P 0.95 R 1.00;
# questions P 0.88 R 1.00.
@pytest.mark.parametrize("kind, min_p, min_r", [("positions", 0.7, 0.85), ("deadlines", 0.9, 0.95),
                                                ("open_questions", 0.8, 0.95)])
def test_everything_the_engine_extracts(corpus, kind, min_p, min_r):
    precision, recall = _pr(_scores(corpus, EVERYTHING)[kind])
    assert precision >= min_p and recall >= min_r, (kind, precision, recall)


def test_every_item_is_cited_verbatim(corpus):
    store, docs, sentences = corpus
    briefing = build_briefing(docs, sentences, Window("all", None, NOW.isoformat()), today=NOW.date(),
                              limits=EVERYTHING)
    items = [*briefing.positions, *briefing.deadlines, *briefing.open_questions, *briefing.developments]
    assert len(items) > 30
    for item in items:
        assert item.citations, item
        for c in item.citations:
            assert store.document(c.document_id)["text"][c.start : c.end] == c.quote


def test_the_folder_is_briefed_as_three_stories(corpus):
    _, docs, sentences = corpus
    briefing = build_briefing(docs, sentences, Window("all", None, NOW.isoformat()), today=NOW.date())
    assert len(briefing.stories) == 3
    assert sorted(s["documents"] for s in briefing.stories) == [4, 4, 8]
    markdown = render_markdown(briefing)
    assert markdown.count("\n## ") == 3


def test_the_fifty_day_deadline_and_the_disagreement_about_it(corpus):
    story = next(s for s in GOLD["stories"] if s["story"] == "ukraine-talks")
    ids, docs, sentences, today = _story(corpus, story)
    briefing = build_briefing(docs, sentences, Window("t", None, NOW.isoformat()), today=today)
    fifty = next(d for d in briefing.deadlines if d.due == "2025-09-02")
    # Announced on Monday 14 July (the Tuesday article's "on Monday"), plus 50 days: Tuesday 2 September.
    assert fifty.status == "upcoming" and not fifty.approximate
    assert [c["due"] for c in fifty.conflicts] == ["2025-09-03"]
    assert "Neva Business Daily" in fifty.conflicts[0]["sources"]
    assert fifty.sources >= 2


def test_the_undated_article_gets_an_approximate_anchor(corpus):
    story = next(s for s in GOLD["stories"] if s["story"] == "ukraine-talks")
    ids, docs, sentences, today = _story(corpus, story)
    briefing = build_briefing(docs, sentences, Window("t", None, NOW.isoformat()), today=today, limits=EVERYTHING)
    undated = next(d["id"] for d in docs if d["undated"])
    from_undated = [d for d in briefing.deadlines if any(c.document_id == undated for c in d.citations)]
    assert from_undated and all(d.approximate for d in from_undated)


def test_a_story_briefing_stays_short(corpus):
    for story in GOLD["stories"]:
        ids, docs, sentences, today = _story(corpus, story)
        briefing = build_briefing(docs, sentences, Window(story["story"], None, NOW.isoformat()), today=today)
        words = len(render_markdown(briefing).split())
        assert words <= 400, (story["story"], words)
