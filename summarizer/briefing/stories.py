"""Group a window's documents into stories, and keep only the sentences that belong to one.

A drop folder often holds several stories at once; a briefing lists each on
its own. Documents are grouped by the overlap of their distinctive words
(TF-IDF cosine, single link), near-duplicate copies always with their original.
Within a story, a sentence sharing almost nothing with the rest of the story
(a teaser for another story that survived cleaning, a sidebar headline) is
left out of the briefing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from summarizer.briefing.disjoint import DisjointSet
from summarizer.text.sentences import quote_open
from summarizer.text.words import content_words

SAME_STORY = 0.18  # document cosine above which two documents tell the same story
MIN_BELONGING = 0.25  # share of a sentence's words that must recur elsewhere in its story


@dataclass
class Story:
    label: str
    documents: list[dict]
    sentences: list[dict] = field(default_factory=list)

    @property
    def ids(self) -> set[str]:
        return {d["id"] for d in self.documents}


Background = Callable[[Iterable[str]], dict[str, float]]
"""Inverse document frequencies of words over a whole store (bot.store.Store.word_idf)."""


def _vectors(documents: list[dict], background: Background | None = None) -> list[dict[str, float]]:
    """TF-IDF vectors. IDF comes from the store when given: within a window that holds one story only,
    the story's own words ("embassy", "Nairobi") are in every document and would weigh nothing, and
    its articles would fall apart into a dozen "stories"."""
    bags = [Counter(w for w in re.findall(r"[a-z][a-z'-]+", d["text"].lower()) if w in content_words(w))
            for d in documents]
    if background is not None:
        idf = background({w for bag in bags for w in bag})
    else:
        df = Counter(w for bag in bags for w in bag)
        n = len(documents)
        idf = {w: math.log((1 + n) / (1 + df[w]) + 1) for w in df}
    vectors = []
    for bag in bags:
        vec = {w: (1 + math.log(c)) * idf.get(w, 1.0) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def _similar_pairs(vectors: list[dict[str, float]]) -> list[tuple[int, int]]:
    """Pairs of documents whose cosine reaches SAME_STORY: one matrix product instead of n² dict walks."""
    vocabulary = {w: k for k, w in enumerate(sorted({w for v in vectors for w in v}))}
    matrix = np.zeros((len(vectors), len(vocabulary)), dtype=np.float32)
    for i, vec in enumerate(vectors):
        for w, value in vec.items():
            matrix[i, vocabulary[w]] = value
    similar = np.triu(matrix @ matrix.T, k=1) >= SAME_STORY
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(similar))]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def group_stories(documents: list[dict], sentences: list[dict], *, background: Background | None = None) -> list[Story]:
    """Stories, largest first; each gets its documents (oldest first) and its belonging sentences.

    `background`: word IDF over the whole store; without it, IDF is the window's own.
    """
    if not documents:
        return []
    sets = DisjointSet(len(documents))
    index = {d["id"]: i for i, d in enumerate(documents)}
    for i, d in enumerate(documents):
        if d.get("duplicate_of") in index:
            sets.union(index[d["duplicate_of"]], i)
    vectors = _vectors(documents, background)
    for i, j in _similar_pairs(vectors):
        sets.union(i, j)
    by_doc: dict[str, list[dict]] = {}
    for s in sentences:
        by_doc.setdefault(s["document_id"], []).append(s)
    stories = []
    for members in sets.groups():
        docs = [documents[i] for i in members]
        story_sentences = [s for d in docs for s in by_doc.get(d["id"], [])]
        stories.append(Story(_label(docs, [vectors[i] for i in members]), docs,
                             _belonging(docs, story_sentences)))
    stories.sort(key=lambda s: (-len(s.documents), s.label))
    return stories


def _label(docs: list[dict], vectors: list[dict[str, float]]) -> str:
    """The title of the document closest to the story's centre."""
    centre: Counter[str] = Counter()
    for vec in vectors:
        centre.update(vec)
    best = max(range(len(docs)), key=lambda i: (_cosine(vectors[i], centre), bool(docs[i].get("title"))))
    return (docs[best].get("title") or docs[best].get("source") or "Untitled story").strip()


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
_BYLINE = re.compile(r"^(?:by\s|\(?reporting by|editing by|\d\d/\d\d/\d{4}\s*/)", re.I)


def is_body_sentence(sentence: dict, document: dict) -> bool:
    """A sentence of the article's body: not its headline, a byline, a label or a list of links."""
    text = sentence["text"].strip()
    if len(text.split()) < 5 or _BYLINE.match(text) or not _SENTENCE_END.search(text):
        return False
    title = (document.get("title") or "").strip()
    return not (title and text.rstrip(".") == title.rstrip("."))


def _belonging(docs: list[dict], sentences: list[dict]) -> list[dict]:
    """Sentences whose words recur in other documents of the story (all of them for a one-document story)."""
    families = {d["id"]: d.get("duplicate_of") or d["id"] for d in docs}
    docs_by_id = {d["id"]: d for d in docs}
    if len(set(families.values())) < 2:
        body = [s for s in sentences if is_body_sentence(s, docs_by_id[s["document_id"]])]
        return _whole_quotes(body, sentences, docs_by_id)
    spread: dict[str, set[str]] = {}
    words_of: dict[str, set[str]] = {}  # near-duplicates repeat sentences: split each text once
    in_document: Counter = Counter()  # (document, word): how many of the document's sentences use it
    for s in sentences:
        if s["text"] not in words_of:
            words_of[s["text"]] = content_words(s["text"])
        for w in words_of[s["text"]]:
            spread.setdefault(w, set()).add(families[s["document_id"]])
            in_document[s["document_id"], w] += 1
    kept = []
    for s in sentences:
        if not is_body_sentence(s, docs_by_id[s["document_id"]]):
            continue
        words = words_of[s["text"]]
        if len(words) < 4:
            kept.append(s)  # too short to judge; furniture filters catch the rest
            continue
        own = families[s["document_id"]]
        shared = sum(1 for w in words if len(spread[w]) > 1 or own not in spread[w])  # another family has it
        woven = any(in_document[s["document_id"], w] > 1 for w in words)  # its article's subject recurs in it
        # "Countervailing duties will be announced later this month" shares one word with the other
        # sources, and one with its own article: part of the story. A teaser shares neither.
        if shared / len(words) >= MIN_BELONGING or (shared and woven):
            kept.append(s)
    return _whole_quotes(kept, sentences, docs_by_id)


def _whole_quotes(kept: list[dict], sentences: list[dict], docs_by_id: dict[str, dict]) -> list[dict]:
    """The kept sentences plus the rest of any quotation they are part of.

    '"Our members have worked flat out. They will not accept a pay cut," Stam said.'
    splits in two; the first half may share no word with the story, and dropping it
    would leave the attribution quoting nothing.
    """
    ids = {id(s) for s in kept}
    ordered = sorted(sentences, key=lambda s: (s["document_id"], s["idx"]))
    run: list[dict] = []
    for s in ordered + [None]:
        joined = s is not None and run and run[-1]["document_id"] == s["document_id"] and \
            run[-1]["idx"] == s["idx"] - 1 and quote_open(" ".join(r["text"] for r in run))
        if joined:
            run.append(s)
            continue
        if len(run) > 1 and any(id(r) in ids for r in run):  # '"We will appeal.' is short, but part of it
            ids.update(id(r) for r in run if is_body_sentence(r, docs_by_id[r["document_id"]])
                       or len(r["text"].split()) < 5)
        run = [s] if s is not None else []
    return [s for s in sentences if id(s) in ids]
