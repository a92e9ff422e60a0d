"""Term weights from the store and term matching in text: how much of a question a passage covers.

Weights are IDF over the store's sentences, read from the FTS5 vocabulary, so
"Peskov" or "drones" count for much more than "talks". Matching compares the
question's porter stems with the passage's words plus a few regular endings,
so "launch" finds "launched" but "tank" does not find "tankers".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from summarizer.answer.query import Query
from summarizer.answer.synonyms import SYNONYM_WEIGHT, synonyms

# A figure is one word ("3.90", "1,667"): its digits after the point are no number of their own.
_WORD = re.compile(r"\d+(?:[.,]\d+)+|[a-z0-9\u00e0-\u024f]+")
_ENDINGS = ("", "s", "es", "e", "ed", "d", "ing", "y", "ies", "ied", "ion", "ions", "ation", "ations", "ate", "ates",
            "ated", "ly", "al", "ment", "ments", "ity", "ive")
RARE_SHARE = 0.002   # a noun in at most this share of sentences is a rare one
NOUN_SHARE = 0.01    # a common noun in at most this share of sentences is too
COMMON_SHARE = 0.05  # terms in more sentences than this are left out of the FTS query when rarer ones exist


def weigh_terms(store, query: Query) -> None:
    """Fill each term's index stems, sentence frequency, IDF weight and whether the answer must contain it."""
    if not query.terms:
        return
    # The question's terms and every word it says (BM25's) are stemmed in one pass over the scratch index.
    said = list(dict.fromkeys(query.said))
    words = list(dict.fromkeys([t.word for t in query.terms] + said))
    stem_of = dict(zip(words, store.stems(words)))
    for term in query.terms:
        s = stem_of[term.word]
        term.stems = [x for x in s if len(x) > 1 or x.isdigit()] or s
        term.roots = _roots(term.word, term.stems)
        if len(term.roots) == 1:  # "Turkey" is found as "Türkiye", "Ankara" or "Erdoğan" too
            term.roots[0] |= actor_words(term.word)
            term.alts = frozenset().union(*(synonyms(f) for f in term.roots[0])) - term.roots[0]
    total = max(store.sentence_total(), 1)
    said_stems = {w: stem_of[w] for w in said}
    freq = store.term_frequencies([x for t in query.terms for x in t.stems]
                                  + [x for s in said_stems.values() for x in s])
    for word, s in said_stems.items():  # a word of two index terms ("1.5") is as rare as its rarer one
        df = min((freq.get(x, 0) for x in s), default=0)
        query.said_idf[word] = math.log(1 + (total - df + 0.5) / (df + 0.5))
        if len(word) > 3 and word not in STOP_WORDS:  # "us" is not "used", "the" no "thee"
            for form in set().union(*_roots(word, s)) - set(said):
                query.said_forms.setdefault(form, word)
    for term in query.terms:
        term.df = min((freq.get(x, 0) for x in term.stems), default=0)
        idf = math.log(1 + (total - term.df + 0.5) / (term.df + 0.5))
        # A verb the store never uses is more likely a paraphrase than a missing fact.
        term.weight *= min(idf, 3.0) if term.weight < 1 else idf
        term.weight *= term.share  # "Dar es Salaam" is one name, not three
        if term.optional:
            continue
        # Names and numbers say what a question is about: short of the most common, the answer's document
        # must hold them. A common noun only ranks: "cabinet" missing from "the trade minister was injured"
        # lowers a passage, it does not rule it out.
        if term.key and term.df > max(2, COMMON_SHARE * total):
            term.key = False
        # A noun the store seldom uses ("steel", "explosive") is the question's specific subject too,
        # but in other words than the source's ("cabinet minister" for "trade minister"): it weighs
        # heavily when missing, without ruling a passage out.
        term.rare = term.pos in ("NOUN", "PROPN", "") and term.df <= max(2, RARE_SHARE * total) or \
            term.pos == "NOUN" and term.df <= NOUN_SHARE * total


@lru_cache(maxsize=1)
def _actor_word_table() -> dict[str, frozenset[str]]:
    from spacy.lang.en.stop_words import STOP_WORDS

    from summarizer.facts.actors import DEFAULT_ALIASES

    table: dict[str, frozenset[str]] = {}
    for actor, names in DEFAULT_ALIASES.items():
        # One-word names only, and none that is also an English word ("US" is "us", "Commission").
        words = frozenset(n.casefold() for n in [actor, *names]
                          if re.fullmatch(r"[^\W\d_]{3,}|[A-Z]{2}", n) and n.casefold() not in STOP_WORDS
                          and n[0].isupper() and n.casefold() != "commission")
        for w in words:
            table[w] = table.get(w, frozenset()) | words
        # A capitalised stop word only reaches here from a question that wrote it so ("What did the US demand?").
        for n in names:
            if re.fullmatch(r"[A-Z]{2}", n) and n.casefold() in STOP_WORDS:
                table[n.casefold()] = table.get(n.casefold(), frozenset()) | words | {n.casefold()}
    return table


def actor_words(word: str) -> frozenset[str]:
    """The one-word names of the actor a question word names (the briefing's aliases), or nothing.

    The briefing already treats Kyiv and Zelensky as Ukraine; a question about Ukraine
    must find them too, or it abstains on sources that never write "Ukraine".
    """
    return _actor_word_table().get(word.casefold(), frozenset())


@lru_cache(maxsize=256)
def actor_group(name: str) -> frozenset[str]:
    """Words that name the actor a name stands for: "the United States" -> united, states, us, washington, trump...

    The name's own words (a capitalised "US" included, other stop words not) and the one-word
    aliases of the actor it resolves to, so that "What did the United States say?" finds "Washington said".
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    from summarizer.facts.actors import DEFAULT_ALIASES, ActorTable, clean_name

    own = {w.casefold() for w in re.findall(r"[^\W_]+", name)
           if w.casefold() not in STOP_WORDS or (w.isupper() and len(w) > 1)}
    canonical = ActorTable().resolve(clean_name(name))
    aliases = [canonical, *DEFAULT_ALIASES.get(canonical, [])] if canonical else []
    return frozenset(own).union(*(actor_words(a) for a in aliases if " " not in a))


@lru_cache(maxsize=1)
def _irregular_verbs() -> dict[str, frozenset[str]]:
    """Every form of each irregular verb, by any of its forms: "write" -> {write, wrote, written}.

    From the spaCy model's own lemmatizer exceptions, so "What did Sybiha write" finds "wrote".
    """
    from summarizer.text.nlp import english

    table = english().get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    forms: dict[str, set[str]] = {}
    for form, lemmas in table.items():
        for lemma in lemmas:
            if form.isalpha() and lemma.isalpha():
                forms.setdefault(lemma, {lemma}).add(form)
    out: dict[str, frozenset[str]] = {}
    for group in forms.values():
        for form in group:
            out[form] = out.get(form, frozenset()) | frozenset(group)
    return out


def _roots(word: str, stems: list[str]) -> list[set[str]]:
    """For each part of the word, the forms that count as the same word in a passage.

    The part as written, its stem, and the part both share (porter turns "Delaney"
    into "delanei") with regular endings; not "-er": "tanks" must not match "tankers".
    An irregular verb's other forms count too ("write": "wrote", "written").
    """
    parts = [p for p in re.split(r"[^a-z0-9\u00e0-\u024f]+", word.lower()) if p]
    out = []
    for stem in stems:
        if len(stem) < 2 and not stem.isdigit():
            continue
        part = next((p for p in parts if p[:3] == stem[:3]), stem)
        shared = 0
        while shared < min(len(part), len(stem)) and part[shared] == stem[shared]:
            shared += 1
        root = part[:shared] if shared >= 3 else stem
        out.append({part, stem, *(root + e for e in _ENDINGS), *(stem + e for e in _ENDINGS),
                    *_irregular_verbs().get(part, ())})
    return out


def search_terms(store, query: Query) -> tuple[list[str], bool]:
    """The words worth an FTS query, and whether all of them must match.

    Rare words are OR-ed; when the question has fewer than two, its rarest words
    must all match, so that "who hosts the talks" does not rank half the index.
    """
    total = max(store.sentence_total(), 1)
    ranked = sorted((t for t in query.terms if not t.optional), key=lambda t: t.df) or query.terms
    rare = [t for t in ranked if t.df <= COMMON_SHARE * total]
    if len(rare) >= 2:
        return [t.word for t in rare], False
    return [t.word for t in ranked[:3]], True


# "U.S.", "U.N.", "U.K." are written with and without stops: one word either way.
_DOTTED = re.compile(r"\b([a-z])\.([a-z])\.(?:([a-z])\.)?")


def words_of(text: str) -> set[str]:
    return set(tokens_of(text))


def tokens_of(text: str) -> list[str]:
    """The text's words in order, repeats kept (as many as a length in words counts)."""
    return _WORD.findall(_normal(text))


# Where a dotted abbreviation may start: one letter before ".x." (found quickly: it starts with a dot).
_DOT_LETTER_DOT = re.compile(r"\.(?=[a-z]\.)")


def _normal(text: str) -> str:
    """The text as its words are read: lower case, one apostrophe, "U.S." as "us".

    `_DOTTED.sub` tried at every character; it is tried only where ".x." follows, every place one of
    its matches can start, in order, so the result is the same at a tenth of the cost on an article.
    """
    low = text.lower().replace("’", "'")
    out, at = [], 0
    for hint in _DOT_LETTER_DOT.finditer(low):
        start = hint.start() - 1
        if start < at:
            continue
        m = _DOTTED.match(low, start)
        if m is not None:
            out += [low[at:start], "".join(g for g in m.groups() if g)]
            at = m.end()
    return "".join(out) + low[at:] if out else low


@lru_cache(maxsize=4096)
def document_words(document_id: str, text: str) -> frozenset[str]:
    """Words of a stored document; ids are content hashes, so a cached entry never goes stale."""
    return frozenset(words_of(text))


_LETTERS = re.compile(r"[a-z\u00e0-\u024f]+")
_RUN = re.compile(r"[a-z0-9\u00e0-\u024f]+")


def document_has(document_id: str, text: str, words: frozenset[str]) -> frozenset[str]:
    """Those of `words` that are words of a stored document: `document_words(...) & words`.

    A question looks for a few dozen words (its terms' forms and synonyms) in up to a hundred
    and sixty documents: reading only the words that start like one of them costs a fraction
    of listing every word of every document.
    """
    starts, figures, tokens = _word_starts(words)
    if any(len(start) < 2 for start in starts):  # a word of one letter begins half the words of a text
        return document_words(document_id, text) & words
    low = _normal(text)
    found, size = set(), len(low)
    for start in starts:
        at = low.find(start)
        while at >= 0:
            end = at + len(start)
            while end < size and _in_word(low[end]):
                end += 1
            word, before = low[at:end], low[at - 1] if at else " "
            # After a letter a word can hold, this is the middle of a word ("talks" in "xtalks").
            if word in tokens and word not in found and (not _in_word(before) or "0" <= before <= "9"):
                if word.isalpha() and not _in_word(before):
                    found.add(word)  # letters after a character no word holds: a word as it stands
                elif _word_at(low, at, end):
                    found.add(word)  # after a digit ("1.5bn"), or holding one ("19th"): as `_WORD` reads there
            at = low.find(start, at + 1)
    for figure in figures:  # "1,200", "3.5"
        at = low.find(figure)
        while at >= 0 and not _word_at(low, at, at + len(figure)):
            at = low.find(figure, at + 1)
        if at >= 0:
            found.add(figure)
    return frozenset(found)


def _word_at(low: str, start: int, end: int) -> bool:
    """Whether `_WORD` reads a word exactly at low[start:end]: read from the last character before it that no
    word can hold (so whatever came before cannot matter)."""
    at = start
    while at > 0 and (_in_word(low[at - 1]) or low[at - 1].isdecimal() or low[at - 1] in ".,"):
        at -= 1
    for m in _WORD.finditer(low, at):
        if m.start() >= start:
            return m.start() == start and m.end() == end
    return False


@lru_cache(maxsize=16)
def _word_starts(words: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """The fewest beginnings every one of the runs of letters and digits among the words has ("talk" for
    "talks", "talked"), the figures with a point or comma among them, and those of the words that can be
    words of a text at all."""
    tokens = sorted(w for w in words if _WORD.fullmatch(w))
    starts: list[str] = []
    for w in tokens:  # sorted: the words beginning with a kept one follow it
        if _RUN.fullmatch(w) and (not starts or not w.startswith(starts[-1])):
            starts.append(w)
    return tuple(starts), tuple(w for w in tokens if not _RUN.fullmatch(w)), frozenset(tokens)


def _in_word(char: str) -> bool:
    """Whether the character can be part of a word (as `_WORD` reads one)."""
    return "a" <= char <= "z" or "0" <= char <= "9" or "\u00e0" <= char <= "\u024f"


def has_term(words: set[str], term) -> bool:
    """Every part of the term (hyphenated words have several) appears in one of its forms."""
    return bool(term.roots) and all(forms & words for forms in term.roots)


def matches(words: set[str], term) -> float:
    """1 when the term is among the words, SYNONYM_WEIGHT when only a synonym is, else 0."""
    if has_term(words, term):
        return 1.0
    return SYNONYM_WEIGHT if term.alts and not term.alts.isdisjoint(words) else 0.0


def coverage(query: Query, words: set[str]) -> float:
    """Share of the question's IDF weight found among these words (a synonym counts a little less)."""
    return min(1.0, sum(t.weight * matches(words, t) for t in query.terms) / query.total_weight)


BM25_K1, BM25_B = 1.2, 0.75  # Okapi's usual constants, as SQLite's FTS5 sets them


def bm25(query: Query, tokens: list[str], average: float) -> float:
    """Okapi BM25 of a sentence (its words in order) against every word of the question, stop words too.

    The coverage features weigh what a sentence holds of the question's content words, in any form. BM25
    adds what they leave out: of two sentences holding them, the shorter one, where they are more likely
    its point, and the one that repeats the question's own wording, small words included ("handed over
    to Kenya" for "turn over to Kenya"); another form of a content word ("owned" for "owns") counts as a synonym
    does, as the index's stems would match it. Fitted with the other features, on one dev story and tested on
    the other, it puts a right passage first for 42 of 64 questions instead of 36 (benchmarks.fit_ask).
    """
    counts = Counter(tokens)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * len(tokens) / max(average, 1.0))
    found = Counter()
    for token, n in counts.items():
        if token in query.said_idf:
            found[token] += n
        elif token in query.said_forms:  # "owned" for "owns": as a synonym counts, a little less than the word
            found[query.said_forms[token]] += SYNONYM_WEIGHT * n
    # a word asked twice counts twice, as in Okapi's sum over the query's words
    return sum(query.said.count(w) * query.said_idf[w] * n * (BM25_K1 + 1) / (n + norm) for w, n in found.items())


def missing_keys(query: Query, words: set[str]) -> list[str]:
    return [t.word for t in query.terms if t.key and not has_term(words, t)]


def missing_rare(query: Query, words: set[str]) -> list[str]:
    """The question's rare nouns found neither as such nor as a synonym among the words."""
    return [t.word for t in query.terms if t.rare and not t.key and not matches(words, t)]


def term_positions(query: Query, text: str) -> list[int]:
    """Character offsets of question terms in the text (to pick the span nearest to them)."""
    low = text.lower()
    out = []
    for t in query.terms:
        for s in t.stems:
            if len(s) > 2 or s.isdigit():
                out += [m.start() for m in re.finditer(r"\b" + re.escape(s), low)]
    return out
