"""The deadline index asks the store for the candidates that share enough words with a new one (m013).

The store works out in SQL what `bot.deadline_index._may_join` asks of each candidate near a
new one's dates; these tests hold the two to the same answer, over many made-up candidates,
and check that the words table follows the candidates it indexes.
"""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

from bot.deadline_index import REACH, _may_join
from bot.ingest import Ingester
from bot.store import Store
from summarizer.briefing.deadlines import SAME_THING, shared_terms

VOCABULARY = ("said", "says", "vote", "votes", "board", "quota", "fishing", "deadline", "union", "contract", "talks",
              "ministry", "strike", "strikes", "ballot", "offer", "tariff", "truce", "court", "ruling", "appeal",
              "month", "week", "monday", "march", "14", "port")
START = dt.date(2025, 6, 1)


def _row(rng: random.Random) -> dict:
    due = START + dt.timedelta(days=rng.randint(-90, 90))
    span = rng.choice([0, 0, 0, 1, 6, 30, 90, 365, 500, 900])  # most one day; a few a year or more
    words = frozenset(rng.sample(VOCABULARY, rng.randint(1, 9)))
    return {"document_id": f"d{rng.randint(0, 40)}", "family": "f", "due": due.isoformat(),
            "last": (due + dt.timedelta(days=span)).isoformat(), "length": None, "refers": 0,
            "words": " ".join(sorted(words)), "data": "{}", "moves": 0,
            "terms": [(0, w) for w in words] + [(1, t) for t in shared_terms(words)]}


def _filled(tmp_path, count=400, seed=5) -> tuple[Store, random.Random]:
    store = Store(tmp_path / "words.db")
    rng = random.Random(seed)
    for k in range(count):
        store.place_deadline_candidate("default", _row(rng), home=None, unite=[], first_key=f"k{k:05d}",
                                       item=f"i{k}")
    return store, rng


def _shares_enough(words: frozenset[str], row: dict) -> bool:
    """What the store is asked (deadline_candidates_sharing), said in Python."""
    theirs = frozenset(row["words"].split())
    raw = len(words & theirs)
    stems = len(shared_terms(words) & shared_terms(theirs))
    return raw >= 3 or raw >= SAME_THING * (len(words) + len(theirs) - raw) or stems >= 2


def test_the_store_finds_exactly_the_candidates_that_share_enough_words(tmp_path):
    store, rng = _filled(tmp_path)
    everything = store.deadline_candidates_near("default", "0001-01-01", "9999-12-31")
    answered = 0
    for _ in range(150):
        due = START + dt.timedelta(days=rng.randint(-100, 100))
        last = rng.choice([due, due, due + dt.timedelta(days=rng.choice([1, 30, 450]))])
        words = frozenset(rng.sample(VOCABULARY, rng.randint(1, 10)))
        near = [r for r in everything if r["due"] <= (last + REACH).isoformat() and r["last"] >= (due - REACH).isoformat()]
        expected = sorted(r["id"] for r in near if _shares_enough(words, r))
        found = store.deadline_candidates_sharing("default", sorted(words), sorted(shared_terms(words)),
                                                  due.isoformat(), last.isoformat(), reach_days=REACH.days,
                                                  ratio=SAME_THING)
        assert sorted(r["id"] for r in found) == expected, (due, last, sorted(words))
        # and none that the index's own test would join is left out
        c = SimpleNamespace(due=due, due_end=None if last == due else last, words=words)
        missing = {r["id"] for r in near if _may_join(c, r)} - set(expected)
        assert missing <= _two_of_one_stem(c, near)
        answered += bool(expected)
    assert answered > 100  # most questions have answers to agree on, not only empty lists


def _two_of_one_stem(c, near) -> set[int]:
    """Rows `_may_join` lets in on two words of one day that are one stem or say only when ("votes", "vote";
    "month"): `same_reading` asks two stems beyond the date's words, so they cannot be the same reading."""
    out = set()
    for r in near:
        theirs = frozenset(r["words"].split())
        if len(c.words & theirs) == 2 and len(shared_terms(c.words) & shared_terms(theirs)) < 2:
            out.add(r["id"])
    return out


def test_another_topic_is_not_found(tmp_path):
    store, rng = _filled(tmp_path, count=50)
    one = store.deadline_candidates_near("default", "0001-01-01", "9999-12-31")[0]
    words = frozenset(one["words"].split())
    ask = dict(reach_days=21, ratio=SAME_THING)
    assert store.deadline_candidates_sharing("default", sorted(words), sorted(shared_terms(words)), one["due"],
                                             one["last"], **ask)
    assert store.deadline_candidates_sharing("elsewhere", sorted(words), sorted(shared_terms(words)), one["due"],
                                             one["last"], **ask) == []


def _words_rows(store: Store) -> set[tuple]:
    return set(store.db.execute("select topic, kind, term, due, cand from deadline_words").fetchall())


def _expected_words(store: Store) -> set[tuple]:
    rows = store.db.execute("select topic, words, due, id from deadline_candidates").fetchall()
    out = set()
    for topic, words, due, cand in rows:
        found = frozenset(words.split())
        out |= {(topic, 0, w, due, cand) for w in found} | {(topic, 1, t, due, cand) for t in shared_terms(found)}
    return out


QUOTA = ("GENEVA, July 20, 2025 (Harbour Wire) - The deadline for the fishing quota agreement expires on "
         "September 2, the commission said. Negotiators from both fleets met in Geneva.\n")
OTHER = ("ROME, July 21, 2025 (Wire) - The olive oil export rules take effect on November 14, the ministry said, "
         "and growers have until October 1 to register.\n")
QUOTA_AGAIN = ("GENEVA, July 21, 2025 (Harbour Wire) - The deadline for the fishing quota agreement expires on "
               "September 9, the commission said after a second round of talks.\n")


def test_the_words_follow_the_candidates_as_documents_are_read_again_and_replaced(store, drop):
    at = dt.datetime(2025, 7, 22, 9, tzinfo=dt.timezone.utc)
    (drop / "a.txt").write_text(QUOTA, encoding="utf-8")
    Ingester(store, now=lambda: at).ingest_file(drop / "a.txt")
    assert _words_rows(store) and _words_rows(store) == _expected_words(store)
    (drop / "a.txt").write_text(QUOTA_AGAIN, encoding="utf-8")  # the file changed: its old version leaves
    Ingester(store, now=lambda: at + dt.timedelta(hours=1)).ingest_file(drop / "a.txt")
    assert _words_rows(store) == _expected_words(store)
    assert {r["due"] for r in store.deadline_candidates_near("default", "2025-01-01", "2025-12-31")} == {"2025-09-09"}


def test_candidates_stored_before_the_words_table_get_their_words_when_the_next_document_is_read(store, drop):
    at = dt.datetime(2025, 7, 22, 9, tzinfo=dt.timezone.utc)
    (drop / "a.txt").write_text(QUOTA, encoding="utf-8")
    Ingester(store, now=lambda: at).ingest_file(drop / "a.txt")
    expected = _expected_words(store)
    store.db.execute("delete from deadline_words")  # as m013 leaves a store it finds candidates in
    store.db.execute("update deadline_candidates set moves = null")
    (drop / "b.txt").write_text(OTHER, encoding="utf-8")
    Ingester(store, now=lambda: at + dt.timedelta(hours=1)).ingest_file(drop / "b.txt")
    assert expected < _words_rows(store) == _expected_words(store)
    assert [r[0] for r in store.db.execute("select moves from deadline_candidates")] == [0] * len(
        store.deadline_candidates_near("default", "0001-01-01", "9999-12-31"))


MOVED = ("OSLO, July 23, 2025 (Nordic Wire) - The deadline for the fishing quota agreement was pushed back to "
         "September 12, the commission said.\n")


def test_a_candidate_that_moves_a_date_is_found_by_a_later_one_that_shares_few_words(store, drop):
    at = dt.datetime(2025, 7, 24, 9, tzinfo=dt.timezone.utc)
    (drop / "moved.txt").write_text(MOVED, encoding="utf-8")
    Ingester(store, now=lambda: at).ingest_file(drop / "moved.txt")
    assert [r[0] for r in store.db.execute("select moves from deadline_candidates")] == [1]
    assert [r["due"] for r in store.deadline_candidates_moving("default", "2025-06-01", "2025-10-30")] == ["2025-09-12"]
