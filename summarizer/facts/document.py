"""Everything a briefing needs from one document, worked out once and stored with it.

`DocumentFacts` holds, per sentence, its content words and the stems it asserts;
the document's word counts (stories are grouped on them); the time expressions
resolved against its anchor and the deadline candidates they give; cue questions;
denials; and its statements (`summarizer.facts.statements`). A briefing merges the
facts of its window and never reads the text again.

Reading a document takes two steps so that a batch of documents shares one parser
run: `plan` finds the passages worth a parse; once they are parsed, `learn` (what
the document teaches about who speaks for whom, pooled into a `Lexicon` of names)
and `derive` finish the work. Facts carry the ENGINE that wrote them: when these
rules change, ENGINE goes up and older facts are read again (from the stored parse,
never parsing a sentence twice).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.dates.anchors import Anchor, stated_date
from summarizer.facts.cues import Cue, cue_questions, may_read_previous, plural_object
from summarizer.facts.deadlines import Candidate, document_candidates, sentence_timexes, timex_from_json, timex_to_json
from summarizer.facts.denials import Denial, sentence_denials, stems
from summarizer.facts.kinds import sentence_kinds
from summarizer.facts.statements import Learned, Speech, document_speech, learn_document, passages, to_parse
from summarizer.facts.version import ENGINE, aliases_key
from summarizer.text.stopwords import STOP_WORDS
from summarizer.text.words import content_words

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from summarizer.facts.actors import Lexicon

_BAG_WORD = re.compile(r"[a-z][a-z'-]+")


@dataclass
class DocumentFacts:
    engine: int
    aliases: str  # aliases_key of the aliases the statements were read with
    anchor: Anchor  # what the time expressions were resolved against
    words: list[str]  # per sentence (by idx): its content words, space-separated
    stems: list[str]  # per sentence: the stems it asserts (its denials blanked), space-separated
    counts: str  # the document's words and their counts ("word 2 other 1"), to group stories by (`bag`)
    kinds: str = ""  # per sentence: what kind of sentence it is (summarizer.facts.kinds), one digit each
    stated: str | None = None  # the latest full date the text states (anchors an undated document)
    resolved: str = "{}"  # JSON: idx -> time expressions resolved against `anchor` (`timexes`)
    deadlines: list[Candidate] = field(default_factory=list)
    cues: dict[int, list[Cue]] = field(default_factory=dict)
    denials: dict[int, list[tuple[Denial, tuple[int, int]]]] = field(default_factory=dict)
    speech: Speech | None = None

    def current(self, aliases: dict[str, list[str]] | None = None) -> bool:
        return self.engine == ENGINE and self.aliases == aliases_key(aliases)

    # Kept as text until asked for: a briefing of 1,000 documents holds them all at once.
    @property
    def bag(self) -> dict[str, int]:
        parts = self.counts.split()
        return {w: int(n) for w, n in zip(parts[::2], parts[1::2])}

    @property
    def timexes(self) -> dict[int, list]:
        return {int(i): rows for i, rows in json.loads(self.resolved).items()}

    # -- what the briefing stages ask of a sentence ----------------------------------------
    def sentence_kind(self, idx: int) -> int:
        return int(self.kinds[idx], 16) if idx < len(self.kinds) else 0

    def sentence_words(self, idx: int) -> set[str]:
        return set(self.words[idx].split()) if idx < len(self.words) else set()

    def sentence_claims(self, idx: int) -> tuple[list[tuple[Denial, tuple[int, int]]], str]:
        return self.denials.get(idx, []), self.stems[idx] if idx < len(self.stems) else ""

    # -- storage --------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        data = {
            "engine": self.engine, "aliases": self.aliases,
            "anchor": [self.anchor.date.isoformat(), self.anchor.approximate, self.anchor.basis],
            "words": self.words, "stems": self.stems, "counts": self.counts, "kinds": self.kinds, "stated": self.stated,
            "resolved": self.resolved, "deadlines": [c.to_json() for c in self.deadlines],
            "cues": {i: [c.to_json() for c in cs] for i, cs in self.cues.items()},
            "denials": {i: [[d.to_json(), list(span)] for d, span in ds] for i, ds in self.denials.items()},
            "speech": self.speech.to_json() if self.speech else None,
        }
        return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6)

    @classmethod
    def from_bytes(cls, blob: bytes) -> DocumentFacts:
        data = json.loads(zlib.decompress(blob))
        day, approximate, basis = data["anchor"]
        return cls(
            engine=data["engine"], aliases=data["aliases"],
            anchor=Anchor(dt.date.fromisoformat(day), approximate, basis),
            words=data["words"], stems=data["stems"], counts=data["counts"], kinds=data["kinds"], stated=data["stated"],
            resolved=data["resolved"],
            deadlines=[Candidate.from_json(c) for c in data["deadlines"]],
            cues={int(i): [Cue.from_json(c) for c in cs] for i, cs in data["cues"].items()},
            denials={int(i): [(Denial.from_json(d), tuple(span)) for d, span in ds]
                     for i, ds in data["denials"].items()},
            speech=Speech.from_json(data["speech"]) if data["speech"] else None,
        )


@dataclass
class Plan:
    """What one document needs parsed, and what was read on the way."""

    passages: list[dict]
    texts: list[str]  # the passage texts worth a parse, and the sentences a cue question points back from
    cues: dict[int, list[Cue]]


def plan(document: dict, sentences: list[dict]) -> Plan:
    """The first step: passages, the texts to parse, and cue questions (some wait for a parse)."""
    found = passages(sentences, document["text"])
    texts = to_parse(found)
    cues: dict[int, list[Cue]] = {}
    previous = None
    for s in sorted(sentences, key=lambda s: s["idx"]):
        found_cues, asked = _cues_before_a_parse(s["text"], previous)
        if asked:
            texts.append(asked)  # "... proposed them": the parse of the sentence before says who "them" are
            cues[s["idx"]] = None  # read again once it is parsed
        elif found_cues:
            cues[s["idx"]] = list(found_cues)
        previous = s["text"]
    return Plan(found, list(dict.fromkeys(texts)), cues)


def _cues_before_a_parse(text: str, previous: str | None) -> tuple[tuple[Cue, ...], str | None]:
    """A sentence's cue questions, or the sentence before it when one ends in "them" and needs its parse."""
    alone = _cues_alone(text)
    if alone is not None:
        return alone, None
    return _cues_after(text, previous)


_ANY_PREVIOUS = "\0"  # a sentence before, to see whether the cues ask for it


@functools.lru_cache(maxsize=50_000)
def _cues_alone(text: str) -> tuple[Cue, ...] | None:
    """A sentence's cue questions when they cannot depend on the sentence before it, else None.

    Cached by the sentence alone: near-duplicate articles repeat a sentence after different ones
    (about half the pairs differ), and most sentences' cues never look back."""
    if may_read_previous(text):
        return None
    asked: list[str] = []
    found = cue_questions(text, previous=_ANY_PREVIOUS, antecedent=asked.append)
    return None if asked else tuple(found)


@functools.lru_cache(maxsize=20_000)
def _cues_after(text: str, previous: str | None) -> tuple[tuple[Cue, ...], str | None]:
    """`_cues_before_a_parse` of a sentence whose cues may read the sentence before."""
    asked: list[str] = []
    found = cue_questions(text, previous=previous, antecedent=lambda sentence: asked.append(sentence))
    if asked:
        return (), asked[0]
    return tuple(found), None


def learn(document: dict, planned: Plan, parsed: dict[str, Doc], aliases: dict[str, list[str]] | None = None
          ) -> Learned:
    """The second step: who the document says speaks for whom (its names join the batch's Lexicon)."""
    return learn_document(document, planned.passages, parsed, aliases)


def derive(document: dict, sentences: list[dict], planned: Plan, parsed: dict[str, Doc], learned: Learned, *,
           anchor: Anchor, lexicon: Lexicon | None = None, aliases: dict[str, list[str]] | None = None,
           timexes: dict[int, tuple] | None = None) -> DocumentFacts:
    """The last step: every fact of the document. `timexes`: already resolved against `anchor.date`."""
    ordered = sorted(sentences, key=lambda s: s["idx"])
    words, claims, denials, found_words = [], [], {}, []
    for s in ordered:
        sorted_words, found, claimed = _read_sentence(s["text"])
        found_words.append(list(sorted_words))
        words.append(" ".join(sorted_words))
        if found:
            denials[s["idx"]] = list(found)
        claims.append(claimed)
    cues = dict(planned.cues)
    text_at = {s["idx"]: s["text"] for s in ordered}
    for idx, found in planned.cues.items():
        if found is None:  # its question ends in "them": now the sentence before is parsed
            previous = text_at.get(idx - 1)
            cues[idx] = cue_questions(text_at[idx], previous=previous,
                                      antecedent=lambda text: plural_object(text, parsed.get(text)))
    if timexes is None:
        timexes = {s["idx"]: sentence_timexes(s["text"], anchor.date) for s in ordered}
    counts = " ".join(f"{w} {n}" for w, n in word_counts(document["text"]).items())
    return DocumentFacts(
        engine=ENGINE, aliases=aliases_key(aliases), anchor=anchor, words=words, stems=claims, counts=counts,
        kinds=sentence_kinds(document, ordered, found_words),
        stated=stated_date(document) if not document.get("published") else None,
        resolved=json.dumps({i: [timex_to_json(t) for t in ts] for i, ts in timexes.items() if ts},
                            ensure_ascii=False, separators=(",", ":")),
        deadlines=document_candidates(document, ordered, anchor, timexes),
        cues={i: cs for i, cs in cues.items() if cs}, denials=denials,
        speech=document_speech(document, planned.passages, parsed, learned, lexicon))


@functools.lru_cache(maxsize=50_000)
def _read_sentence(text: str) -> tuple[tuple[str, ...], tuple, str]:
    """One sentence's content words (sorted), its denials, and the stems of what it claims (its denials
    blanked out). Cached: near-duplicate articles repeat most of their sentences."""
    found = tuple(sentence_denials(text))
    masked = text
    for _, (a, b) in found:
        masked = masked[:a] + " " * (b - a) + masked[b:]
    return tuple(sorted(content_words(text))), found, " ".join(sorted(set(stems(masked))))


def word_counts(text: str) -> dict[str, int]:
    """The content words of a text and how often each occurs (what stories are grouped by)."""
    # Each match is one content word exactly when it is long enough and no stop word (see content_words).
    return dict(Counter(w for w in _BAG_WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS))


def stored_timexes(facts: DocumentFacts) -> dict[int, tuple]:
    """The facts' resolved time expressions, as the resolver returns them."""
    return {i: tuple(timex_from_json(row, facts.anchor.date) for row in rows) for i, rows in facts.timexes.items()}


def read_documents(documents: list[dict], sentences: list[dict], aliases: dict[str, list[str]] | None = None,
                   *, parse=None, lexicon: Lexicon | None = None) -> dict[str, DocumentFacts]:
    """Every fact of a set of documents read together (one parser run, one Lexicon of their names).

    `parse(texts)` -> spaCy docs in order (the small English pipeline by default); `lexicon`: names
    known beforehand (a store's), to which the documents' own are added.
    """
    from summarizer.dates.anchors import own_anchor
    from summarizer.facts.actors import Lexicon

    if parse is None:
        def parse(texts: list[str]) -> list:
            from summarizer.text.nlp import english

            return list(english().pipe(texts, batch_size=64))
    by_doc: dict[str, list[dict]] = {}
    for s in sentences:
        by_doc.setdefault(s["document_id"], []).append(s)
    plans = {d["id"]: plan(d, by_doc.get(d["id"], [])) for d in documents}
    texts = list(dict.fromkeys(t for p in plans.values() for t in p.texts))
    parsed = dict(zip(texts, parse(texts))) if texts else {}
    learned = {d["id"]: learn(d, plans[d["id"]], parsed, aliases) for d in documents}
    lexicon = lexicon if lexicon is not None else Lexicon()
    for x in learned.values():
        lexicon.add(*lexicon.learned_by(x.table))
    by_id = {d["id"]: d for d in documents}
    return {d["id"]: derive(d, by_doc.get(d["id"], []), plans[d["id"]], parsed, learned[d["id"]],
                            anchor=own_anchor(d, by_id.get(d.get("duplicate_of") or "")), lexicon=lexicon,
                            aliases=aliases)
            for d in documents}
