"""Reading facts on two cores: routing near-duplicates, parsing a passage once, storing beside reading.

The worker processes are real (forked, talking over their pipes); the store is a real SQLite file.
What must hold: the facts are the same whichever worker read a document, and with one process.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import OrderedDict

import pytest

import bot.facts as facts_module
import bot.ingest as ingest_module
from bot.facts import FactReader, _ParseCache, _shares
from bot.ingest import Ingester
from bot.store import Store
from summarizer.dates.timex import find_timexes
from tests.conftest import EXAMPLES, NOW


def _item(name: str, sentences: list[str]) -> tuple:
    text = " ".join(sentences)
    return ({"id": name, "text": text}, [{"text": s} for s in sentences], None)


STORY_A = [f"The union said on Monday it would strike at plant {n} unless wages rose." for n in range(6)]
STORY_B = [f"The regulator fined the airline over delays on route {n} and set a new inquiry." for n in range(6)]


def test_a_near_duplicate_goes_to_the_worker_that_parsed_its_sentences():
    seen = [OrderedDict(), OrderedDict()]
    first = _shares([_item("a", STORY_A), _item("b", STORY_B)], 2, seen)
    home_a = next(k for k, share in enumerate(first) if share[0][0]["id"] == "a")
    # The copies arrive in the next batch, the copy of B first (it is longer): each goes home.
    later = _shares([_item("a2", STORY_A[:5] + ["A spokesman declined to comment."]),
                     _item("b2", STORY_B + ["Shares fell two percent in early trading on the news."])], 2, seen)
    assert [d["id"] for d, _, _ in later[home_a]] == ["a2"]
    assert [d["id"] for d, _, _ in later[1 - home_a]] == ["b2"]


def test_near_duplicates_of_one_story_still_keep_both_workers_busy():
    seen = [OrderedDict(), OrderedDict()]
    _shares([_item("a", STORY_A)], 2, seen)
    copies = [_item(f"a{n}", STORY_A[:5] + [f"Update {n}: talks resumed late in the evening."]) for n in range(6)]
    shares = _shares(copies, 2, seen)
    assert all(shares), "one worker would wait for the other"
    assert len(shares[0]) > len(shares[1])  # the worker that parsed the story takes more of its copies


def test_without_history_documents_are_balanced_by_length():
    items = [_item(f"d{n}", [f"Sentence {n} of a plain article about nothing in particular."] * (n + 1))
             for n in range(6)]
    shares = _shares(items, 2)
    sizes = [sum(len(d["text"]) for d, _, _ in share) for share in shares]
    assert max(sizes) / min(sizes) < 1.3


def test_a_worker_parses_a_passage_once_and_forgets_the_oldest(monkeypatch):
    parsed: list[list[str]] = []
    real = facts_module._parse

    def counting(texts):
        parsed.append(list(texts))
        return real(texts)

    monkeypatch.setattr(facts_module, "_parse", counting)
    cache = _ParseCache(limit=2)
    one, two, three = "The talks resumed.", "The ministry declined to comment.", "Shares fell."
    first = cache.parse([one, two, one])
    again = cache.parse([two, three])
    assert parsed == [[one, two], [three]]  # each text parsed once, the repeat in a batch too
    assert first[0] is first[2] and again[0] is first[1]
    assert [d.text for d in again] == [two, three]
    cache.parse([one])  # evicted (the limit is two: "two" and "three" were used since)
    assert parsed[-1] == [one]


def test_a_rule_match_cached_for_one_date_resolves_against_another():
    """The resolver caches what its rules match in a sentence, not what the match means on one date."""
    sentence = "The ministry will publish its guidance on Monday."
    first = find_timexes(sentence, dt.date(2025, 7, 24))  # a Thursday
    second = find_timexes(sentence, dt.date(2025, 7, 29))  # a Tuesday
    assert [t.value for t in first] == ["2025-07-28"]
    assert [t.value for t in second] == ["2025-08-04"]


def _copies(folder, count: int) -> None:
    """The example articles and near-duplicate copies of them (a line changed), as a wire flood looks."""
    folder.mkdir()
    sources = sorted(p for p in EXAMPLES.iterdir() if p.suffix == ".txt")
    for n in range(count):
        source = sources[n % len(sources)]
        data = source.read_bytes()  # as they are: one is in cp1252
        if n >= len(sources):
            data += f"\n\nThis article was updated at {n % 12 + 1} p.m. with a correction to paragraph {n}.\n".encode()
        (folder / f"{n:03d}-{source.name}").write_bytes(data)


def _dump(path) -> dict[str, list]:
    db = sqlite3.connect(path)
    try:
        return {
            "facts": db.execute("select d.path, f.engine, f.data from document_facts f join documents d "
                                "on d.id = f.document_id order by d.path").fetchall(),
            "candidates": db.execute("select d.path, c.due, c.family, c.words from deadline_candidates c join "
                                     "documents d on d.id = c.document_id order by 1, 2, 3, 4").fetchall(),
            "names": db.execute("select n.name, n.kind, d.path from names n join documents d "
                                "on d.id = n.document_id order by 1, 2").fetchall(),
        }
    finally:
        db.close()


def test_two_worker_processes_store_the_facts_one_process_stores(tmp_path, monkeypatch):
    """Routing, the parse cache, the model loaded early and storing beside reading change no fact.

    Small batches, so that several go through the workers one after another (the second batch's
    near-duplicates find their passages parsed already)."""
    monkeypatch.setattr(ingest_module, "BATCH", 8)
    monkeypatch.setattr(facts_module, "PARALLEL_FROM", 4)
    drop = tmp_path / "drop"
    _copies(drop, 24)
    dumps = []
    for processes in (1, 2):
        store = Store(tmp_path / f"p{processes}" / "brief.db")
        ingester = Ingester(store, now=lambda: NOW, processes=processes)
        outcomes = list(ingester.ingest_paths([drop]))
        assert len(outcomes) == 24
        store.close()
        dumps.append(_dump(tmp_path / f"p{processes}" / "brief.db"))
    one, two = dumps
    assert len(one["facts"]) >= 20 and one["candidates"] and one["names"]
    assert one == two


def test_a_failure_storing_facts_is_raised_to_the_ingester(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "BATCH", 8)
    monkeypatch.setattr(facts_module, "PARALLEL_FROM", 4)

    def broken(self, done):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(FactReader, "save", broken)
    drop = tmp_path / "drop"
    _copies(drop, 10)
    store = Store(tmp_path / "s" / "brief.db")
    ingester = Ingester(store, now=lambda: NOW, processes=2)
    with pytest.raises(RuntimeError, match="reading facts failed") as raised:
        list(ingester.ingest_paths([drop]))
    assert "disk I/O error" in repr(raised.value.__cause__)
    store.close()


def test_what_a_worker_was_sent_is_remembered_up_to_a_limit_most_recent_kept(monkeypatch):
    monkeypatch.setattr(facts_module, "SEEN_LIMIT", 4)
    seen = [OrderedDict(), OrderedDict()]
    for n in range(5):
        _shares([_item(f"d{n}", [f"Story {n} sentence one.", f"Story {n} sentence two."])], 2, seen)
    assert all(len(memory) <= 4 for memory in seen)
    assert "Story 4 sentence two." in seen[0] or "Story 4 sentence two." in seen[1]
