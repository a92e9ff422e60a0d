"""The gold sets written over the AQUAINT newswire are well formed and quote the articles verbatim.

The articles are third-party text read from ../shared/corpus/tbaq at run time;
without the corpus only the shape of the data is checked.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from benchmarks.newswire import DATA, corpus_folder, stories
from benchmarks.questions import load_questions
from summarizer.dates.timeml import parse_tml

KINDS = {"who", "what", "when", "where", "how_many", "how_much", "what_did_x_say", "why", "yes_no", "deadline",
         "follow_up"}


def _texts() -> dict[str, str]:
    folder = corpus_folder()
    if folder is None:
        pytest.skip("the AQUAINT corpus (../shared/corpus/tbaq) is not present")
    return {p.stem: parse_tml(p).text for p in folder.glob("*.tml")}


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


def test_every_quoted_evidence_string_is_verbatim_in_its_article():
    texts = _texts()
    for q in load_questions():
        for ev in q["evidence"]:
            assert ev["quote"] in texts[ev["file"]], (q["id"], ev["quote"])
    for split in ("dev", "test"):
        gold = json.loads((DATA / "gold" / f"briefings-{split}.json").read_text(encoding="utf-8"))
        for story in gold["stories"]:
            for kind in ("positions", "deadlines", "open_questions"):
                for item in story[kind]:
                    for quote, file in zip(item["evidence"], item["evidence_files"]):
                        assert quote in texts[file], (story["story"], kind, quote)
