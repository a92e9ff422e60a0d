"""The SQLite store: the only module that talks to the database.

One file shared by every process (ingester, scheduler, chat adapters), so it runs
in WAL mode with a busy timeout, and its schema only moves forward through
recorded migrations. Callers get plain dicts back, never SQL or library objects.

Every write transaction starts with BEGIN IMMEDIATE (see `_Database.atomic`): a
deferred transaction that has read and then wants to write cannot wait for the lock
(SQLite refuses at once, busy timeout or not, because waiting could deadlock), which
is how a worker, a watcher and an `ingest` on one store used to lose files. Taking
the write lock first makes every writer queue behind the busy timeout instead.
Single statements outside `atomic()` run in autocommit and wait the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _without_array_libraries():
    """sqlite-utils imports numpy and pandas when they are installed, only to map their number types to column
    types; the store never writes either. spaCy puts numpy in every briefbot install, and importing it costs a
    cold `briefbot deadlines`, `digest` or `ask`, none of which loads spaCy, about 0.1 s of CPU and 12 MB.
    So they are hidden while sqlite-utils is imported, unless already loaded (a process that parses)."""
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    sys.modules.update(dict.fromkeys(hidden))  # None: "import numpy" raises ImportError, which sqlite-utils expects
    return hidden


_HIDDEN = _without_array_libraries()
try:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations
finally:
    for _name in _HIDDEN:
        if sys.modules.get(_name, False) is None:
            del sys.modules[_name]  # later imports (spaCy's) load them as usual

BUSY_TIMEOUT_MS = 10_000

migrations = Migrations("briefbot")


class _Database(sqlite_utils.Database):
    """sqlite-utils' Database whose outermost transaction is BEGIN IMMEDIATE.

    sqlite-utils wraps every write of its own (insert, upsert, create, migrations) in
    `atomic()`, so overriding it here covers them all; nested blocks stay savepoints.
    """

    @contextmanager
    def atomic(self) -> Iterator["_Database"]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["files"].create(
        {
            "path": str, "size": int, "mtime_ns": int, "file_hash": str, "status": str,
            "reason": str, "document_id": str, "seen_at": str,
        },
        pk="path",
    )
    db["documents"].create(
        {
            "id": str, "path": str, "format": str, "source": str, "title": str, "author": str,
            "url": str, "published": str, "date_source": str, "date_text": str, "undated": int,
            "file_mtime": str, "topic": str, "ingested_at": str, "duplicate_of": str,
            "words": int, "text": str,
        },
        pk="id",
    )
    db["documents"].create_index(["ingested_at"])
    db["documents"].create_index(["topic", "ingested_at"])
    db["sentences"].create(
        {"id": int, "document_id": str, "idx": int, "start": int, "end": int, "text": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["sentences"].create_index(["document_id", "idx"], unique=True)
    db["sentences"].enable_fts(["text"], create_triggers=True, tokenize="porter")
    # Near-duplicate links: both documents are kept; `similarity` is the Jaccard
    # (or containment) of their word shingles at the time of linking.
    db["near_duplicates"].create(
        {"document_id": str, "other_id": str, "similarity": float, "kind": str},
        pk=("document_id", "other_id"),
    )
    # MinHash LSH bands, persisted so that near-duplicate lookup stays O(bands) per
    # new document however large the store grows.
    db["lsh_bands"].create({"band": int, "bucket": str, "document_id": str})
    db["lsh_bands"].create_index(["band", "bucket"])
    # Later stages: extracted facts, reminders and deliveries (the scheduler's
    # source of truth), subscriptions and the single-scheduler lock.
    db["facts"].create(
        {
            "id": int, "document_id": str, "kind": str, "actor": str, "text": str, "date": str,
            "anchor": str, "data": str, "citations": str, "created_at": str,
        },
        pk="id",
    )
    db["facts"].create_index(["document_id"])
    db["facts"].create_index(["kind"])
    db["reminders"].create(
        {
            "id": int, "channel": str, "item": str, "offset": str, "due": str, "fire_at": str,
            "status": str, "data": str, "planned_at": str,
        },
        pk="id",
    )
    db["reminders"].create_index(["channel", "item", "offset"], unique=True)
    db["deliveries"].create(
        {
            "key": str, "channel": str, "kind": str, "item": str, "slot": str, "status": str,
            "created_at": str, "sent_at": str, "detail": str,
        },
        pk="key",
    )
    db["subscriptions"].create({"channel": str, "topic": str, "created_at": str}, pk=("channel", "topic"))
    db["locks"].create({"name": str, "owner": str, "acquired_at": str, "heartbeat_at": str}, pk="name")


@migrations()
def m002_search_weights(db: sqlite_utils.Database) -> None:
    """A read-only view of the sentence index's vocabulary: per-term sentence counts, for IDF weights.

    fts5vocab stores nothing of its own; it reads the FTS5 index, so it stays in step with every insert.
    """
    db.execute("create virtual table if not exists sentences_fts_vocab using fts5vocab(sentences_fts, 'row')")


@migrations()
def m003_scheduler(db: sqlite_utils.Database) -> None:
    """What the scheduler needs beyond m001: when a delivery is due, who claimed it, how often it
    was tried, when to retry, the digest window it covered; plus a small key/value table for
    re-plan watermarks. Indexes keep a tick with nothing due cheap however many rows are planned."""
    deliveries = db["deliveries"]
    for column, kind in (("fire_at", str), ("attempts", int), ("claimed_by", str), ("claimed_at", str),
                         ("retry_at", str), ("covers_until", str)):
        if column not in deliveries.columns_dict:
            deliveries.add_column(column, kind)
    deliveries.create_index(["status", "fire_at"], if_not_exists=True)
    deliveries.create_index(["channel", "kind", "status"], if_not_exists=True)
    db["reminders"].create_index(["status", "fire_at"], if_not_exists=True)
    db["scheduler_state"].create({"name": str, "value": str, "updated_at": str}, pk="name", if_not_exists=True)


@migrations()
def m004_revisions(db: sqlite_utils.Database) -> None:
    """A file changed after it was ingested: its new text is a revision of the document it held.

    `revision_of` on the newer document names the one it replaces; `superseded_by` on the older
    one names its replacement. Both stay stored; digests, deadlines and questions see only
    documents with no `superseded_by` (the current version of each file).
    """
    documents = db["documents"]
    for column in ("revision_of", "superseded_by"):
        if column not in documents.columns_dict:
            documents.add_column(column, str)
    documents.create_index(["superseded_by"], if_not_exists=True)


@migrations()
def m010_document_facts(db: sqlite_utils.Database) -> None:
    """What the engine read in each document, once: its facts (compressed JSON, tagged with the engine
    version and the aliases they were read with), the spaCy parse of the passages it parsed (so that a
    new engine version reads them again without parsing), and the names documents taught (organisations,
    people with a side), with which every later document's mentions are read."""
    db["document_facts"].create({"document_id": str, "engine": int, "aliases": str, "updated_at": str,
                                 "data": bytes}, pk="document_id", if_not_exists=True)
    db["document_facts"].create_index(["engine", "aliases"], if_not_exists=True)
    db["parses"].create({"document_id": str, "model": str, "data": bytes}, pk="document_id", if_not_exists=True)
    db["names"].create({"name": str, "kind": str, "document_id": str}, pk=("name", "kind"), if_not_exists=True)


@migrations()
def m011_deadline_index(db: sqlite_utils.Database) -> None:
    """Deadlines kept merged as documents arrive: each stored deadline candidate with the group (deadline)
    it belongs to, indexed by topic and day so that a new document touches only the groups near its dates;
    and a log of the groups each change touched, which the scheduler re-plans from."""
    db["deadline_candidates"].create({
        "id": int, "document_id": str, "topic": str, "family": str, "due": str, "last": str, "length": str,
        "refers": int, "grp": int, "words": str, "key": str, "item": str, "data": str}, pk="id", if_not_exists=True)
    db["deadline_candidates"].create_index(["topic", "due"], if_not_exists=True)
    db["deadline_candidates"].create_index(["topic", "length"], if_not_exists=True)
    db["deadline_candidates"].create_index(["grp"], if_not_exists=True)
    db["deadline_candidates"].create_index(["document_id"], if_not_exists=True)
    db["deadline_groups"].create({"id": int, "topic": str, "first": str, "last": str, "item": str,
                                  "first_key": str}, pk="id", if_not_exists=True)
    db["deadline_groups"].create_index(["topic", "last"], if_not_exists=True)
    db["plan_changes"].create({"seq": int, "topic": str, "items": str, "groups": str, "at": str}, pk="seq",
                              if_not_exists=True)


@migrations()
def m012_drop_unused_facts(db: sqlite_utils.Database) -> None:
    """m001's `facts` table was never written: facts live in `document_facts` (m010)."""
    if "facts" in db.table_names():
        db["facts"].drop()


LONG_SPAN_DAYS = 400  # a candidate whose days span more (a year at most, as a rule) is found apart (m013)


@migrations()
def m013_deadline_words(db: sqlite_utils.Database) -> None:
    """Each deadline candidate's words (kind 0) and the stems of those not about when (kind 1), one row each,
    keyed by topic, word and day: a new candidate reads only the stored ones that share enough words with it
    (`deadline_candidates_sharing`), not every candidate near its dates, which in a flood of one story is
    most of the store. And whether a candidate may give a moved date (`moves`). Candidates stored before have
    `moves` NULL and no words yet: `bot.deadline_index` fills them in, as it alone knows the stems."""
    db.execute("create table if not exists deadline_words (topic text not null, kind integer not null, "
               "term text not null, long integer not null, due text not null, cand integer not null, "
               "last text not null, size integer not null, "
               "primary key (topic, kind, term, long, due, cand)) without rowid")
    db.execute("create index if not exists idx_deadline_words_cand on deadline_words(cand)")
    if "moves" not in db["deadline_candidates"].columns_dict:
        db["deadline_candidates"].add_column("moves", int)
    db["deadline_candidates"].create_index(["moves", "topic", "due"], if_not_exists=True)


def _word_rows(cand: int, topic: str, due: str, last: str, words: str, terms: Iterable[tuple[int, str]]) -> list[tuple]:
    """The rows of `deadline_words` for one stored candidate: its terms, with its days and its number of words."""
    long = int((dt.date.fromisoformat(last) - dt.date.fromisoformat(due)).days > LONG_SPAN_DAYS)
    size = len(set(words.split()))
    return [(topic, kind, term, long, due, cand, last, size) for kind, term in set(terms)]


def _enable_wal(db: sqlite_utils.Database) -> None:
    """Switch the file to WAL, waiting as long as the busy timeout for a writer to finish.

    The switch needs the file to itself, and SQLite does not wait for it when another connection holds
    a write transaction: "database is locked" comes back at once, busy timeout or not. Processes that
    open a new store together (worker, watch, ingest) then failed now and then. Each failed attempt
    releases its locks, so trying again shortly is safe.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Store:
    """A briefbot store on disk. Open one per process (or thread); SQLite does the locking.

    `one_thread=True` makes any use from another thread than the opening one an error
    (sqlite3.ProgrammingError) instead of a race: closing a connection while another thread
    runs a statement on it crashes the process (see bot/store_thread.py).
    """

    def __init__(self, path: Path | str, *, one_thread: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit (deferred) transactions from the driver;
        # transactions are only the IMMEDIATE ones of atomic().
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=one_thread)
        # No sqlite-utils plugins: the store registers its own functions, and looking for plugins scans every
        # installed package's entry points, 20 ms of each cold command.
        self.db = _Database(conn, execute_plugins=False)
        self._counts_version: bytes | None = None  # see term_frequencies
        self._counts: dict[str, int] = {}
        self._vocabulary: _VocabularyRead | None = None  # see count_terms_meanwhile
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _enable_wal(self.db)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA synchronous = NORMAL")
        if migrations.pending(self.db):
            # Under the write lock, so processes opening a new store at once apply each migration once.
            with self.db.atomic():
                migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE; a savepoint when nested)."""
        with self.db.atomic():
            yield

    # -- files seen ----------------------------------------------------------------
    def file_record(self, path: str) -> dict | None:
        rows = list(self.db["files"].rows_where("path = ?", [path]))
        return rows[0] if rows else None

    def record_file(self, **row: Any) -> None:
        with self.db.atomic():
            self.db["files"].upsert(row, pk="path")

    def files(self) -> list[dict]:
        return list(self.db["files"].rows_where(order_by="path"))

    # -- documents ------------------------------------------------------------------
    def document(self, document_id: str) -> dict | None:
        rows = list(self.db["documents"].rows_where("id = ?", [document_id]))
        return rows[0] if rows else None

    def documents(self, ids: Iterable[str]) -> dict[str, dict]:
        ids = list(dict.fromkeys(ids))
        found: dict[str, dict] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db["documents"].rows_where(f"id in ({marks})", chunk):
                found[row["id"]] = row
        return found

    def arrivals(self, ids: Iterable[str]) -> dict[str, str]:
        """When each of these documents was stored (`ingested_at`): what a deadline's identity needs of its
        sources, without reading their text (`documents` reads every column)."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"select id, ingested_at from documents where id in ({marks})", chunk))
        return found

    def add_document(self, document: dict, sentences: Sequence[tuple[int, int, str]], bands: Sequence[str], *,
                     near_duplicate: tuple[str, str, float, str] | None = None, replaces: str | None = None,
                     file: dict | None = None) -> str | None:
        """Insert a new document with its sentences and LSH bands, all or nothing; the id it replaced.

        In the same transaction: its near-duplicate link (document_id, other_id, similarity, kind),
        the earlier version of the same file it `replaces` (hidden from then on, see m004), and the
        `files` row of the file it came from, so that a crash never leaves a document without its
        link, two current versions of one file, or a stored file the next run would not know.
        """
        with self.db.atomic():
            if replaces:
                # Another process may have stored a newer version since the caller looked: replace the newest.
                replaces = self._newest_version(replaces)
            self.db["documents"].insert({**document, "revision_of": replaces}, pk="id")
            # Plain statements: sqlite-utils would look the tables' columns up again for every document.
            self.db.conn.executemany('insert into sentences(document_id, idx, start, "end", text) values (?, ?, ?, ?, ?)',
                                     ((document["id"], i, s, e, t) for i, (s, e, t) in enumerate(sentences)))
            self.db.conn.executemany("insert into lsh_bands(band, bucket, document_id) values (?, ?, ?)",
                                     ((i, b, document["id"]) for i, b in enumerate(bands)))
            if replaces:
                self.db.execute("update documents set superseded_by = ? where id = ?", [document["id"], replaces])
            if near_duplicate:
                self._link_near_duplicate(*near_duplicate)
            if file:
                self.record_file(**file)
        return replaces

    def _newest_version(self, document_id: str) -> str:
        """Follow superseded_by links to the current version (a revert can make them loop: stop there)."""
        seen = {document_id}
        while True:
            row = self.db.execute("select superseded_by from documents where id = ?", [document_id]).fetchone()
            if not row or not row[0] or row[0] in seen:
                return document_id
            document_id = row[0]
            seen.add(document_id)

    def restore_revision(self, current_id: str, earlier_id: str, file: dict) -> str:
        """A file changed back to the text of one of its earlier versions: that one is current again.
        Returns the version it replaced (`earlier_id` itself when it was current already)."""
        with self.db.atomic():
            current_id = self._newest_version(current_id)
            if current_id != earlier_id:
                self.db.execute("update documents set superseded_by = ? where id = ?", [earlier_id, current_id])
                self.db.execute("update documents set superseded_by = null where id = ?", [earlier_id])
            self.record_file(**file)
        return current_id

    def documents_in_window(self, since: str | None, until: str, topics: Sequence[str] | None = None) -> list[dict]:
        """Current documents (no newer revision) that arrived in (since, until], oldest first."""
        where, args = ["ingested_at <= ?", "superseded_by is null"], [until]
        if since:
            where.append("ingested_at > ?")
            args.append(since)
        if topics:
            where.append(f"topic in ({','.join('?' * len(topics))})")
            args.extend(topics)
        return list(self.db["documents"].rows_where(" and ".join(where), args, order_by="ingested_at, id"))

    def document_count(self) -> int:
        return self.db["documents"].count

    # -- near duplicates ------------------------------------------------------------
    def candidates_sharing_bands(self, bands: Sequence[str], limit: int = 8) -> list[str]:
        """Current documents sharing LSH band buckets with the given signature, most shared bands first.

        Sharing more bands means a higher estimated similarity, so the few best are enough. An
        earlier version of a file is no candidate: its newer version is the one to link to.
        """
        if not bands:
            return []
        clauses = " or ".join("(band = ? and bucket = ?)" for _ in bands)
        args: list[Any] = []
        for i, b in enumerate(bands):
            args.extend([i, b])
        rows = self.db.execute(
            f"select document_id, count(*) as shared from lsh_bands where ({clauses}) "
            f"and document_id not in ({_SUPERSEDED_DOCS}) "
            "group by document_id order by shared desc, document_id limit ?",
            [*args, limit],
        ).fetchall()
        return [r[0] for r in rows]

    def link_near_duplicate(self, document_id: str, other_id: str, similarity: float, kind: str) -> None:
        """Record that `document_id` is a near-duplicate of the original `other_id` (both stay stored)."""
        with self.db.atomic():
            self._link_near_duplicate(document_id, other_id, similarity, kind)

    def _link_near_duplicate(self, document_id: str, other_id: str, similarity: float, kind: str) -> None:
        self.db["near_duplicates"].upsert(
            {"document_id": document_id, "other_id": other_id, "similarity": round(similarity, 4), "kind": kind},
            pk=("document_id", "other_id"),
        )
        self.db["documents"].update(document_id, {"duplicate_of": other_id})

    def near_duplicates(self, document_id: str) -> list[dict]:
        return list(
            self.db["near_duplicates"].rows_where(
                "document_id = ? or other_id = ?", [document_id, document_id], order_by="similarity desc"
            )
        )

    # -- sentences and search -------------------------------------------------------
    def sentences_of(self, document_ids: Sequence[str]) -> list[dict]:
        out: list[dict] = []
        for chunk in _chunks(list(document_ids), 500):
            marks = ",".join("?" * len(chunk))
            out.extend(self.db["sentences"].rows_where(f"document_id in ({marks})", chunk, order_by="document_id, idx"))
        return out

    def search_sentences(self, query: str, *, limit: int = 20, topics: Sequence[str] | None = None) -> list[dict]:
        """Full-text search over sentences, best first (BM25). User text is quoted, never parsed as FTS syntax.

        Each word becomes a quoted FTS5 term, OR-ed together, so "what's the deadline?" cannot
        raise a syntax error and a sentence need not contain every word to be found.
        """
        terms = _fts_terms(query)
        if not terms:
            return []
        match = " OR ".join(terms)
        if not topics:
            # Ranking every row a common word matches is what costs.
            held = self._held_terms(terms) if len(terms) >= 2 else None
            pruned = None
            if held is not None:
                held_terms, ceilings, dfs = held
                if len(terms) <= 8 and sum(dfs) > _PRUNE_MIN_ROWS:
                    pruned = self._or_top_by_and(held_terms, ceilings, limit)
                    if pruned is None:
                        pruned = self._or_top_without_common(held_terms, ceilings, dfs, limit,
                                                             _common_run(ceilings, dfs))
                else:
                    # Fewer rows, or a question's words with their synonyms ("talks negotiate negotiated ..."):
                    # one word often holds most of the rows ("talks"), which the others outscore.
                    run = _commonest_run(ceilings, dfs)
                    pruned = self._or_top_without_common(held_terms, ceilings, dfs, limit, run)
            return pruned if pruned is not None else self._top_sentences(match, limit)
        sql = (
            "select s.id, s.document_id, s.idx, s.start, s.end, s.text, bm25(sentences_fts) as rank "
            "from sentences_fts join sentences s on s.id = sentences_fts.rowid "
            "join documents d on d.id = s.document_id where sentences_fts match ? and d.superseded_by is null"
        )
        args: list[Any] = [match]
        sql += f" and d.topic in ({','.join('?' * len(topics))})"
        args.extend(topics)
        sql += " order by rank limit ?"
        args.append(limit)
        cursor = self.db.execute(sql, args)
        cols = [c[0] for c in cursor.description]
        return [dict(zip(cols, row)) for row in cursor.fetchall()]

    def _top_sentences(self, match: str, limit: int) -> list[dict]:
        """The `limit` best sentences for an FTS5 expression: ranked inside the index, joined afterwards.

        Ordering the bare FTS rows first and joining only the survivors halves the cost of a query
        matching tens of thousands of sentences (BM25 is computed once per row either way).
        """
        superseded = {r[0] for r in self.db.execute(_SUPERSEDED_SENTENCES, [_SUPERSEDED_AFTER_RANKING + 1])}
        if len(superseded) > _SUPERSEDED_AFTER_RANKING:
            cursor = self.db.execute(_TOP_SQL, [match, limit])
            return [dict(zip(_TOP_COLS, row)) for row in cursor.fetchall()]
        # Few old versions (none, mostly): leaving them out of the ranking costs a look-up in every row ranked
        # (a tenth of the query); ranking as many more and dropping them after gives the same rows, ties in the
        # same order (the ranking keeps equal scores in the order the rows came).
        cursor = self.db.execute(_TOP_ANY_SQL, [match, limit + len(superseded)])
        rows = [dict(zip(_TOP_COLS, row)) for row in cursor.fetchall()]
        return [r for r in rows if r["id"] not in superseded][:limit]

    def _or_top_by_and(self, terms: list[str], ceilings: list[float], limit: int) -> list[dict] | None:
        """The OR query's best sentences found among those holding every term, when that is provably the same.

        A sentence missing a term scores at most the sum of the other terms' BM25 ceilings
        (idf * (k1 + 1), with the index's k1 = 1.2). When the `limit`-th sentence holding
        every term scores above that, no other sentence can enter the top `limit`, and the
        AND query, which scores far fewer rows, gives the OR query's answer. None: not provable.
        `terms` and `ceilings`: as `_held_terms` gives them.
        """
        if len(terms) == 1:
            return self._top_sentences(terms[0], limit)
        bound = sum(ceilings) - min(ceilings)
        rows = self._top_sentences(" AND ".join(terms), limit)
        if len(rows) < limit or -rows[-1]["rank"] <= bound * 1.0001 + 1e-9:
            return None
        return rows

    def _or_top_without_common(self, terms: list[str], ceilings: list[float], dfs: list[int],
                               limit: int, run: tuple[int, int] | None) -> list[dict] | None:
        """The OR query's best sentences, found among those holding one of its rarer terms when that is provably
        the same, else with those holding only its common ones too.

        Common terms ("company", the "s" of "Ukraine's") match most of the rows the OR query scores. A
        sentence holding only them scores at most the sum of their BM25 ceilings; when the `limit`-th best
        of the sentences holding a rarer term scores above that, those are the OR query's best. They are
        ranked in queries that score only their own rows, with the common run of terms (`run`: start, end)
        between the rarer ones before it and after it: the rarer terms without the common ones
        ("(before OR after) NOT common"), and with them, the query's terms in their order ("before AND
        (common OR after)", "(before OR common) AND after"). A sentence's score is a sum over the query's
        terms in their order, a term it lacks adding exactly 0: in each query the terms a returned
        sentence holds come in the OR query's order, so its score is the OR query's to the last bit, and
        equal scores come in rowid order, as from the OR query. None: no run to set aside.
        """
        if run is None:
            return None
        start, end = run
        before, common, after = terms[:start], terms[start:end], terms[end:]
        either = " OR ".join
        queries = [f"({either(before + after)}) NOT ({either(common)})"]
        if before:
            queries.append(f"({either(before)}) AND ({either(common + after)})")
        if after:
            queries.append(f"({either(before + common)}) AND ({either(after)})")
        found: dict[int, dict] = {}
        for match in queries:  # a sentence holding rarer terms on both sides of the run comes twice
            for row in self._top_sentences(match, limit):
                found.setdefault(row["id"], row)
        rows = sorted(found.values(), key=lambda r: (r["rank"], r["id"]))[:limit]
        if len(rows) < limit or -rows[-1]["rank"] <= sum(ceilings[start:end]) * 1.0001 + 1e-9:
            # Not provable: the sentences holding only common terms are ranked too ("common NOT (before OR
            # after)", the common terms in their order), and then every sentence the OR query scores has been,
            # to the same bits. Only the rows that query holds are ranked again, not the rarer terms' too.
            for row in self._top_sentences(f"({either(common)}) NOT ({either(before + after)})", limit):
                found.setdefault(row["id"], row)
            rows = sorted(found.values(), key=lambda r: (r["rank"], r["id"]))[:limit]
        return rows

    def _held_terms(self, terms: list[str]) -> tuple[list[str], list[float]] | None:
        """The query's terms some sentence holds, in their order, with each one's BM25 ceiling (idf * (k1 + 1),
        with the index's k1 = 1.2); None when the OR query is cheap anyway or a term is several tokens."""
        words = [t[1:-1].replace('""', '"') for t in terms]
        stems = self.stems(words)
        if any(len(s) != 1 for s in stems):  # a word that is a phrase of several tokens: no simple bound
            return None
        freq = self.term_frequencies(s[0] for s in stems)
        dfs = [freq.get(s[0], 0) for s in stems]
        if sum(dfs) <= _PRUNE_MIN_ROWS_ANY:
            return None
        # A term no sentence holds adds nothing to any score: the OR query ranks as the others alone.
        terms, dfs = [t for t, n in zip(terms, dfs) if n], [n for n in dfs if n]
        total = self.sentence_total()  # >= the index's row count, so every ceiling below errs high
        return terms, [max(math.log((total - n + 0.5) / (n + 0.5)), 1e-6) * 2.2 for n in dfs], dfs

    # -- term statistics (question answering) -----------------------------------------
    def sentence_total(self) -> int:
        """About how many sentences are indexed (the largest rowid: O(1), exact unless rows were deleted)."""
        row = self.db.execute("select max(rowid) from sentences").fetchone()
        return int(row[0] or 0)

    def word_idf(self, words: Iterable[str]) -> dict[str, float]:
        """Each word's inverse frequency over the store's sentences (its rarest index term's), for story grouping.

        Read from the FTS5 vocabulary: nothing to maintain, and it grows with the store.
        """
        words = sorted(set(words))
        stems = self.stems(words)
        freq = self.term_frequencies({s for st in stems for s in st})
        total = self.sentence_total()
        return {w: math.log((1 + total) / (1 + min((freq.get(s, 0) for s in st), default=0)) + 1)
                for w, st in zip(words, stems)}

    def stems(self, words: Sequence[str]) -> list[list[str]]:
        """The index terms (porter stems) of each word, exactly as the sentence index tokenizes them.

        A scratch FTS5 table in the connection's temp schema does the stemming, so the
        Python side never needs a stemmer of its own that might disagree with SQLite's.
        """
        outer = self.db.conn.in_transaction  # the scratch writes below must not leave a transaction open
        self.db.execute("create virtual table if not exists temp.stem_probe using fts5(w, tokenize='porter')")
        self.db.execute("create virtual table if not exists temp.stem_probe_vocab "
                        "using fts5vocab(temp, stem_probe, 'instance')")
        # One transaction for the scratch rows: on an autocommit connection each insert would be its own
        # (10,000 words: 0.3 s against 0.02 s).
        self.db.execute("savepoint stem_probe")
        self.db.execute("delete from temp.stem_probe")
        self.db.conn.executemany("insert into temp.stem_probe(rowid, w) values (?, ?)",
                                 [(i + 1, w) for i, w in enumerate(words)])
        self.db.execute("release stem_probe")
        out: list[list[str]] = [[] for _ in words]
        for term, doc in self.db.execute("select term, doc from temp.stem_probe_vocab order by doc, offset"):
            out[doc - 1].append(term)
        if not outer:
            self.db.conn.commit()  # else later writes on this connection (subscribe) stay uncommitted and are lost
        return out

    def term_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many sentences contain each index term (0 for terms the store has never seen).

        Counts are kept while the index stays as it is: fts5vocab counts a term's rows by walking all of
        its postings ("the": 6 ms at 10,000 articles), and every question asks again for "the", "what", "did".
        """
        terms = list(dict.fromkeys(terms))
        known = self._counted_terms()
        every = self._counted_meanwhile()
        found = {t: known.get(t, -1) for t in terms}
        missing = [t for t, n in found.items() if n < 0]
        if missing:
            counted = {t: every.get(t, 0) for t in missing} if every is not None else self._count_terms(missing)
            found.update(counted)
            if len(known) + len(counted) > _COUNTS_KEPT:
                known.clear()
            known.update(counted)
        return found

    def count_terms_meanwhile(self) -> None:
        """Start counting every index term on a connection of its own, for the next `term_frequencies`,
        which is about to ask for thousands (a large digest window's words, `word_idf`).

        The pass over the vocabulary is SQLite's work (0.3-0.5 s at 10,000 articles), done without the
        GIL: the caller reads and decodes its window meanwhile. The next `term_frequencies` waits for it and
        uses it only if the index is still as the pass found it (the same structure record). A process that
        already keeps counts for the index as it is (a chat app's second digest) has little left to count."""
        if self._vocabulary is None and not self._counted_terms():
            self._vocabulary = _VocabularyRead(self.path)
            self._vocabulary.start()

    def _counted_meanwhile(self) -> dict[str, int] | None:
        """Every term's count from `count_terms_meanwhile` (waited for), if it describes the index as it is
        now (`_counted_terms` read the structure record just before); None otherwise."""
        read, self._vocabulary = self._vocabulary, None
        if read is None:
            return None
        read.join()
        if self.db.conn.in_transaction or read.version is None or read.version != self._counts_version:
            return None
        return read.counts

    def _counted_terms(self) -> dict[str, int]:
        """The term counts kept for the index as it is now (a fresh, unkept dict inside a write transaction,
        whose rows are not yet in the index's structure)."""
        if self.db.conn.in_transaction:
            return {}
        # The FTS5 structure record lists the index's segments and counts its writes: any change to the
        # index, by this connection or another, writes a new one.
        row = self.db.execute("select block from sentences_fts_data where id = 10").fetchone()
        version = row[0] if row else None
        if version != self._counts_version or not version:
            self._counts_version, self._counts = version, {}
        return self._counts

    def _count_terms(self, terms: list[str]) -> dict[str, int]:
        found = {t: 0 for t in terms}
        if len(terms) > _WHOLE_VOCABULARY_FROM:  # a window's words: one pass over the vocabulary costs less
            for term, doc in self.db.execute("select term, doc from sentences_fts_vocab"):
                if term in found:
                    found[term] = int(doc)
            return found
        for chunk in _chunks(terms, 500):
            marks = ",".join("?" * len(chunk))
            for term, doc in self.db.execute(f"select term, doc from sentences_fts_vocab where term in ({marks})",
                                             chunk):
                found[term] = int(doc)
        return found

    def search_sentences_groups(self, groups: Sequence[Sequence[str]], *, limit: int = 20,
                                topics: Sequence[str] | None = None) -> list[dict]:
        """Sentences holding one word of every group, best first (BM25).

        A question of common words needs every one of them ([[a], [b]]): an OR over them would
        rank most of the index. "What does the EU want?": (eu OR brussels) AND (want OR demand OR
        urge ...), so that a common actor name does not fill the pool with sentences where it wants nothing.
        """
        ors = [_fts_terms(" ".join(g)) for g in groups]
        if not ors or not all(ors):
            return []
        match = " AND ".join("(" + " OR ".join(terms) + ")" for terms in ors)
        if not topics:
            return self._top_sentences(match, limit)
        sql = ("select s.id, s.document_id, s.idx, s.start, s.end, s.text, bm25(sentences_fts) as rank "
               "from sentences_fts join sentences s on s.id = sentences_fts.rowid "
               "join documents d on d.id = s.document_id where sentences_fts match ? and d.superseded_by is null "
               f"and d.topic in ({','.join('?' * len(topics))}) order by rank limit ?")
        cursor = self.db.execute(sql, [match, *topics, limit])
        cols = [c[0] for c in cursor.description]
        return [dict(zip(cols, row)) for row in cursor.fetchall()]

    def sentences_around(self, document_id: str, idx: int, before: int = 1, after: int = 0) -> list[dict]:
        """A sentence's neighbours in its document (for "..., he said" attributions)."""
        return list(self.db["sentences"].rows_where("document_id = ? and idx between ? and ?",
                                                    [document_id, idx - before, idx + after], order_by="idx"))

    # -- what the engine read in each document (see summarizer.facts.document) ----------
    def facts_of(self, ids: Iterable[str]) -> dict[str, dict]:
        """Stored facts rows (document_id, engine, aliases, data) of these documents."""
        found: dict[str, dict] = {}
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"select document_id, engine, aliases, data from document_facts "
                                       f"where document_id in ({marks})", chunk):
                found[row[0]] = {"document_id": row[0], "engine": row[1], "aliases": row[2], "data": row[3]}
        return found

    def save_facts(self, rows: Sequence[dict], at: str) -> None:
        """Store facts rows (document_id, engine, aliases, data), replacing older ones, in one transaction."""
        with self.db.atomic():
            self.db.conn.executemany(
                "insert into document_facts(document_id, engine, aliases, updated_at, data) values (?, ?, ?, ?, ?) "
                "on conflict(document_id) do update set engine = excluded.engine, aliases = excluded.aliases, "
                "updated_at = excluded.updated_at, data = excluded.data",
                [(r["document_id"], r["engine"], r["aliases"], at, r["data"]) for r in rows])

    def documents_needing_facts(self, engine: int, aliases: str, *, limit: int | None = None) -> list[str]:
        """Documents whose facts are missing or were read by another engine version or other aliases, oldest first."""
        sql = ("select d.id from documents d left join document_facts f on f.document_id = d.id "
               "where d.superseded_by is null and (f.document_id is null or f.engine != ? or f.aliases != ?) "
               "order by d.ingested_at, d.id")
        args: list[Any] = [engine, aliases]
        if limit is not None:
            sql += " limit ?"
            args.append(limit)
        return [r[0] for r in self.db.execute(sql, args)]

    def parses_of(self, ids: Iterable[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"select document_id, model, data from parses where document_id in ({marks})",
                                       chunk):
                found[row[0]] = {"document_id": row[0], "model": row[1], "data": row[2]}
        return found

    def save_parses(self, rows: Sequence[dict]) -> None:
        with self.db.atomic():
            self.db.conn.executemany("insert or replace into parses(document_id, model, data) values (?, ?, ?)",
                                     [(r["document_id"], r["model"], r["data"]) for r in rows])

    def names(self) -> dict[str, list[str]]:
        """Names documents taught, by kind ("org", "person")."""
        out: dict[str, list[str]] = {"org": [], "person": []}
        for name, kind in self.db.execute("select name, kind from names order by rowid"):
            out.setdefault(kind, []).append(name)
        return out

    def add_names(self, rows: Sequence[tuple[str, str, str]]) -> list[tuple[str, str]]:
        """Record (name, kind, document_id) rows; returns the (name, kind) pairs that were new."""
        new = []
        with self.db.atomic():
            for name, kind, document_id in rows:
                cursor = self.db.execute("insert or ignore into names(name, kind, document_id) values (?, ?, ?)",
                                         [name, kind, document_id])
                if cursor.rowcount == 1:
                    new.append((name, kind))
        return new

    # -- deadlines kept merged (bot.deadline_index) ------------------------------------
    def deadline_candidates_near(self, topic: str, first: str, last: str) -> list[dict]:
        """Candidates of a topic whose days reach into [first, last] (their due is at most `last`, their last
        day at least `first`): id, grp, due, last and words only, the rest is read for those that matter."""
        cursor = self.db.execute("select id, grp, due, last, words from deadline_candidates "
                                 "where topic = ? and due <= ? and last >= ?", [topic, last, first])
        return [dict(zip(_NEAR_COLS, row)) for row in cursor.fetchall()]

    def deadline_candidates_sharing(self, topic: str, words: Sequence[str], stems: Sequence[str], due: str,
                                    last: str, *, reach_days: int, ratio: float) -> list[dict]:
        """Candidates of a topic, their days within `reach_days` of `due` to `last`, that share three of these
        words, or a `ratio` of the words of both, or two of these stems (see m013): those that may give the
        same date for the same thing as a new candidate, or a rival date (`bot.deadline_index._near`). Worked
        out in SQL: in a flood of one story most candidates near a date share a word or two ("said", "vote"),
        few share enough. Columns as in `deadline_candidates_near`."""
        first = (dt.date.fromisoformat(due) - dt.timedelta(days=reach_days)).isoformat()
        upto = (dt.date.fromisoformat(last) + dt.timedelta(days=reach_days)).isoformat()
        earliest = (dt.date.fromisoformat(first) - dt.timedelta(days=LONG_SPAN_DAYS)).isoformat()
        parts, args = [], []
        for kind, terms in ((0, sorted(set(words))), (1, sorted(set(stems)))):
            if not terms:
                continue
            for long, since in ((0, earliest), (1, "0000-00-00")):
                parts.append(f"select cand, kind, size from deadline_words where topic = ? and kind = ? and "
                             f"term in ({','.join('?' * len(terms))}) and long = ? and due between ? and ? "
                             f"and last >= ?")
                args += [topic, kind, *terms, long, since, upto, first]
        if not parts:
            return []
        cursor = self.db.execute(
            f"select c.id, c.grp, c.due, c.last, c.words from (select cand, sum(kind = 0) as raw, "
            f"sum(kind = 1) as stems, max(size) as size from ({' union all '.join(parts)}) group by cand) s "
            f"join deadline_candidates c on c.id = s.cand "
            f"where s.raw >= 3 or s.raw >= ? * (? + s.size - s.raw) or s.stems >= 2",
            [*args, ratio, len(set(words))])
        return [dict(zip(_NEAR_COLS, row)) for row in cursor.fetchall()]

    def deadline_candidates_moving(self, topic: str, first: str, last: str) -> list[dict]:
        """Candidates of a topic due in [first, last] that may give a moved date (m013). Columns as in
        `deadline_candidates_near`."""
        cursor = self.db.execute("select id, grp, due, last, words from deadline_candidates where moves = 1 and "
                                 "topic = ? and due between ? and ?", [topic, first, last])
        return [dict(zip(_NEAR_COLS, row)) for row in cursor.fetchall()]

    def deadline_candidates_unindexed(self, limit: int = 1000) -> list[dict]:
        """Candidates stored before m013, whose words are not in `deadline_words` yet."""
        ids = [r[0] for r in self.db.execute("select id from deadline_candidates where moves is null limit ?", [limit])]
        return self.deadline_candidates_by_id(ids)

    def index_deadline_candidates(self, found: Iterable[tuple[dict, int, Iterable[tuple[int, str]]]]) -> None:
        """Store, for candidates stored before m013, whether each may move a date and its terms: (row as
        `deadline_candidates_unindexed` gave it, moves, terms) each."""
        with self.db.atomic():
            conn = self.db.conn
            for row, moves, terms in found:
                cand = row["id"]
                conn.execute("delete from deadline_words where cand = ?", [cand])
                conn.executemany("insert into deadline_words(topic, kind, term, long, due, cand, last, size) "
                                 "values (?, ?, ?, ?, ?, ?, ?, ?)",
                                 _word_rows(cand, row["topic"], row["due"], row["last"], row["words"], terms))
                conn.execute("update deadline_candidates set moves = ? where id = ?", [moves, cand])

    def deadline_candidates_of_length(self, topic: str, length: str, first: str, last: str) -> list[dict]:
        return self._candidate_rows("topic = ? and length = ? and due between ? and ?", [topic, length, first, last])

    def deadline_candidates_in(self, groups: Iterable[int]) -> list[dict]:
        out: list[dict] = []
        for chunk in _chunks(list(dict.fromkeys(groups)), 500):
            out += self._candidate_rows(f"grp in ({','.join('?' * len(chunk))})", chunk)
        return out

    def deadline_candidates_of(self, document_ids: Iterable[str]) -> list[dict]:
        out: list[dict] = []
        for chunk in _chunks(list(dict.fromkeys(document_ids)), 500):
            out += self._candidate_rows(f"document_id in ({','.join('?' * len(chunk))})", chunk)
        return out

    def _candidate_rows(self, where: str, args: list) -> list[dict]:
        cursor = self.db.execute(f"select id, document_id, topic, family, due, last, length, refers, grp, words, key, "
                                 f"item, data "
                                 f"from deadline_candidates where {where} order by id", args)
        return [dict(zip(_CANDIDATE_COLS, row)) for row in cursor.fetchall()]

    def deadline_groups(self, topics: Sequence[str] | None = None, *, last_from: str | None = None) -> list[dict]:
        """Deadline groups (id, topic, first, last, item) of these topics, whose last day is `last_from` or later."""
        where, args = [], []
        if topics:
            where.append(f"topic in ({','.join('?' * len(topics))})")
            args += list(topics)
        if last_from:
            where.append("last >= ?")
            args.append(last_from)
        return list(self.db["deadline_groups"].rows_where(" and ".join(where) or None, args, order_by="first, id"))

    def deadline_candidates_by_id(self, ids: Iterable[int]) -> list[dict]:
        out: list[dict] = []
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
            out += self._candidate_rows(f"id in ({','.join('?' * len(chunk))})", chunk)
        return out

    def deadline_group_firsts(self, groups: Iterable[int]) -> dict[int, str]:
        """The first day of each of these deadline groups."""
        out: dict[int, str] = {}
        for chunk in _chunks(list(groups), 500):
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(f"select id, first from deadline_groups where id in ({marks})", chunk))
        return out

    def place_deadline_candidate(self, topic: str, row: dict, *, home: int | None, unite: Sequence[int],
                                 first_key: str, item: str) -> tuple[int, list[str]]:
        """Store one candidate in the group `home` (a new group when None), and join the groups `unite` to
        that group; `first_key` and `item` are the candidate's first-report key and identity. Returns the
        group and the identities (items) the change touched, old and new."""
        with self.db.atomic():
            conn = self.db.conn
            touched: list[str] = []
            created = home is None
            if home is None:
                home = conn.execute("insert into deadline_groups(topic, first, last, item, first_key) "
                                    "values (?, ?, ?, ?, ?)", [topic, row["due"], row["last"], item,
                                                                first_key]).lastrowid
            cand = conn.execute(
                "insert into deadline_candidates(document_id, topic, family, due, last, length, refers, grp, "
                "words, key, item, data, moves) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [row["document_id"], topic, row["family"], row["due"], row["last"], row["length"], row["refers"],
                 home, row["words"], first_key, item, row["data"], row["moves"]]).lastrowid
            conn.execute("delete from deadline_words where cand = ?", [cand])  # of a deleted row whose id it took
            conn.executemany("insert into deadline_words(topic, kind, term, long, due, cand, last, size) "
                             "values (?, ?, ?, ?, ?, ?, ?, ?)",
                             _word_rows(cand, topic, row["due"], row["last"], row["words"], row["terms"]))
            groups = [home, *[g for g in unite if g != home]]
            marks = ",".join("?" * len(groups))
            rows = conn.execute(f"select id, first, last, item, first_key from deadline_groups where id in ({marks})",
                                groups).fetchall()
            touched += [r[3] for r in rows if not (created and r[0] == home)]  # a group just made was never planned
            first = min([r[1] for r in rows] + [row["due"]])
            last = max([r[2] for r in rows] + [row["last"]])
            earliest = min([(r[4], r[3]) for r in rows] + [(first_key, item)])
            if len(groups) > 1:
                others = groups[1:]
                conn.execute(f"update deadline_candidates set grp = ? where grp in ({','.join('?' * len(others))})",
                             [home, *others])
                conn.execute(f"delete from deadline_groups where id in ({','.join('?' * len(others))})", others)
            conn.execute("update deadline_groups set first = ?, last = ?, first_key = ?, item = ? where id = ?",
                         [first, last, earliest[0], earliest[1], home])
            touched.append(earliest[1])
        return home, list(dict.fromkeys(touched))

    def log_plan_change(self, topic: str, items: Iterable[str], at: str) -> int:
        """Record that these deadline identities changed in a topic (the scheduler re-plans them)."""
        with self.db.atomic():
            return self.db.conn.execute("insert into plan_changes(topic, items, groups, at) values (?, ?, ?, ?)",
                                        [topic, json.dumps(sorted(set(items))), "", at]).lastrowid

    def drop_deadline_candidates(self, document_id: str) -> list[str]:
        """Remove a document's candidates (before its facts are read again): the identities of the groups
        they were in, which lose them (and an emptied group goes)."""
        with self.db.atomic():
            conn = self.db.conn
            groups = [r[0] for r in conn.execute(
                "select distinct grp from deadline_candidates where document_id = ?", [document_id])]
            if not groups:
                return []
            marks = ",".join("?" * len(groups))
            items = [r[0] for r in conn.execute(f"select item from deadline_groups where id in ({marks})", groups)]
            conn.execute("delete from deadline_words where cand in (select id from deadline_candidates "
                         "where document_id = ?)", [document_id])
            conn.execute("delete from deadline_candidates where document_id = ?", [document_id])
            for group in groups:
                left = conn.execute("select min(due), max(last) from deadline_candidates where grp = ?",
                                    [group]).fetchone()
                if left[0] is None:
                    conn.execute("delete from deadline_groups where id = ?", [group])
                    continue
                key, item = conn.execute("select key, item from deadline_candidates where grp = ? order by key "
                                         "limit 1", [group]).fetchone()
                conn.execute("update deadline_groups set first = ?, last = ?, first_key = ?, item = ? where id = ?",
                             [*left, key, item, group])
                items.append(item)
        return items

    def is_superseded(self, document_id: str) -> bool:
        """Whether a newer version of the document's file replaced it (see m004)."""
        row = self.db.execute("select superseded_by from documents where id = ?", [document_id]).fetchone()
        return bool(row and row[0])

    def set_family(self, document_id: str, family: str) -> None:
        with self.db.atomic():
            self.db.execute("update deadline_candidates set family = ? where document_id = ?", [family, document_id])

    def plan_changes_since(self, seq: int) -> list[dict]:
        return list(self.db["plan_changes"].rows_where("seq > ?", [seq], order_by="seq"))

    def last_plan_change(self) -> int:
        row = self.db.execute("select max(seq) from plan_changes").fetchone()
        return int(row[0] or 0)

    def neighbours(self, sentence_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """The text of the sentence before and after each sentence ("" at a document's edge), in one query.

        A passage's neighbours are its context: "the company" and "he said" point at them.
        """
        out: dict[int, tuple[str, str]] = {}
        for chunk in _chunks(list(dict.fromkeys(sentence_ids)), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "select s.id, coalesce(p.text, ''), coalesce(n.text, '') from sentences s "
                "left join sentences p on p.document_id = s.document_id and p.idx = s.idx - 1 "
                f"left join sentences n on n.document_id = s.document_id and n.idx = s.idx + 1 where s.id in ({marks})",
                chunk)
            out.update((i, (before, after)) for i, before, after in rows)
        return out

    # -- topics and subscriptions ---------------------------------------------------
    def known_topics(self) -> list[str]:
        """Topics that have at least one document."""
        return [r[0] for r in self.db.execute("select distinct topic from documents where topic is not null "
                                              "and superseded_by is null order by topic")]

    def subscriptions(self, channel: str) -> list[str]:
        """Topics a channel ("platform:id") subscribed to at run time (config topics are not stored here)."""
        return [r["topic"] for r in self.db["subscriptions"].rows_where("channel = ?", [channel], order_by="topic")]

    def subscribe(self, channel: str, topic: str, at: str) -> bool:
        """True when this is a new subscription."""
        cursor = self.db.execute("insert or ignore into subscriptions(channel, topic, created_at) values (?, ?, ?)",
                                 [channel, topic, at])
        return cursor.rowcount == 1

    def unsubscribe(self, channel: str, topic: str) -> bool:
        """True when there was such a subscription."""
        with self.db.atomic():
            n = self.db["subscriptions"].count_where("channel = ? and topic = ?", [channel, topic])
            self.db["subscriptions"].delete_where("channel = ? and topic = ?", [channel, topic])
        return n > 0

    # -- signed chat requests already answered (a replay is refused) ------------------
    def first_request(self, signature: str, *, now: float, expires_at: float) -> bool:
        """True the first time a request signature is seen; it is remembered until `expires_at`.

        Times are Unix seconds. Expired signatures are pruned on the way, so the table holds
        only the last few minutes of requests.
        """
        with self.db.atomic():
            self.db.execute("delete from request_signatures where expires_at < ?", [now])
            cursor = self.db.execute("insert or ignore into request_signatures (signature, expires_at) values (?, ?)",
                                     [signature, expires_at])
        return cursor.rowcount == 1

    # -- scheduler: reminders, deliveries, the lock (see bot/scheduler.py) ----------
    # Times are ISO 8601 strings in UTC ("2025-07-24T06:30:00+00:00"), so that they compare as text.

    @contextmanager
    def immediate(self) -> Iterator[None]:
        """A write transaction taken at once (BEGIN IMMEDIATE): read-then-write without a race."""
        with self.db.atomic():
            yield

    def documents_watermark(self) -> str:
        """Changes whenever a document is added: what a reminder re-plan is compared against."""
        count, last = self.db.execute("select count(*), max(ingested_at) from documents").fetchone()
        return f"{count}:{last or ''}"

    def scheduler_value(self, name: str) -> str | None:
        row = self.db.execute("select value from scheduler_state where name = ?", [name]).fetchone()
        return row[0] if row else None

    def set_scheduler_value(self, name: str, value: str, at: str) -> None:
        with self.db.atomic():
            self.db.execute("insert into scheduler_state(name, value, updated_at) values (?, ?, ?) "
                            "on conflict(name) do update set value = excluded.value, updated_at = excluded.updated_at",
                            [name, value, at])

    def reminders(self, channel: str | None = None, status: str | None = None) -> list[dict]:
        where, args = [], []
        if channel is not None:
            where.append("channel = ?")
            args.append(channel)
        if status is not None:
            where.append("status = ?")
            args.append(status)
        return list(self.db["reminders"].rows_where(" and ".join(where) or None, args,
                                                    order_by="fire_at, channel, item, \"offset\""))

    def due_reminders(self, until: str) -> list[dict]:
        """Planned reminders whose time has come (fire_at <= until), oldest first."""
        return list(self.db["reminders"].rows_where("status = 'planned' and fire_at <= ?", [until],
                                                    order_by="fire_at, channel, item, \"offset\""))

    def next_fire_times(self, after: str, until: str) -> list[str]:
        """Distinct times in (after, until] at which a planned reminder or digest is due."""
        rows = self.db.execute(
            "select fire_at from reminders where status = 'planned' and fire_at > ? and fire_at <= ? union "
            "select fire_at from deliveries where status = 'planned' and fire_at > ? and fire_at <= ? "
            "order by 1", [after, until, after, until]).fetchall()
        return [r[0] for r in rows]

    def sync_reminders(self, channel: str, planned: Sequence[dict], at: str,
                       deadlines: Sequence[str] | None = None) -> dict[str, int]:
        """Make one channel's reminders match a fresh plan, in one transaction.

        `planned`: dicts with item, offset, due, fire_at, status ("planned" or "skipped"), data.
        A reminder whose date moved is re-planned (same row, new due and fire_at, status reset);
        one whose deadline is gone is cancelled unless it already went out; one that comes
        back is planned again. `deadlines`: the plan covers only these deadline identities (an
        item, or the item a "-" suffix tells apart), and other reminders are left alone.
        Returns counts: added, moved, cancelled, kept.
        """
        counts = {"added": 0, "moved": 0, "cancelled": 0, "kept": 0}
        with self.db.atomic():
            sql = "select id, item, \"offset\", due, fire_at, status, data from reminders where channel = ?"
            args: list[Any] = [channel]
            if deadlines is not None:
                bases = list(dict.fromkeys(deadlines))
                if not bases and not planned:
                    return counts
                sql += f" and substr(item, 1, 17) in ({','.join('?' * len(bases))})"
                args += bases
            existing = {(r[1], r[2]): r for r in self.db.execute(sql, args)}
            inserts, updates, data_updates = [], [], []
            for p in planned:
                old = existing.pop((p["item"], p["offset"]), None)
                if old is None:
                    inserts.append((channel, p["item"], p["offset"], p["due"], p["fire_at"], p["status"], p["data"], at))
                    counts["added"] += 1
                elif old[3] != p["due"] or old[4] != p["fire_at"] or old[5] == "cancelled":
                    updates.append((p["due"], p["fire_at"], p["status"], p["data"], at, old[0]))
                    counts["moved"] += 1
                else:
                    if old[6] != p["data"]:
                        data_updates.append((p["data"], old[0]))
                    counts["kept"] += 1
            cancel = [(r[0],) for r in existing.values() if r[5] == "planned"]
            counts["cancelled"] = len(cancel)
            conn = self.db.conn
            conn.executemany('insert into reminders(channel, item, "offset", due, fire_at, status, data, planned_at) '
                             "values (?, ?, ?, ?, ?, ?, ?, ?)", inserts)
            conn.executemany("update reminders set due = ?, fire_at = ?, status = ?, data = ?, planned_at = ? "
                             "where id = ?", updates)
            conn.executemany("update reminders set data = ? where id = ?", data_updates)
            conn.executemany("update reminders set status = 'cancelled' where id = ?", cancel)
        return counts

    def cancel_reminders_outside(self, channels: Sequence[str]) -> int:
        """Cancel the planned reminders of channels no longer configured."""
        marks = ",".join("?" * len(channels)) or "''"
        with self.db.atomic():
            cursor = self.db.execute(f"update reminders set status = 'cancelled' where status = 'planned' "
                                     f"and channel not in ({marks})", list(channels))
        return cursor.rowcount

    def set_reminder_status(self, reminder_id: int, status: str) -> None:
        with self.db.atomic():
            self.db.execute("update reminders set status = ? where id = ?", [status, reminder_id])

    def delivery(self, key: str) -> dict | None:
        rows = list(self.db["deliveries"].rows_where("key = ?", [key]))
        return rows[0] if rows else None

    def deliveries(self, *, channel: str | None = None, kind: str | None = None,
                   statuses: Sequence[str] | None = None) -> list[dict]:
        where, args = [], []
        for column, value in (("channel", channel), ("kind", kind)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if statuses:
            where.append(f"status in ({','.join('?' * len(statuses))})")
            args.extend(statuses)
        return list(self.db["deliveries"].rows_where(" and ".join(where) or None, args,
                                                     order_by="coalesce(fire_at, created_at), key"))

    def plan_delivery(self, row: dict) -> bool:
        """Record a delivery as planned unless its key is already known; True when it was new."""
        with self.db.atomic():
            cursor = self.db.execute(
                "insert or ignore into deliveries(key, channel, kind, item, slot, status, created_at, fire_at, attempts) "
                "values (?, ?, ?, ?, ?, 'planned', ?, ?, 0)",
                [row["key"], row["channel"], row["kind"], row["item"], row["slot"], row["created_at"], row["fire_at"]])
        return cursor.rowcount == 1

    def due_deliveries(self, kind: str, until: str) -> list[dict]:
        """Deliveries of a kind not finished whose time has come, oldest first."""
        return list(self.db["deliveries"].rows_where(
            "kind = ? and status in ('planned', 'failed', 'sending') and fire_at <= ?", [kind, until],
            order_by="fire_at, key"))

    def reschedule_delivery(self, key: str, fire_at: str) -> None:
        with self.db.atomic():
            self.db.execute("update deliveries set fire_at = ? where key = ? and status = 'planned'", [fire_at, key])

    def claim_delivery(self, key: str, *, expect_status: str, expect_owner: str | None, owner: str, at: str) -> bool:
        """Compare-and-set to "sending": True only for the one caller that saw the row as it still is."""
        with self.db.atomic():
            cursor = self.db.execute(
                "update deliveries set status = 'sending', claimed_by = ?, claimed_at = ?, "
                "attempts = coalesce(attempts, 0) + 1 where key = ? and status = ? and coalesce(claimed_by, '') = ?",
                [owner, at, key, expect_status, expect_owner or ""])
        return cursor.rowcount == 1

    def finish_delivery(self, key: str, status: str, *, at: str, detail: str = "", retry_at: str | None = None,
                        covers_until: str | None = None) -> None:
        """Record how a delivery ended: sent, empty, missed, or failed (retried from retry_at)."""
        with self.db.atomic():
            self.db.execute(
                "update deliveries set status = ?, detail = ?, retry_at = ?, "
                "sent_at = case when ? in ('sent', 'empty') then ? else sent_at end, "
                "covers_until = coalesce(?, covers_until) where key = ?",
                [status, detail, retry_at, status, at, covers_until, key])

    def fix_delivery_window(self, key: str, until: str) -> str:
        """The end of the window a digest covers: `until` at its first attempt, the same on every retry."""
        with self.db.atomic():
            self.db.execute("update deliveries set covers_until = ? where key = ? and covers_until is null",
                            [until, key])
            row = self.db.execute("select covers_until from deliveries where key = ?", [key]).fetchone()
        return row[0] if row and row[0] else until

    def last_digest_until(self, channel: str) -> str | None:
        """Where the channel's next digest starts: the end of the last window it was given."""
        row = self.db.execute("select max(covers_until) from deliveries where channel = ? and kind = 'digest' "
                              "and status in ('sent', 'empty')", [channel]).fetchone()
        return row[0] if row else None

    def last_digest_slot(self, channel: str) -> str | None:
        """The latest scheduled digest day (YYYY-MM-DD) ever planned for the channel."""
        row = self.db.execute("select max(slot) from deliveries where channel = ? and kind = 'digest' "
                              "and slot glob '[0-9]*'", [channel]).fetchone()
        return row[0] if row else None

    def lock_row(self, name: str) -> dict | None:
        rows = list(self.db["locks"].rows_where("name = ?", [name]))
        return rows[0] if rows else None

    def acquire_lock(self, name: str, owner: str, at: str, may_take_over) -> dict | None:
        """Take the named lock; None on success, else the holder's row.

        `may_take_over(row)` decides whether another owner's lock is dead (stale heartbeat, gone pid).
        """
        with self.immediate():
            row = self.lock_row(name)
            if row is not None and row["owner"] != owner and not may_take_over(row):
                return row
            self.db.execute("insert into locks(name, owner, acquired_at, heartbeat_at) values (?, ?, ?, ?) "
                            "on conflict(name) do update set owner = excluded.owner, "
                            "acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at",
                            [name, owner, at, at])
        return None

    def heartbeat_lock(self, name: str, owner: str, at: str) -> bool:
        """Refresh our lock; False when someone else holds it now (we were taken over)."""
        with self.db.atomic():
            cursor = self.db.execute("update locks set heartbeat_at = ? where name = ? and owner = ?", [at, name, owner])
        return cursor.rowcount == 1

    def release_lock(self, name: str, owner: str) -> None:
        with self.db.atomic():
            self.db.execute("delete from locks where name = ? and owner = ?", [name, owner])

    def table_counts(self) -> dict[str, int]:
        return {name: self.db[name].count
                for name in ("files", "documents", "sentences", "near_duplicates", "document_facts")}


_NEAR_COLS = ("id", "grp", "due", "last", "words")  # what a new candidate is first compared on
_CANDIDATE_COLS = ("id", "document_id", "topic", "family", "due", "last", "length", "refers", "grp", "words",
                   "key", "item", "data")
_TOP_COLS = ("id", "document_id", "idx", "start", "end", "text", "rank")
# Named, the index is used: the planner would otherwise read every document to find the few superseded ones
# ("is not null" on a column null in nearly every row), 3 ms of each search of a store of 10,000 articles.
_SUPERSEDED_DOCS = "select id from documents indexed by idx_documents_superseded_by where superseded_by is not null"
# Sentences of superseded documents are left out inside the ranking, so that they cannot take
# places in the top `limit`; the subquery is built once per query, and stays small (old versions only).
_TOP_SQL = ("select s.id, s.document_id, s.idx, s.start, s.end, s.text, f.rank from "
            "(select rowid, bm25(sentences_fts) as rank from sentences_fts where sentences_fts match ? "
            "and rowid not in (select id from sentences where document_id in "
            f"({_SUPERSEDED_DOCS})) "
            "order by rank limit ?) f join sentences s on s.id = f.rowid order by f.rank")
_TOP_ANY_SQL = ("select s.id, s.document_id, s.idx, s.start, s.end, s.text, f.rank from "
                "(select rowid, bm25(sentences_fts) as rank from sentences_fts where sentences_fts match ? "
                "order by rank limit ?) f join sentences s on s.id = f.rowid order by f.rank")
_SUPERSEDED_SENTENCES = f"select id from sentences where document_id in ({_SUPERSEDED_DOCS}) limit ?"
_SUPERSEDED_AFTER_RANKING = 500  # up to this many sentences of old versions are dropped after the ranking
_PRUNE_MIN_ROWS = 20_000  # below this many matching rows, ranking them all is cheap enough
_PRUNE_MIN_ROWS_ANY = 10_000  # ... for setting aside the run holding most rows (`_commonest_run`)
_RUN_SHARE = 0.5  # a run of common terms is set aside (`_commonest_run`) when it holds more than this share of rows


# Asked for more terms than this, term_frequencies reads the whole vocabulary once: fts5vocab counts
# each term's rows by walking its postings either way, and 8,000 lookups by `term in (...)` took
# 0.3 s at 10,000 articles against 0.13 s for one pass over all 31,000 terms.
_WHOLE_VOCABULARY_FROM = 2_000
_COUNTS_KEPT = 200_000  # term counts kept per store (a 10,000-article store has about 31,000 terms)

class _VocabularyRead(threading.Thread):
    """Every index term's sentence count and the index's structure record, read in one snapshot on a
    connection of its own (`Store.count_terms_meanwhile`). On any error it leaves `version` None: the
    store then counts as usual."""

    def __init__(self, path: Path):
        super().__init__(name="briefbot-vocabulary", daemon=True)
        self.path = path
        self.version: bytes | None = None
        self.counts: dict[str, int] = {}

    def run(self) -> None:
        try:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error:
            return
        try:
            conn.execute("begin")  # one snapshot: the record and the counts describe the same index
            row = conn.execute("select block from sentences_fts_data where id = 10").fetchone()
            counts = {term: int(doc) for term, doc in conn.execute("select term, doc from sentences_fts_vocab")}
            conn.execute("commit")
            self.counts, self.version = counts, (row[0] if row else None)
        except sqlite3.Error:
            pass
        finally:
            conn.close()


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _fts_terms(query: str) -> list[str]:
    import re

    words = re.findall(r"\w+", query.lower())
    return ['"' + w.replace('"', '""') + '"' for w in dict.fromkeys(words)]


def _common_run(ceilings: list[float], dfs: list[int]) -> tuple[int, int] | None:
    """Where the run of a query's terms to set aside lies (start, end), or None: of the runs of consecutive
    terms that together score less than any other term alone can (a guess that the rest will outscore them),
    the one that leaves the most rows unranked for what its terms can score together (the higher that
    ceiling, the likelier the proof fails: "s" alone, not "s delegation", of "leads s delegation")."""
    best, most = None, 0.0
    for start in range(len(ceilings)):
        for end in range(start + 1, len(ceilings) + 1):
            rest = ceilings[:start] + ceilings[end:]
            if rest and sum(ceilings[start:end]) < min(rest):
                rows = sum(dfs[start:end]) / sum(ceilings[start:end])
                if rows > most:
                    best, most = (start, end), rows
    return best


def _commonest_run(ceilings: list[float], dfs: list[int]) -> tuple[int, int] | None:
    """The run of a query's terms (start, end) to set aside: of the runs holding most of its rows that score less
    together than the best of the other terms alone can (a guess that sentences holding it outscore them), the
    one holding the most rows; None when there is none.

    Setting aside fewer rows than the rest saves less than the queries that rank the rest cost. Whether its
    rows can stay unranked, `_or_top_without_common` proves; when they cannot, they are ranked on their own.
    """
    best, most = None, _RUN_SHARE * sum(dfs)
    for start in range(len(dfs)):
        for end in range(start + 1, len(dfs) + 1):
            rest = ceilings[:start] + ceilings[end:]
            if rest and sum(dfs[start:end]) > most and sum(ceilings[start:end]) < max(rest):
                best, most = (start, end), sum(dfs[start:end])
    return best


@migrations()
def m004_request_signatures(db: sqlite_utils.Database) -> None:
    """Signatures of the chat requests answered in the last minutes (Slack's replay window), shared by
    every process that serves Slack, so a request re-sent byte for byte is refused even after a restart."""
    db["request_signatures"].create({"signature": str, "expires_at": float}, pk="signature", if_not_exists=True)
    db["request_signatures"].create_index(["expires_at"], if_not_exists=True)
