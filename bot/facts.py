"""Reading stored documents into facts, once: at ingest, and again only when the engine's rules change.

A batch of documents is read in two steps (`summarizer.facts.document`): their passages
worth a parse go through spaCy in one run, on both cores for a large batch; what each
document teaches about names joins the store's `names`; then every document is read
with all the names known, and its facts, its parse and its deadline candidates are
stored. Documents read by an older ENGINE (or with other aliases) are read again from
their stored parse: spaCy parses a sentence at most once in the life of the store.

A document is read with the names known when it arrives (its batch's included); a name
taught only later does not re-read the older documents that mention it until
`briefbot reindex --all` (their statements still resolve against their story's people).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from types import SimpleNamespace

from bot.deadline_index import reindex_document
from bot.store import Store
from summarizer.dates.anchors import own_anchor
from summarizer.facts.actors import Lexicon
from summarizer.facts.deadlines import document_candidates
from summarizer.facts.document import ENGINE, DocumentFacts, aliases_key, derive, learn, plan
from summarizer.text.nlp import ModelMissing
from summarizer.text.parses import MODEL_KEY, parses_from_bytes, parses_to_bytes

log = logging.getLogger(__name__)

PARALLEL_FROM = 16  # documents in one batch from which reading them on several cores pays for the processes


@dataclass
class Read:
    """A batch read into facts, not stored yet (`FactReader.save` stores it)."""

    documents: list[dict]
    sentences: dict[str, list[dict]]
    facts: dict[str, DocumentFacts]
    parses: dict[str, bytes]  # document id -> its new stored parse
    blobs: dict[str, bytes] = field(default_factory=dict)  # facts as a worker process sent them: stored as they are


class FactReader:
    """Reads documents of one store into facts; a large batch is read by `processes` worker processes."""

    def __init__(self, store: Store, *, aliases: dict[str, list[str]] | None = None, processes: int = 1,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
                 workers: list[_Worker] | None = None, writing=None, without_model: bool = False):
        """`writing`: a lock held around writes, shared with an ingester writing the same store from another
        thread (SQLite would make one of them wait, and a busy writer can starve the other).

        `without_model`: when the spaCy model is missing, index the documents' deadlines (dates need no
        parse) instead of failing, and leave the rest of their facts to be read once it is installed.
        """
        self.writing = writing or contextlib.nullcontext()
        self.without_model = without_model
        self.model_missing: ModelMissing | None = None
        self.store = store
        self.aliases = aliases
        self.processes = processes
        self.now = now
        self._lexicon: Lexicon | None = None
        self._workers: list[_Worker] = workers or []
        self._seen: list[OrderedDict[str, None]] = [OrderedDict() for _ in range(processes)]  # sent to each worker

    def start_workers(self) -> list[_Worker]:
        """Start the worker processes now (before any thread: they are forked)."""
        while len(self._workers) < self.processes:
            self._workers.append(_Worker())
        return self._workers

    @property
    def key(self) -> str:
        return aliases_key(self.aliases)

    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            names = self.store.names()
            self._lexicon = Lexicon(names.get("org", ()), names.get("person", ()))
        return self._lexicon

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        for worker in self._workers:
            worker.stop()
        self._workers = []

    # -- reading -----------------------------------------------------------------------
    def read(self, documents: Sequence[dict], *, save: bool = True, aliases: dict | None = None
             ) -> dict[str, DocumentFacts]:
        """Read these stored documents (rows of the store, text included) and store their facts.

        `save=False`: only return them (read with other `aliases` than the store's, for one briefing).
        """
        if not documents:
            return {}
        done = self.read_unsaved(documents, save=save, aliases=aliases)
        if done is None:
            return {}
        if save:
            self.save(done)
        return done.facts

    def read_unsaved(self, documents: Sequence[dict], *, save: bool = True, aliases: dict | None = None
                     ) -> Read | None:
        """`read` but for storing the facts (`save`): what `save` stores, None when the model is missing and
        the documents' deadlines were indexed without it. Their new names are stored (with `save`)."""
        aliases = self.aliases if save else aliases
        sentences = self._sentences(documents)
        if self.model_missing is not None and save and self.without_model:
            self._deadlines_only(documents, sentences)
            return None
        # A parse by another model is not this model's: such documents are parsed again (and stored anew).
        stored = {i: row["data"] for i, row in self.store.parses_of(d["id"] for d in documents).items()
                  if row["model"] == MODEL_KEY}
        items = [(d, sentences[d["id"]], stored.get(d["id"])) for d in documents]
        readers = self._readers(len(documents), aliases)
        shares = _shares(items, len(readers), self._seen if len(readers) > 1 else None)
        taught: dict[str, tuple] = {}
        for reader, share in zip(readers, shares):
            reader.send_learn(share)
        missing = None
        for reader in readers:  # every reader's answer is taken, so that none is left in a pipe
            try:
                taught.update(reader.receive())
            except ModelMissing as err:
                missing = missing or err
        if missing is not None:
            if not (save and self.without_model):
                raise missing
            self.model_missing = missing
            self._deadlines_only(documents, sentences)
            return None
        lexicon = self.lexicon() if save else Lexicon(self.lexicon().orgs, self.lexicon().people)
        # In the batch's order: the document a name is credited to does not depend on which worker read it.
        new_names = [(n, kind, d["id"]) for d in documents for orgs, people, _ in [taught[d["id"]]]
                     for kind, names in (("org", orgs), ("person", people)) for n in names]
        if save:
            with self.writing:
                added = self.store.add_names(new_names)
        else:
            added = [(n, kind) for n, kind, _ in new_names]
        for name, kind in added:
            lexicon.add(**{"orgs" if kind == "org" else "people": [name]})
        twins = self.store.documents(d["duplicate_of"] for d in documents if d.get("duplicate_of"))
        anchors = {d["id"]: own_anchor(d, twins.get(d.get("duplicate_of") or "")) for d in documents}
        facts: dict[str, DocumentFacts] = {}
        blobs: dict[str, bytes] = {}
        for reader in readers:
            reader.send_derive(lexicon, anchors)
        for reader in readers:
            received = reader.receive()
            facts.update(received)
            blobs.update(getattr(received, "blobs", {}))
        return Read(list(documents), sentences, facts,
                    {i: parse for i, (_, _, parse) in taught.items() if parse is not None}, blobs)

    def save(self, done: Read) -> None:
        """Store what `read_unsaved` read: facts, new parses, and each document's deadline candidates."""
        at = _iso(self.now())
        blobs = [{"document_id": i, "engine": f.engine, "aliases": f.aliases,
                  "data": done.blobs.get(i) or f.to_bytes()} for i, f in done.facts.items()]
        with self.writing:
            self.store.save_facts(blobs, at)
            self.store.save_parses([{"document_id": i, "model": MODEL_KEY, "data": parse}
                                    for i, parse in done.parses.items()])
        for d in done.documents:
            with self.writing, self.store.immediate():  # one document's deadlines at a time
                reindex_document(self.store, d, done.sentences[d["id"]], done.facts[d["id"]], at)

    def _deadlines_only(self, documents: Sequence[dict], sentences: dict[str, list[dict]]) -> None:
        """Without the model: the deadlines of documents never read, indexed from their dates alone.

        Each gets a facts row of engine 0 (stale, so read in full once the model is back, which places
        its deadlines again) so that this is done once per document.
        """
        rows = self.store.facts_of(d["id"] for d in documents)
        todo = [d for d in documents if d["id"] not in rows]
        log.warning("%s: %d document(s) stored with their deadlines only; the rest of their facts is read once "
                    "it is installed", self.model_missing, len(todo))
        if not todo:
            return
        twins = self.store.documents(d["duplicate_of"] for d in todo if d.get("duplicate_of"))
        at = _iso(self.now())
        for d in todo:
            anchor = own_anchor(d, twins.get(d.get("duplicate_of") or ""))
            ordered = sorted(sentences[d["id"]], key=lambda s: s["idx"])
            dated = SimpleNamespace(deadlines=document_candidates(d, ordered, anchor), anchor=anchor)
            with self.writing, self.store.immediate():
                reindex_document(self.store, d, sentences[d["id"]], dated, at)
                self.store.save_facts([{"document_id": d["id"], "engine": 0, "aliases": self.key, "data": b""}],
                                      at)

    def _readers(self, count: int, aliases: dict | None) -> list:
        if self.processes > 1 and count >= PARALLEL_FROM:
            self.start_workers()
            for worker in self._workers:
                worker.aliases = aliases
            return self._workers
        return [_Local(aliases)]

    def read_ids(self, ids: Sequence[str]) -> dict[str, DocumentFacts]:
        docs = self.store.documents(ids)
        return self.read([docs[i] for i in ids if i in docs])

    def stale(self, limit: int | None = None) -> list[str]:
        return self.store.documents_needing_facts(ENGINE, self.key, limit=limit)

    def facts_for(self, documents: Sequence[dict], aliases: dict | None = None) -> dict[str, DocumentFacts]:
        """The current facts of these documents; those missing or stale are read now (and stored).

        With `aliases` other than the store's (a digest of one topic with aliases of its own), the
        statements are read again with them from the stored parses, for this once.
        """
        rows = self.store.facts_of(d["id"] for d in documents)
        found = {i: DocumentFacts.from_bytes(r["data"]) for i, r in rows.items()
                 if r["engine"] == ENGINE and r["aliases"] == self.key}
        missing = [d for d in documents if d["id"] not in found]
        if missing:
            log.info("reading %d document(s) whose facts are missing or stale", len(missing))
            found.update(self.read(missing))
        if aliases_key(aliases) != self.key:
            return self.read(documents, save=False, aliases=aliases)
        return found

    def _sentences(self, documents: Sequence[dict]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {d["id"]: [] for d in documents}
        for s in self.store.sentences_of([d["id"] for d in documents]):
            out[s["document_id"]].append(s)
        return out


class BackgroundReader:
    """Reads batches of new documents into facts on a thread of its own (its own store connection),
    while ingestion goes on: the worker processes read one batch while the next is being stored,
    and a third thread stores what they read while they read the next.

    The worker processes are started first, from the calling thread (they are forked).
    """

    def __init__(self, path, *, aliases: dict | None, processes: int, now: Callable[[], dt.datetime], writing=None,
                 without_model: bool = False):
        self._queue: queue.Queue = queue.Queue(maxsize=2)  # ingestion stays at most two batches ahead
        self._workers = [_Worker() for _ in range(processes)]
        self._args = (path, aliases, processes, now, writing, without_model)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="facts-reader", daemon=True)
        self._thread.start()

    def warm(self) -> None:
        """Have the worker processes load the model now, while ingestion fills the first batch: loading
        takes as long as ingesting a batch, so the first batch no longer waits for it. Sent when a batch
        large enough for the workers is certain (ingestion has PARALLEL_FROM documents pending)."""
        self._queue.put(_WARM)

    def submit(self, ids: list[str]) -> None:
        if self.error is not None:
            raise RuntimeError("reading facts failed") from self.error
        self._queue.put(list(ids))

    def wait(self) -> None:
        """Wait until every batch submitted so far is read and stored."""
        self._queue.join()
        if self.error is not None:
            raise RuntimeError("reading facts failed") from self.error

    def close(self) -> None:
        """Wait for every submitted batch; raise what went wrong, if anything did."""
        self._queue.put(None)
        self._thread.join()
        for worker in self._workers:
            worker.stop()
        if self.error is not None:
            raise RuntimeError("reading facts failed") from self.error

    def _run(self) -> None:
        path, aliases, processes, now, writing, without_model = self._args
        store = Store(path)
        reader = FactReader(store, aliases=aliases, processes=processes, now=now, workers=self._workers,
                            writing=writing, without_model=without_model)
        # A batch is stored on a thread of its own while the workers read the next one: they would wait.
        reads: queue.Queue = queue.Queue(maxsize=1)
        saver = threading.Thread(target=self._save, args=(reads,), name="facts-saver", daemon=True)
        saver.start()
        try:
            while (ids := self._queue.get()) is not None:
                if ids is _WARM:  # through this thread, the only one that talks to the workers
                    for worker in self._workers:
                        worker.warm()
                    self._queue.task_done()
                    continue
                done = None
                if self.error is None:
                    try:
                        docs = store.documents(ids)
                        done = reader.read_unsaved([docs[i] for i in ids if i in docs])
                    except BaseException as err:  # kept for the ingesting thread; later batches are skipped
                        log.exception("reading facts failed")
                        self.error = err
                reads.put(done)  # the saver marks the batch done once it is stored
            reads.put(_STOP)
            saver.join()
            self._queue.task_done()
        finally:
            store.close()

    def _save(self, reads) -> None:
        """The saving thread: stores each read batch in order, on a store connection of its own."""
        path, aliases, _, now, writing, _ = self._args
        store = Store(path)
        saver = FactReader(store, aliases=aliases, now=now, writing=writing)
        try:
            while (done := reads.get()) is not _STOP:
                if done is not None and self.error is None:
                    try:
                        saver.save(done)
                    except BaseException as err:
                        log.exception("storing facts failed")
                        self.error = err
                self._queue.task_done()
        finally:
            store.close()


_STOP, _WARM = object(), object()  # the end of the saver's queue; "load the model" in the reader's


# Of the time a worker reads a document, about what it saves when it has read the document's sentences before:
# their parse (`_ParseCache`), and their cue questions, time expressions and words (cached per sentence).
# On the ingest bench, 0.9 deals out near-duplicates so that the two workers parse 10% fewer passages than
# 0.6 did, for no longer a batch.
PARSE_SHARE = 0.9
SEEN_LIMIT = 6_000  # sentences remembered per worker: about half are parsed, so about what its PARSE_CACHE holds
PARSE_CACHE = 3_000  # passages a worker process keeps parsed (about 60 MB)
# Passages spaCy parses together: a worker parses a few hundred at a time, and in batches of 256 rather than
# 64 they take 7-9% less CPU (the same parses: its layers read each passage on its own).
PARSE_BATCH = 256


def _shares(items: list, count: int, seen: list[OrderedDict[str, None]] | None = None) -> list[list]:
    """Documents dealt out to `count` readers so that all finish about together.

    With `seen` (the sentences each worker process was sent before), a document goes where its
    sentences were already parsed when that does not leave the other reader idle: near-duplicates
    repeat most of their sentences, and a worker parses a passage only once (`_ParseCache`).
    A document's cost is its length, less the parse of what the reader has seen.
    """
    shares: list[list] = [[] for _ in range(count)]
    loads = [0.0] * count
    for item in sorted(items, key=lambda it: -len(it[0]["text"])):
        document, sentences, blob = item
        size = len(document["text"])
        if seen is None:
            k = loads.index(min(loads))
            cost = size
        else:
            texts = [s["text"] for s in sentences]
            total = sum(len(t) for t in texts) or 1
            costs = [size * (1 - PARSE_SHARE * (1 if blob else sum(len(t) for t in texts if t in seen[j]) / total))
                     for j in range(count)]
            k = min(range(count), key=lambda j: (loads[j] + costs[j], j))
            cost = costs[k]
            for t in texts:
                seen[k][t] = None
                seen[k].move_to_end(t)
            while len(seen[k]) > SEEN_LIMIT:
                seen[k].popitem(last=False)
        shares[k].append(item)
        loads[k] += cost
    return shares


class _ParseCache:
    """The parses a worker process made, by passage text, the most recent `limit` of them (about 20 KB each).

    A flood of near-duplicate articles repeats the same passages batch after batch: each is parsed
    once per worker (spaCy's parse of a text does not depend on what it is parsed with).
    What a parse adds to a stored parse's bytes is kept too (`parts`, see `parses_to_bytes`), as many."""

    def __init__(self, limit: int):
        self.limit = limit
        self._docs: OrderedDict = OrderedDict()
        self.parts: dict = {}

    def parse(self, texts: list[str]) -> list:
        todo = [t for t in dict.fromkeys(texts) if t not in self._docs]
        for text, doc in zip(todo, _parse(todo) if todo else []):
            self._docs[text] = doc
        out = []
        for text in texts:
            self._docs.move_to_end(text)
            out.append(self._docs[text])
        while len(self._docs) > self.limit:
            self._docs.popitem(last=False)
        while len(self.parts) > self.limit:  # the first kept go first
            del self.parts[next(iter(self.parts))]
        return out


class _Reading:
    """The two steps of reading a batch, with what the first leaves for the second (in one process)."""

    def __init__(self, aliases: dict | None, cache: _ParseCache | None = None):
        self.aliases = aliases
        self.state: dict[str, tuple] = {}
        self.parse = cache.parse if cache is not None else _parse
        self.parts = cache.parts if cache is not None else None

    def learn(self, items: list) -> dict[str, tuple]:
        """Plan, parse (what no stored parse has) and learn; per document: (orgs, people, new parse or None)."""
        plans = {d["id"]: plan(d, sentences) for d, sentences, _ in items}
        known = {d["id"]: parses_from_bytes(blob) if blob else {} for d, _, blob in items}
        todo = list(dict.fromkeys(t for i, p in plans.items() for t in p.texts if t not in known[i]))
        fresh = dict(zip(todo, self.parse(todo))) if todo else {}
        out = {}
        parts = self.parts if self.parts is not None else {}  # this batch's, without a cache
        for d, sentences, blob in items:
            p = plans[d["id"]]
            parsed = {t: known[d["id"]].get(t) or fresh[t] for t in p.texts}
            learned = learn(d, p, parsed, self.aliases)
            orgs, people = Lexicon().learned_by(learned.table)
            complete = blob and not set(p.texts) - set(known[d["id"]])
            new_parse = None if complete else parses_to_bytes((parsed[t] for t in p.texts), parts)
            self.state[d["id"]] = (d, sentences, p, parsed, learned)
            out[d["id"]] = (orgs, people, new_parse)
        return out

    def derive(self, lexicon: Lexicon, anchors: dict) -> dict[str, DocumentFacts]:
        out = {i: derive(d, sentences, p, parsed, learned, anchor=anchors[i], lexicon=lexicon, aliases=self.aliases)
               for i, (d, sentences, p, parsed, learned) in self.state.items()}
        self.state = {}
        return out


class _Local:
    """The two steps in this process."""

    def __init__(self, aliases: dict | None):
        self.reading = _Reading(aliases)
        self._result = None

    def send_learn(self, items: list) -> None:
        try:
            self._result = self.reading.learn(items)
        except ModelMissing as err:  # raised on receive, as a worker process's would be
            self._result = err

    def send_derive(self, lexicon: Lexicon, anchors: dict) -> None:
        self._result = self.reading.derive(lexicon, anchors)

    def receive(self) -> dict:
        if isinstance(self._result, ModelMissing):
            raise self._result
        return self._result


class _Worker:
    """The two steps in a worker process that keeps its parses between them (a pipe to it, one batch at a time)."""

    def __init__(self):
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.aliases: dict | None = None

    def warm(self) -> None:
        """Load the model now (no answer: a missing model is reported by the first batch, as ever)."""
        self.conn.send(("warm", None))

    def send_learn(self, items: list) -> None:
        self.conn.send(("learn", (self.aliases, items)))

    def send_derive(self, lexicon: Lexicon, anchors: dict) -> None:
        self.conn.send(("derive", (sorted(lexicon.orgs), sorted(lexicon.people), anchors)))

    def receive(self) -> dict:
        kind, result = self.conn.recv()
        if kind == "missing":
            raise _MissingInWorker(result)
        if kind == "error":
            raise RuntimeError(f"reading documents into facts failed in a worker process: {result}")
        if kind == "facts":
            return _Received(result)
        return result

    def stop(self) -> None:
        try:
            self.conn.send(("stop", None))
        except OSError:
            pass
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()


class _Received(dict):
    """The facts a worker process read, by document id, with the bytes they came in (`blobs`): what the
    store keeps, so they are not encoded again."""

    def __init__(self, blobs: dict[str, bytes]):
        super().__init__((i, DocumentFacts.from_bytes(blob)) for i, blob in blobs.items())
        self.blobs = blobs


class _MissingInWorker(ModelMissing):
    """ModelMissing as a worker process reported it (its message as it was)."""

    def __init__(self, message: str):
        RuntimeError.__init__(self, message)


def _serve(conn) -> None:
    """A worker process: the steps of `_Reading` on request, until told to stop.

    It leaves with os._exit: a forked copy must not finalize the parent's store connection.
    """
    try:
        _steps(conn)
    finally:
        os._exit(0)


def _steps(conn) -> None:
    reading = _Reading(None, _ParseCache(PARSE_CACHE))
    lexicon = Lexicon()
    while True:
        try:
            kind, payload = conn.recv()
        except EOFError:
            return
        try:
            if kind == "stop":
                return
            if kind == "warm":
                with contextlib.suppress(ModelMissing):
                    _english()
            elif kind == "learn":
                reading.aliases, items = payload
                conn.send(("taught", reading.learn(items)))
            elif kind == "derive":
                orgs, people, anchors = payload
                lexicon.add(orgs, people)
                facts = reading.derive(lexicon, anchors)
                conn.send(("facts", {i: f.to_bytes() for i, f in facts.items()}))
        except ModelMissing as err:  # the reader indexes deadlines without it, or says it in one line
            conn.send(("missing", str(err)))
        except Exception as err:  # reported to the reader, which raises it
            log.exception("worker failed")
            conn.send(("error", f"{type(err).__name__}: {err}"))


def _english():
    from summarizer.text.nlp import english

    return english()


def _parse(texts: list[str]) -> list:
    return list(_english().pipe(texts, batch_size=PARSE_BATCH))


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
