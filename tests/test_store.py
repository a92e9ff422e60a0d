from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.store import Store, migrations

ROOT = Path(__file__).resolve().parent.parent


def _doc(doc_id: str, text: str, ingested_at: str = "2025-07-24T08:00:00+00:00", topic: str = "default") -> dict:
    return {"id": doc_id, "text": text, "ingested_at": ingested_at, "topic": topic, "source": "Wire"}


def test_store_is_wal_with_busy_timeout_and_all_tables(store):
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("pragma busy_timeout").fetchone()[0] >= 5000
    tables = set(store.db.table_names())
    for name in ("files", "documents", "sentences", "sentences_fts", "near_duplicates", "document_facts", "parses",
                 "names", "deadline_candidates", "deadline_groups", "plan_changes", "reminders", "deliveries",
                 "subscriptions", "locks"):
        assert name in tables, name
    assert "facts" not in tables  # m001's, never written: facts are document_facts
    assert "porter" in store.db["sentences_fts"].schema


def test_migrations_are_recorded_and_not_rerun(tmp_path):
    path = tmp_path / "b.db"
    Store(path).close()
    again = Store(path)
    applied = [m.name for m in migrations.applied(again.db)]
    assert applied[0] == "m001_initial" and len(applied) == len(set(applied))
    assert migrations.pending(again.db) == []


def test_search_quotes_user_text_safely(store):
    store.add_document(_doc("a", "Peskov said the Kremlin's position hasn't changed."),
                       [(0, 50, "Peskov said the Kremlin's position hasn't changed.")], [])
    # Raw apostrophes, quotes, FTS operators and parentheses would be syntax errors if passed through.
    for query in ["Kremlin's position", 'he said "no', "NOT AND OR (", "NEAR(peskov", "col:peskov*", "'"]:
        store.search_sentences(query)
    hits = store.search_sentences("What is the Kremlin's position?")
    assert [h["document_id"] for h in hits] == ["a"]


def test_search_uses_porter_stemming(store):
    text = "Negotiators negotiated for hours."
    store.add_document(_doc("a", text), [(0, len(text), text)], [])
    assert store.search_sentences("negotiation")
    assert not store.search_sentences("ceasefire")


def _firm_sentences(store) -> None:
    """Sentences most of which say "company", a few the rarer words, several word for word in other documents."""
    common = [
        "The company reported higher sales in the third quarter.",
        "Shares in the company fell after the statement.",
        "The company said the plant would close in May.",
        "A company spokesman declined to comment.",
        "The company employs 4,000 people in the region.",
        "Analysts expect the company to cut its forecast.",
    ]
    rare = [
        "The Digital Industry Alliance represents 40 technology firms.",
        "The alliance said the company had not replied.",
        "Digital services taxes were raised by the company's lawyers.",
        "A digital alliance of rival firms met in Brussels.",
    ]
    for d in range(60):
        said = [common[(d + k) % len(common)] for k in range(5)] + ([rare[d % len(rare)]] if d % 3 == 0 else [])
        spans, at = [], 0
        for sentence in said:
            spans.append((at, at + len(sentence), sentence))
            at += len(sentence) + 1
        store.add_document(_doc(f"doc{d:02}", " ".join(said)), spans, [])
    store.add_document(_doc("old", rare[3]), [(0, len(rare[3]), rare[3])], [])
    store.db.execute("update documents set superseded_by = 'doc00' where id = 'old'")


def test_a_common_last_word_is_set_aside_from_the_ranking_when_it_cannot_change_it(store, monkeypatch):
    # The OR query ranks every sentence holding "company"; its best ones are provably among those holding a
    # rarer word, scored there to the same bits, ties in the same order, superseded documents still left out.
    import bot.store

    _firm_sentences(store)
    monkeypatch.setattr(bot.store, "_PRUNE_MIN_ROWS", 50)
    monkeypatch.setattr(bot.store, "_PRUNE_MIN_ROWS_ANY", 50)
    asked: list[str] = []
    top = store._top_sentences
    monkeypatch.setattr(store, "_top_sentences", lambda match, limit: asked.append(match) or top(match, limit))
    for query, limit in (("digital alliance company", 20), ("alliance digital company", 12)):
        asked.clear()
        found = store.search_sentences(query, limit=limit)
        every = " OR ".join(f'"{w}"' for w in query.split())
        assert every not in asked and any("NOT" in m for m in asked)
        assert found == top(every, limit)
        assert len({r["rank"] for r in found}) < len(found)  # ties, kept in the OR query's order
        assert "old" not in {r["document_id"] for r in found}


def test_a_common_word_anywhere_in_the_query_is_set_aside_with_the_same_ranking(store, monkeypatch):
    # "leads Ukraine's delegation": the common word ("s", "company") sits first or between rarer ones. The
    # sentences holding a rarer word are ranked in queries keeping every word in its place; a sentence holding
    # rarer words on both sides of it, or only after it, is among them, scored to the same bits as by the OR query.
    import bot.store

    _firm_sentences(store)
    monkeypatch.setattr(bot.store, "_PRUNE_MIN_ROWS", 50)
    monkeypatch.setattr(bot.store, "_PRUNE_MIN_ROWS_ANY", 50)
    asked: list[str] = []
    top = store._top_sentences
    monkeypatch.setattr(store, "_top_sentences", lambda match, limit: asked.append(match) or top(match, limit))
    for query, limit in (("digital company alliance", 20), ("company alliance digital", 12),
                         ("alliance company digital", 15), ("company digital", 8)):
        asked.clear()
        found = store.search_sentences(query, limit=limit)
        every = " OR ".join(f'"{w}"' for w in query.split())
        assert every not in asked and any("NOT" in m for m in asked), (query, asked)
        assert found == top(every, limit), query
        assert "old" not in {r["document_id"] for r in found}


def test_a_long_query_sets_aside_the_word_holding_most_of_its_rows_with_the_same_ranking(store, monkeypatch):
    # A question's words with their synonyms: more than eight terms, one of which ("company") holds most of the
    # rows. Its sentences are left unranked when the rarer words provably outscore it, and ranked on their own
    # when not (too few sentences hold a rarer word for the top 40): the OR query's rows either way, never the
    # OR query itself.
    import bot.store

    _firm_sentences(store)
    monkeypatch.setattr(bot.store, "_PRUNE_MIN_ROWS_ANY", 50)
    asked: list[str] = []
    top = store._top_sentences
    monkeypatch.setattr(store, "_top_sentences", lambda match, limit: asked.append(match) or top(match, limit))
    query = "digital alliance company technology firms rival lawyers services brussels"
    every = " OR ".join(f'"{w}"' for w in query.split())
    for limit, provable in ((5, True), (40, False)):
        asked.clear()
        found = store.search_sentences(query, limit=limit)
        assert every not in asked and any("NOT" in m for m in asked), asked
        only_common = [m for m in asked if " NOT " in m and '"company"' in m.split(" NOT ")[0]]
        assert bool(only_common) is not provable, asked
        assert found == top(every, limit)
        assert "old" not in {r["document_id"] for r in found}
    assert len(found) == 40 and sum("company" in r["text"].lower() for r in found) > 20


def test_an_unprovable_common_run_is_ranked_on_its_own_not_with_the_whole_query_again(store, monkeypatch):
    # "alliance company digital": the rarer words' sentences are too few for the top 20; the rows holding only
    # "company" are ranked in a query of their own and joined to them, ties in the OR query's order.
    import bot.store

    _firm_sentences(store)
    monkeypatch.setattr(bot.store, "_PRUNE_MIN_ROWS", 50)
    monkeypatch.setattr(bot.store, "_PRUNE_MIN_ROWS_ANY", 50)
    asked: list[str] = []
    top = store._top_sentences
    monkeypatch.setattr(store, "_top_sentences", lambda match, limit: asked.append(match) or top(match, limit))
    for query in ("alliance company digital", "digital alliance company"):
        asked.clear()
        found = store.search_sentences(query, limit=60)
        every = " OR ".join(f'"{w}"' for w in query.split())
        assert every not in asked and '("company") NOT ("alliance" OR "digital")' in asked + [
            m.replace('"digital" OR "alliance"', '"alliance" OR "digital"') for m in asked], asked
        assert found == top(every, 60)
        assert len({r["rank"] for r in found}) < len(found)


def test_old_versions_dropped_after_the_ranking_leave_the_best_sentences_the_ranking_without_them_gives(store):
    # Sentences of superseded documents are ranked and then dropped (there are few): the rows, their order and
    # their ties must be those of a ranking that never saw them, also when they held the best places.
    import bot.store

    _firm_sentences(store)
    store.db.execute("update documents set superseded_by = 'doc01' where id in ('doc03', 'doc06', 'doc09')")
    executed: list[str] = []
    store.db.conn.set_trace_callback(executed.append)
    displaced = 0  # queries where old versions took places in the ranking of every sentence
    for match, limit in (('"digital" OR "alliance"', 3), ('"digital" OR "alliance" OR "company"', 20),
                         ('"alliance"', 5), ('"company"', 40), ('"firms"', 100)):
        without = [dict(zip(bot.store._TOP_COLS, row))
                   for row in store.db.execute(bot.store._TOP_SQL, [match, limit]).fetchall()]
        executed.clear()
        found = store._top_sentences(match, limit)
        assert any("order by rank limit" in sql and "not in" not in sql for sql in executed)
        assert found == without
        assert not {"old", "doc03", "doc06", "doc09"} & {r["document_id"] for r in found}
        every = store.db.execute(bot.store._TOP_ANY_SQL, [match, limit]).fetchall()
        displaced += bool({"old", "doc03", "doc06", "doc09"} & {row[1] for row in every})
    assert displaced >= 3
    assert len({r["rank"] for r in store._top_sentences('"company"', 40)}) < 40  # ties were compared too


def test_finding_the_superseded_documents_reads_their_index_not_every_document(store):
    from bot.store import _TOP_SQL

    plan = " | ".join(row[3] for row in store.db.execute("explain query plan " + _TOP_SQL, ['"x"', 5]).fetchall())
    assert "idx_documents_superseded_by" in plan and "SCAN documents" not in plan, plan


def test_window_is_by_arrival_and_topic(store):
    store.add_document(_doc("old", "x", "2025-07-22T08:00:00+00:00"), [], [])
    store.add_document(_doc("new", "y", "2025-07-24T08:00:00+00:00"), [], [])
    store.add_document(_doc("other", "z", "2025-07-24T08:00:00+00:00", topic="trade"), [], [])
    ids = [d["id"] for d in store.documents_in_window("2025-07-23T09:00:00+00:00", "2025-07-24T09:00:00+00:00")]
    assert ids == ["new", "other"]
    ids = [d["id"] for d in store.documents_in_window("2025-07-23T09:00:00+00:00", "2025-07-24T09:00:00+00:00",
                                                      ["trade"])]
    assert ids == ["other"]


def test_add_document_is_all_or_nothing(store):
    store.add_document(_doc("a", "one"), [(0, 3, "one")], ["b1"])
    try:
        store.add_document(_doc("a", "one again"), [(0, 3, "one")], ["b2"])
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("duplicate id accepted")
    assert store.table_counts()["sentences"] == 1
    assert store.db["lsh_bands"].count == 1


def test_two_connections_share_one_store(tmp_path):
    a, b = Store(tmp_path / "s.db"), Store(tmp_path / "s.db")
    a.add_document(_doc("x", "shared"), [(0, 6, "shared")], [])
    assert b.document("x")["text"] == "shared"


def test_a_write_after_a_search_is_committed(tmp_path):
    """Searching stems words in a scratch table; a subscription made afterwards on the same
    connection must still reach the file (seen lost once: the scratch insert left a transaction open)."""
    from bot.store import Store

    path = tmp_path / "brief.db"
    store = Store(path)
    store.stems(["talks", "stalled"])
    assert store.subscribe("slack:C1", "trade", "2025-07-24T09:00:00+00:00")
    store.db.conn.close()  # no commit on close: only what was committed survives
    again = Store(path)
    assert again.subscriptions("slack:C1") == ["trade"]


def test_a_write_that_read_first_waits_for_another_writer_instead_of_failing(tmp_path):
    """Ingestion and the facts reader beside it write one store from two connections: a transaction that
    read the store before writing must hold the write lock from its start, or a commit by the other one
    in between makes it fail at once ("database is locked") rather than wait."""
    import threading
    import time

    first, second = Store(tmp_path / "b.db"), Store(tmp_path / "b.db")
    with first.atomic():
        assert first.document("b") is None  # a read: this transaction now sees the store as it is
        other = threading.Thread(target=lambda: second.add_document(_doc("b", "two"), [(0, 3, "two")], []))
        other.start()
        time.sleep(0.3)  # the other writer would commit now if nothing held it back
        first.add_document(_doc("a", "one"), [(0, 3, "one")], [])
    other.join()
    assert set(first.documents(["a", "b"])) == {"a", "b"}
def _hold_write_lock(path, seconds: float) -> tuple[threading.Thread, threading.Event]:
    """Another connection takes the write lock, writes, and commits `seconds` later."""
    held = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("insert into subscriptions values ('slack:C9', 'other', '2025-07-24T09:00:00+00:00')")
        held.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(5)
    return thread, held


def test_a_writer_waits_for_the_lock_instead_of_failing(tmp_path):
    """add_document reads the schema before it inserts: a deferred transaction upgrading from reader to
    writer got "database is locked" at once, whatever the busy timeout (seen as files lost by the worker)."""
    store = Store(tmp_path / "s.db")
    thread, _ = _hold_write_lock(tmp_path / "s.db", 0.5)
    started = time.monotonic()
    store.add_document(_doc("a", "one"), [(0, 3, "one")], ["b1"])
    waited = time.monotonic() - started
    thread.join()
    assert waited >= 0.3  # it queued behind the other writer rather than failing or skipping the lock
    assert store.document("a")["text"] == "one"
    assert store.subscriptions("slack:C9") == ["other"]


def test_read_then_write_in_one_transaction_waits_for_the_lock(tmp_path):
    store = Store(tmp_path / "s.db")
    thread, _ = _hold_write_lock(tmp_path / "s.db", 0.3)
    with store.atomic():
        before = store.subscriptions("slack:C1")
        store.subscribe("slack:C1", "trade", "2025-07-24T09:00:00+00:00")
    thread.join()
    assert before == [] and store.subscriptions("slack:C1") == ["trade"]


def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path):
    """Every process (worker, watch, ingest) migrates the store it opens; started together on a new
    file, they must not both create the same tables."""
    path = tmp_path / "new.db"
    code = ("import sys, time; from bot.store import Store; "
            "time.sleep(max(0.0, float(sys.argv[2]) - time.time())); Store(sys.argv[1]).close()")
    at = time.time() + 1.5  # every interpreter is up by then, so the opens really overlap
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path), str(at)], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for _ in range(6)]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    applied = [m.name for m in migrations.applied(Store(path).db)]
    assert len(applied) == len(set(applied)) == len(migrations._migrations)


def test_a_store_made_before_the_facts_tables_gets_them_and_its_documents_are_read_on_demand(tmp_path):
    """A store written by a version without m010-m012 (revisions and all before them applied): opening it
    applies the rest, keeps its documents, and a digest reads their facts then (and stores them)."""
    import datetime as dt

    import sqlite_utils

    from bot.commands import Commands
    from bot.ingest import Ingester

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m010_document_facts")
    assert "document_facts" not in old.table_names() and "revision_of" in old["documents"].columns_dict
    old.close()
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "steel.txt").write_text((Path(__file__).parent / "fixtures" / "wire" / "steel-tariff-talks-wire.txt")
                                    .read_text())
    store = Store(path)
    applied = [m.name for m in migrations.applied(store.db)]
    assert sorted(applied) == sorted(m.name for m in migrations._migrations)
    assert applied.index("m004_revisions") < applied.index("m010_document_facts")
    day = dt.datetime(2025, 3, 4, 8, tzinfo=dt.timezone.utc)
    with store.atomic():  # stored as the old version stored it: a document, no facts
        list(Ingester(store, now=lambda: day).ingest_paths([drop]))
        store.db.execute("delete from document_facts")
        store.db.execute("delete from deadline_candidates")
    briefing = Commands(store, now=lambda: day + dt.timedelta(hours=1)).digest()
    assert briefing.documents == 1 and any(d.due == "2025-03-31" for d in briefing.deadlines)
    assert store.db.execute("select engine from document_facts").fetchall() != []


def test_term_frequencies_are_the_same_whether_looked_up_or_read_from_the_whole_vocabulary(store, monkeypatch):
    """Many terms (a digest window's words) are read in one pass over the vocabulary, few (a question's) are
    looked up: both must count the same sentences per term, and 0 for a term the store has never seen."""
    import bot.store as store_module

    texts = ["Negotiators negotiated for hours in Geneva.", "The negotiation stalled in Geneva.",
             "Talks resume on Monday.", "Geneva talks: no deal."]
    store.add_document(_doc("a", " ".join(texts)), [(0, 1, t) for t in texts], [])
    terms = [s[0] for s in store.stems(["negotiate", "geneva", "talks", "monday", "deal", "nowhere"])]
    assert terms == ["negoti", "geneva", "talk", "mondai", "deal", "nowher"]
    expected = {"negoti": 2, "geneva": 3, "talk": 2, "mondai": 1, "deal": 1, "nowher": 0}
    monkeypatch.setattr(store_module, "_WHOLE_VOCABULARY_FROM", 2_000)
    assert store.term_frequencies(terms) == expected
    monkeypatch.setattr(store_module, "_WHOLE_VOCABULARY_FROM", 1)
    fresh = Store(store.path)  # counts are kept per connection: this one has none yet, and reads them all
    assert fresh.term_frequencies(terms) == expected
    fresh.close()


def test_term_frequencies_kept_between_questions_follow_every_write_to_the_index(store):
    """Counts are kept while the index is unchanged; a sentence added or removed, by this connection or
    another process's, is counted at once."""
    store.add_document(_doc("a", "Talks resume in Geneva."), [(0, 23, "Talks resume in Geneva.")], [])
    assert store.term_frequencies(["talk", "geneva", "oslo"]) == {"talk": 1, "geneva": 1, "oslo": 0}
    store.add_document(_doc("b", "Geneva talks stall."), [(0, 19, "Geneva talks stall.")], [])
    assert store.term_frequencies(["talk", "oslo"]) == {"talk": 2, "oslo": 0}
    other = Store(store.path)
    other.add_document(_doc("c", "Oslo talks begin."), [(0, 17, "Oslo talks begin.")], [])
    other.close()
    assert store.term_frequencies(["talk", "geneva", "oslo"]) == {"talk": 3, "geneva": 2, "oslo": 1}
    store.db.execute("delete from sentences where document_id = 'b'")
    assert store.term_frequencies(["talk", "geneva", "oslo"]) == {"talk": 2, "geneva": 1, "oslo": 1}


def test_terms_counted_meanwhile_give_the_counts_of_the_index_as_it_is_when_asked(store, monkeypatch):
    """A large digest starts counting every term on another connection while it reads its window: the counts
    it then uses are those a lookup gives, and a pass that an index change made stale is not used."""
    texts = ["Negotiators negotiated for hours in Geneva.", "The negotiation stalled in Geneva.",
             "Talks resume on Monday."]
    store.add_document(_doc("a", " ".join(texts)), [(0, 1, t) for t in texts], [])
    terms = ["negoti", "geneva", "talk", "mondai", "oslo"]
    expected = {"negoti": 2, "geneva": 2, "talk": 1, "mondai": 1, "oslo": 0}
    fresh = Store(store.path)
    fresh.count_terms_meanwhile()
    monkeypatch.setattr(Store, "_count_terms", lambda self, terms: pytest.fail("counted again"))
    assert fresh.term_frequencies(terms) == expected
    monkeypatch.undo()
    fresh.count_terms_meanwhile()  # it keeps counts for the index as it is: no second pass
    assert fresh._vocabulary is None

    stale = Store(store.path)
    stale.count_terms_meanwhile()
    stale._vocabulary.join()  # the pass is done, then the index changes
    store.add_document(_doc("b", "Oslo talks begin."), [(0, 17, "Oslo talks begin.")], [])
    assert stale.term_frequencies(terms) == {**expected, "talk": 2, "oslo": 1}
    fresh.close()
    stale.close()


def test_a_store_opened_while_another_connection_writes_waits_for_it(tmp_path):
    # Switching a file to WAL does not wait on a writer: "database is locked" came back at once, and one of
    # the processes opening a new store together failed now and then.
    path = tmp_path / "new.db"
    writer = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    writer.execute("create table t (x)")
    writer.execute("begin immediate")
    threading.Timer(0.5, lambda: writer.execute("commit")).start()
    started = time.monotonic()
    Store(path).close()
    assert time.monotonic() - started >= 0.4  # it waited for the writer, and then opened
    writer.close()


def test_arrivals_are_when_each_known_document_was_stored(store):
    """A deadline's identity needs when its sources arrived (bot.schedule.deadline_item), not their text."""
    store.add_document(_doc("a", "The vote is due on Monday."), [(0, 26, "The vote is due on Monday.")], [])
    store.add_document(_doc("b", "Talks resume in May.", ingested_at="2025-07-25T09:30:00+00:00"),
                       [(0, 20, "Talks resume in May.")], [])
    assert store.arrivals(["b", "missing", "a", "b"]) == {"b": "2025-07-25T09:30:00+00:00",
                                                          "a": "2025-07-24T08:00:00+00:00"}
