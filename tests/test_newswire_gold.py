"""The gold sets written over the AQUAINT newswire are well formed and quote the articles verbatim.

The articles are third-party text (../shared/corpus/tbaq), never in the repository: whether each
quote is verbatim in its article is checked by `make bench` (bench_questions) where the corpus is,
with the checker tested here on text written for the test.
"""

from __future__ import annotations

import json
from collections import Counter

from benchmarks.newswire import DATA, misquoted_evidence, stories
from benchmarks.questions import load_questions

KINDS = {"who", "what", "when", "where", "how_many", "how_much", "what_did_x_say", "why", "yes_no", "deadline",
         "follow_up"}


def test_the_stories_split_by_story_and_cover_each_file_once():
    files = Counter(f for s in stories() for f in s.files)
    assert max(files.values()) == 1
    assert {s.split for s in stories()} == {"dev", "test"}
    assert sum(s.split == "dev" for s in stories()) == 2


def test_the_question_set_has_the_size_and_mix_the_issue_asks_for():
    questions = load_questions()
    assert len(questions) >= 150 and len({q["id"] for q in questions}) == len(questions)
    story_split = {s.key: s.split for s in stories()}
    for q in questions:
        assert q["kind"] in KINDS and story_split[q["story"]] == q["split"]
        assert bool(q["expected"]) == q["answerable"] and bool(q["evidence"]) == q["answerable"]
        assert q.get("follow_up_of") is None or q["follow_up_of"] in {p["id"] for p in questions}
    unanswerable = sum(not q["answerable"] for q in questions) / len(questions)
    assert 0.25 <= unanswerable <= 0.4
    assert sum(q.get("follow_up_of") is not None for q in questions) >= 20


def test_evidence_that_is_not_verbatim_in_its_article_is_reported():
    # The real check runs in `make bench` over the AQUAINT articles (third-party text, not in the repo);
    # here the checker itself, on articles written for the test.
    texts = {"WIRE1": "The ferry operator said on Monday that sailings would resume on March 3.",
             "WIRE2": "Harbour police declined to comment on whether the captain had been detained."}
    questions = [{"id": "q1", "evidence": [{"file": "WIRE1", "quote": "sailings would resume on March 3"}]},
                 {"id": "q2", "evidence": [{"file": "WIRE1", "quote": "sailings will resume on March 3"}]},
                 {"id": "q3", "evidence": [{"file": "WIRE9", "quote": "a file the corpus lacks"}]},
                 {"id": "q4", "evidence": []}]
    golds = [{"stories": [{"story": "ferries", "positions": [],
                           "deadlines": [{"evidence": ["sailings would resume on March 3"], "evidence_files": ["WIRE1"]}],
                           "open_questions": [{"evidence": ["comment on whether the captain"],
                                               "evidence_files": ["WIRE1"]}]}]}]
    assert misquoted_evidence(questions, golds, texts) == [
        ("q2", "sailings will resume on March 3"), ("q3", "a file the corpus lacks"),
        ("ferries open_questions", "comment on whether the captain")]


def test_the_gold_sets_name_their_evidence_files_among_the_stories_files():
    files = {f for s in stories() for f in s.files}
    for q in load_questions():
        assert all(ev["file"] in files and ev["quote"].strip() for ev in q["evidence"]), q["id"]
    for split in ("dev", "test"):
        gold = json.loads((DATA / "gold" / f"briefings-{split}.json").read_text(encoding="utf-8"))
        for story in gold["stories"]:
            for kind in ("positions", "deadlines", "open_questions"):
                for item in story[kind]:
                    assert len(item["evidence"]) == len(item["evidence_files"]) and set(item["evidence_files"]) <= files
