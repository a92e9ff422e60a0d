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
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from summarizer.briefing.disjoint import DisjointSet
from summarizer.text.sentences import quote_open
from summarizer.facts.document import word_counts
from summarizer.facts.kinds import BODY, OPEN, WOVEN, is_body_sentence  # noqa: F401  (re-exported)
from summarizer.text.words import content_words

SAME_STORY = 0.18  # document cosine above which two documents tell the same story
SMALL, ATTACH = 2, 0.2  # a story of at most SMALL documents joins the one whose centroid it is this like
MIN_BELONGING = 0.25  # share of a sentence's words that must recur elsewhere in its story


@dataclass
class Story:
    label: str
    documents: list[dict]
    sentences: list[dict] = field(default_factory=list)

    @property
    def ids(self) -> set[str]:
        return {d["id"] for d in self.documents}


Vector = tuple[np.ndarray, np.ndarray]  # a document's TF-IDF vector: word numbers (int32) and weights (float64)
Background = Callable[[Iterable[str]], dict[str, float]]
"""Inverse document frequencies of words over a whole store (bot.store.Store.word_idf)."""


def _vectors(documents: list[dict], bag_of, background: Background | None = None
             ) -> tuple[list[Vector], list[dict[str, int]]]:
    """Unit TF-IDF vectors over the window's word numbers (given in the order words are first seen), and the
    documents' word counts.

    IDF comes from the store when given: within a window that holds one story only, the story's own
    words ("embassy", "Nairobi") are in every document and would weigh nothing, and its articles would
    fall apart into a dozen "stories"."""
    bags = [bag_of(d) for d in documents]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    if background is not None:
        found = background(df)
        idf = {w: found.get(w, 1.0) for w in df}
    else:
        n = len(documents)
        idf = {w: math.log((1 + n) / (1 + f) + 1) for w, f in df.items()}
    number = {w: k for k, w in enumerate(df)}
    tf = _Tf()
    vectors = []
    for bag in bags:
        # Each weight is tf(count) * idf(word): both worked out once, the same floats as term by term.
        weights = [tf[c] * idf[w] for w, c in bag.items()]
        norm = math.sqrt(sum(map(operator.mul, weights, weights))) or 1.0
        vectors.append((np.array([number[w] for w in bag], dtype=np.int32),
                        np.array(weights, dtype=np.float64) / norm))
    return vectors, bags


class _Tf(dict):
    """The term frequency weight of a count, worked out once per count."""

    def __missing__(self, count: int) -> float:
        self[count] = weight = 1 + math.log(count)
        return weight


def _gram(vectors: list[Vector]) -> np.ndarray:
    """The documents' cosines with one another (n x n; 1 on the diagonal: the vectors are unit vectors).

    Only words two documents share add to their cosine, so each shared word adds the products of
    its weights to the pairs of documents holding it: common words in one matrix product, rare
    ones pair by pair. Memory is the n x n result, not documents x vocabulary.
    """
    n = len(vectors)
    if not n:
        return []
    rows = np.concatenate([np.full(len(c), i, dtype=np.int32) for i, (c, _) in enumerate(vectors)])
    cols = np.concatenate([c for c, _ in vectors])
    values = np.concatenate([v for _, v in vectors]).astype(np.float32)
    size = int(cols.max()) + 1 if len(cols) else 0
    df = np.bincount(cols, minlength=size)
    common = max(16, n // 20)
    dense = np.flatnonzero(df > common)
    if len(dense):
        column = np.full(size, -1, dtype=np.int64)
        column[dense] = np.arange(len(dense))
        inside = column[cols] >= 0
        matrix = np.zeros((n, len(dense)), dtype=np.float32)
        matrix[rows[inside], column[cols[inside]]] = values[inside]
        gram = matrix @ matrix.T  # the product is the result itself: no second n x n matrix to add it to
        del matrix
    else:
        gram = np.zeros((n, n), dtype=np.float32)
    rare = (df[cols] > 1) & (df[cols] <= common)
    order = np.argsort(cols[rare], kind="stable")  # by word, in the order words were first seen
    word_rows, word_cols, word_values = rows[rare][order], cols[rare][order], values[rare][order]
    bounds = np.flatnonzero(np.diff(word_cols)) + 1
    # Each word's block of pairs added through the flat matrix: the same additions in the same order as
    # `gram[np.ix_(rows, rows)] += np.outer(w, w)`, without its two-dimensional indexing (a third of the time).
    flat = gram.reshape(-1)
    for at_rows, weights in zip(np.split(word_rows.astype(np.int64), bounds), np.split(word_values, bounds)):
        if len(at_rows) > 1:
            flat[(at_rows[:, None] * n + at_rows).ravel()] += np.outer(weights, weights).ravel()
    np.fill_diagonal(gram, 1.0)  # words of one document alone are left out above; its own cosine is 1
    return gram


def _linked(gram: np.ndarray) -> np.ndarray:
    """Each document's story so far: the first (lowest-numbered) document it reaches through pairs whose cosine
    reaches SAME_STORY, single link.

    Worked out on the pairs at once (each takes the lowest first document of its two, until none changes),
    not pair by pair in a union-find: one story of 3,000 articles has over 150,000 such pairs."""
    first, second = np.nonzero(np.triu(gram >= SAME_STORY, k=1))  # compared first: no float copy of the matrix
    label = np.arange(len(gram))
    while True:
        lowest = np.minimum(label[first], label[second])
        found = label.copy()
        np.minimum.at(found, first, lowest)
        np.minimum.at(found, second, lowest)
        found = found[found]  # a document takes the first document of the one it now points to
        if np.array_equal(found, label):
            return label
        label = found


def _attach_small(groups: list[list[int]], gram: np.ndarray) -> list[list[int]]:
    """A group of at most SMALL documents joins the larger story it is most like, when its centroid's cosine
    with that story's centroid reaches ATTACH.

    Single link asks one pair of documents to be alike; an article on one side of a story (how the building
    stood up to the blast) shares little with any one other, but its words are the story's. Against a
    story's centroid, the whole story's words count: on our development stories, an article's cosine with
    its own story's centroid is 0.22 or more, with another story's 0.15 or less. Worked out from the
    cosines: the centroid of a group is the sum of its unit vectors, so its dot products are sums of the
    group's cosines.
    """
    big = [g for g in groups if len(g) > SMALL]
    if not big:
        return groups
    norms = [math.sqrt(float(gram[np.ix_(g, g)].sum())) for g in big]
    joined: dict[int, list[int]] = {}
    out = []
    for g in groups:
        if len(g) > SMALL:
            continue
        own = math.sqrt(float(gram[np.ix_(g, g)].sum()))
        scores = [float(gram[np.ix_(g, b)].sum()) / (own * norm or 1.0) for b, norm in zip(big, norms)]
        best = max(range(len(big)), key=lambda k: (scores[k], -k))
        if scores[best] >= ATTACH:
            joined.setdefault(best, []).extend(g)
        else:
            out.append(g)
    return [sorted(b + joined.get(k, [])) for k, b in enumerate(big)] + out


def group_stories(documents: list[dict], sentences: list[dict], *, background: Background | None = None,
                  bag_of=None, words_of=None, kind_of=None) -> list[Story]:
    """Stories, largest first; each gets its documents (oldest first) and its belonging sentences.

    `background`: word IDF over the whole store; without it, IDF is the window's own.
    `bag_of(document)`: its word counts; `words_of(sentence)`: its content words; `kind_of(sentence)`:
    its kinds (`summarizer.facts.kinds`): stored facts, worked out from the text when not given.
    """
    if not documents:
        return []
    bag_of = bag_of or (lambda d: word_counts(d["text"]))
    words_of = words_of or (lambda s: content_words(s["text"]))
    sets = DisjointSet(len(documents))
    index = {d["id"]: i for i, d in enumerate(documents)}
    for i, d in enumerate(documents):
        if d.get("duplicate_of") in index:
            sets.union(index[d["duplicate_of"]], i)
    vectors, bags = _vectors(documents, bag_of, background)
    gram = _gram(vectors)
    for i, first in enumerate(_linked(gram).tolist()):
        if first != i:
            sets.union(first, i)
    groups = _attach_small([sorted(g) for g in sets.groups()], gram)
    del gram
    by_doc: dict[str, list[dict]] = {}
    for s in sentences:
        by_doc.setdefault(s["document_id"], []).append(s)
    found = []
    for members in groups:
        docs = [documents[i] for i in members]
        story_sentences = [s for d in docs for s in by_doc.get(d["id"], [])]
        label = _label(docs, [vectors[i] for i in members], [bags[i] for i in members], story_sentences)
        found.append((label, docs, story_sentences))
    del vectors, bags  # the window's word counts are done with: a large window's take more room than its sentences
    stories = [Story(label, docs, _belonging(docs, story_sentences, words_of, kind_of))
               for label, docs, story_sentences in found]
    stories.sort(key=lambda s: (-len(s.documents), s.label))
    return stories


def _label(docs: list[dict], vectors: list[Vector], bags: list[dict[str, int]], sentences: list[dict]) -> str:
    """The story's most central headline: the one whose words the story's articles use most.

    A headline is scored by its own words, not by its article's: a reaction piece ("Cuba condemns the
    bombings") may sit near the centre by its body, but its headline names a side matter. Its own
    article counts a word only when the body repeats it. A title that shares nothing with the story
    (a site's slogan, a section menu) or is no headline at all (a date, a file name) is never the label;
    without any headline, the central article's opening sentence is.
    """
    best, label = 0.0, None
    titles = [_headline(d) for d in docs]
    title_words = [set(word_counts(t)) if t else set() for t in titles]
    wanted = set().union(*title_words)
    df = Counter(w for bag in bags for w in bag if w in wanted)  # once per story: a story may hold thousands
    for k, title in enumerate(titles):
        words = title_words[k]
        if not words:
            continue
        used = sum(df[w] - (1 if bags[k].get(w, 0) == 1 else 0) for w in words)  # its own headline's mention
        score = used / len(words) / len(docs)
        if score > best or (score == best and label is not None and title < label):
            best, label = score, title
    if label is not None:
        return label
    members = [(c.tolist(), v.tolist()) for c, v in vectors]
    centre: dict[int, float] = {}
    for cols, values in members:  # added member by member, as a Counter would
        for c, v in zip(cols, values):
            centre[c] = v + centre.get(c, 0.0)

    def closeness(i: int) -> float:
        cols, values = members[i]
        return sum(v * centre[c] for c, v in zip(cols, values))

    central = docs[max(range(len(docs)), key=closeness)]
    opening = next((s["text"] for s in sorted(sentences, key=lambda s: s["idx"])
                    if s["document_id"] == central["id"] and len(_LETTERS.findall(s["text"])) >= 4), None)
    if opening is None:
        return "Untitled story"
    words = opening.split()
    return " ".join(words[:14]) + (" …" if len(words) > 14 else "")


_LETTERS = re.compile(r"[A-Za-z]{2,}")
_CALENDAR_WORD = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$",
                            re.I)


def _headline(document: dict) -> str | None:
    """The document's title when it reads as a headline: words, not a date stamp or the file's name."""
    title = (document.get("title") or "").strip()
    if not title:
        return None
    stem = Path(document.get("path") or "").stem
    if title in (stem, document.get("id"), document.get("url")) or "/" in title and " " not in title:
        return None
    title = _KICKER.sub("", title)  # "PRESS RELEASE: Ukrainian delegation to ...": the label is no headline
    words = [w for w in title.split() if _LETTERS.search(w) and not _CALENDAR_WORD.match(w.strip("[](),"))]
    return title if len(words) >= 2 else None


# What a site or a wire writes before a headline: its kind, not its news.
_KICKER = re.compile(r"^(?:PRESS RELEASE|NEWS RELEASE|BREAKING(?: NEWS)?|UPDATE(?: \d+)?|EXCLUSIVE|ANALYSIS|OPINION|"
                     r"EDITORIAL|FACTBOX|EXPLAINER|WRAPUP(?: \d+)?|CORRECTED|REFILE|LIVE|VIDEO|PHOTOS?)\s*[:|-]\s+",
                     re.I)


def _belonging(docs: list[dict], sentences: list[dict], words_of, kind_of=None) -> list[dict]:
    """Sentences whose words recur in other documents of the story (all of them for a one-document story)."""
    families = {d["id"]: d.get("duplicate_of") or d["id"] for d in docs}
    docs_by_id = {d["id"]: d for d in docs}
    body = (lambda s: kind_of(s) & BODY) if kind_of else (lambda s: is_body_sentence(s, docs_by_id[s["document_id"]]))
    if len(set(families.values())) < 2:
        return _whole_quotes([s for s in sentences if body(s)], sentences, docs_by_id, body, kind_of)
    # The words more than one family uses: each family's words gathered, then counted once per family.
    words: dict[str, list[str]] = {}  # near-duplicates repeat sentences: split each text once
    in_document: dict[str, Counter] = {}  # document -> word -> how many of its sentences use it
    family_words: dict[str, set[str]] = {}
    for s in sentences:
        found = words.get(s["text"])
        if found is None:
            found = words[s["text"]] = words_of(s)
        if kind_of is None:
            in_document.setdefault(s["document_id"], Counter()).update(found)
        family = families[s["document_id"]]
        if family not in family_words:
            family_words[family] = set()
        family_words[family].update(found)
    families_using: Counter[str] = Counter()
    for used in family_words.values():
        families_using.update(used)
    shared_by_many = {w for w, n in families_using.items() if n > 1}
    kept = []
    shared_of: dict[str, int] = {}  # text -> how many of its words another family has
    for s in sentences:
        kind = kind_of(s) if kind_of else 0
        if not (kind & BODY if kind_of else body(s)):
            continue
        found = words[s["text"]]
        if len(found) < 4:
            kept.append(s)  # too short to judge; furniture filters catch the rest
            continue
        # another family has it
        shared = shared_of.get(s["text"])
        if shared is None:
            shared = shared_of[s["text"]] = sum(map(shared_by_many.__contains__, found))
        # its article's subject recurs in it
        woven = kind & WOVEN if kind_of else any(in_document[s["document_id"]][w] > 1 for w in found)
        # "Countervailing duties will be announced later this month" shares one word with the other
        # sources, and one with its own article: part of the story. A teaser shares neither.
        if shared / len(found) >= MIN_BELONGING or (shared and woven):
            kept.append(s)
    return _whole_quotes(kept, sentences, docs_by_id, body, kind_of)


def _whole_quotes(kept: list[dict], sentences: list[dict], docs_by_id: dict[str, dict], body,
                  kind_of=None) -> list[dict]:
    """The kept sentences plus the rest of any quotation they are part of.

    '"Our members have worked flat out. They will not accept a pay cut," Stam said.'
    splits in two; the first half may share no word with the story, and dropping it
    would leave the attribution quoting nothing. `kind_of`: stored kinds (a sentence
    that leaves a quotation open), the text read otherwise.
    """
    ids = {id(s) for s in kept}
    ordered = sorted(sentences, key=lambda s: (s["document_id"], s["idx"]))

    def still_open(run: list[dict]) -> bool:
        if len(run) == 1 and kind_of is not None:
            return bool(kind_of(run[0]) & OPEN)
        return quote_open(" ".join(r["text"] for r in run))

    run: list[dict] = []
    for s in ordered + [None]:
        joined = s is not None and run and run[-1]["document_id"] == s["document_id"] and \
            run[-1]["idx"] == s["idx"] - 1 and still_open(run)
        if joined:
            run.append(s)
            continue
        if len(run) > 1 and any(id(r) in ids for r in run):  # '"We will appeal.' is short, but part of it
            ids.update(id(r) for r in run if body(r) or len(r["text"].split()) < 5)
        run = [s] if s is not None else []
    return [s for s in sentences if id(s) in ids]
