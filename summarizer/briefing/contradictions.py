"""Statements that contradict each other across outlets ("have stalled" vs "are not stalled").

A denial is easy to spot by its form (aux + not, "denied that ...", "reports that
... are wrong"); the claim it denies is then looked up, by its subject and
predicate words, in the other outlets' sentences. A near-duplicate copy belongs
to its original's family, so a story never contradicts its own republication.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from summarizer.facts.denials import _AUX, _WORD, Denial, denied_words, sentence_denials, stem, stems  # noqa: F401

# ...asserted as decided: "will appeal", "said it would appeal", "plans to appeal", or "Apple to appeal" (a headline).
_DECIDED = (re.compile(r"\b(?P<modal>will|would|going\s+to|plans?\s+to|intends?\s+to|(?:is|are)\s+to|decided\s+to)"
                       r"\s+(?:also\s+|now\s+)?(?P<verb>[a-z]+)\b", re.I),
            re.compile(r"^(?:\S+\s+){1,2}(?P<modal>to)\s+(?P<verb>[a-z]+)\b"))
_UNSURE = re.compile(
    r"\b(?:whether|if|might|may|could|possibly|reportedly|not|never|weighing|considering)\b|n['’]t\b", re.I)
_HEDGE = re.compile(r"\b(?:whether|if|unclear|could|might|may|would|possible|possibly|reportedly)\b", re.I)
# A negation within the two words before a claim's verb: the denials' own forms are masked already, but
# "did not", "does not", "never" and "cannot" are not among them.
_NEGATED_BEFORE = re.compile(r"(?:\b(?:not|never|no)|n['’]t)\s+(?:[\w-]+\s+)?$", re.I)
_HEADLINE = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
# A sentence's denials with the spans they cover, and the stems of the sentence with those spans blanked
# (a set, or the stored string of them).
SentenceClaims = tuple[list[tuple[Denial, tuple[int, int]]], "frozenset[str] | str"]


@dataclass
class Contradiction:
    question: str
    citations: list[tuple[dict, dict]]  # (document, sentence), claim side first
    words: set[str]
    families: set[str] = field(default_factory=set)  # of the cited documents: one witness per family
    about: str = ""  # the stem of the disputed predicate's first word: "stall", "appeal"


def sentence_claims(text: str) -> SentenceClaims:
    """What one sentence denies, and the stems it asserts (its text without the denials): stored per sentence."""
    found = sentence_denials(text)
    return found, frozenset(stems(masked_text(text, [span for _, span in found])))


def masked_text(text: str, spans: list[tuple[int, int]]) -> str:
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


_SAME_HEAD = ({"talk", "negotiation"},)  # "the negotiations" and "talks" name one thing


def _head(subject: str) -> set[str]:
    """The stem of a subject's head noun (the last word before a preposition), with its synonyms."""
    words = stems(re.split(r"\s(?:with|over|between|of|in|on|for|about|to|from|at)\s", subject, maxsplit=1)[0])
    head = set(words[-1:])
    return head.union(*(group for group in _SAME_HEAD if head & group))


def _claim_span(sentence: dict, denial: Denial, masked: str, words: set[str]) -> tuple[int, int] | None:
    """Where the sentence asserts what `denial` denies, or None (`words`: the stems of `masked`)."""
    if denial.undecided:
        return _decided_span(denial, masked, words)
    head = denial.pred_stems[0]
    matched = sum(1 for s in denial.pred_stems if s in words)
    if head not in words or matched < min(len(denial.pred_stems), 3):
        return None
    # The subject's own noun, not just a word of it: "the Gaza ceasefire talks" are not "the ceasefire deal".
    if matched < 3 and not _head(denial.subject) & words:
        return None
    for m in _WORD.finditer(masked):
        if stem(m.group()) == head:
            if _NEGATED_BEFORE.search(masked[max(0, m.start() - 60):m.start()]):
                continue  # "did not explicitly endorse", "never raised": this sentence says the same as the denial
            left = re.search(rf"(?:\b(?:{_AUX})\s+)?(?:(?:been|being|under|now)\s+)?$", masked[: m.start()], re.I)
            return (left.start() if left else m.start()), m.end()
    return None


def _may_assert(denial: Denial, words: frozenset[str]) -> bool:
    """Whether a sentence of these stems passes the first tests of `_claim_span` (none of which reads its text)."""
    if denial.undecided:
        return not denial.subj_stems.isdisjoint(words)
    head = denial.pred_stems[0]
    return head in words and sum(1 for s in denial.pred_stems if s in words) >= min(len(denial.pred_stems), 3)


def _decided_span(denial: Denial, masked: str, words: set[str]) -> tuple[int, int] | None:
    """Where the sentence says the undecided thing is settled: "Apple will appeal the ... fine"."""
    verb, objects = denial.pred_stems[0], set(denial.pred_stems[1:])
    if not denial.subj_stems & words:
        return None
    for m in (m for pattern in _DECIDED for m in pattern.finditer(masked)):
        if stem(m.group("verb")) != verb or _UNSURE.search(masked[max(0, m.start() - 40):m.start("verb")]):
            continue
        # "will appeal the ruling on its taxes" is another appeal; "said it would appeal." is this one.
        said = set(stems(masked[m.end():_clause_end(masked, m.end())]))
        if not said or not objects or said & objects:
            return m.start("modal"), m.end()
    return None


def _clause_end(text: str, start: int) -> int:
    end = re.search(r"[,.;:!?“”\"]", text[start:])
    return start + end.start() if end else len(text)


def find_contradictions(documents: list[dict], sentences: list[dict],
                        claims_of: Callable[[dict], SentenceClaims] | None = None) -> list[Contradiction]:
    """Claims denied in a different outlet's document, as a question citing both sides.

    `claims_of(sentence)`: its stored denials and stems (`sentence_claims`); read from the text when not given.
    """
    claims_of = claims_of or (lambda s: sentence_claims(s["text"]))
    by_id = {d["id"]: d for d in documents}
    family = {d["id"]: d.get("duplicate_of") or d["id"] for d in documents}
    rows = [s for s in sentences if s["document_id"] in by_id]
    denials: list[tuple[Denial, dict]] = []
    spans_of: dict[int, list[tuple[int, int]]] = {}
    asserted: list = []  # each sentence's stems (a set, or a string of them as stored)
    for i, s in enumerate(rows):
        found, stems_of = claims_of(s)
        asserted.append(stems_of)
        for d, span in found:
            denials.append((d, s))
            spans_of.setdefault(i, []).append(span)
    if not denials:
        return []
    # Prose before headlines: a full sentence is the better witness for either side.
    denials.sort(key=lambda ds: not _HEADLINE.search(ds[1]["text"]))
    # Only sentences holding a denied predicate's head word can assert it: index them once, by those words,
    # keeping the stems of those sentences only.
    heads = {d.pred_stems[0] for d, _ in denials}
    words: dict[int, frozenset[str]] = {}
    for i, stems_of in enumerate(asserted):
        found = stems_of.split() if isinstance(stems_of, str) else stems_of
        if not heads.isdisjoint(found):
            words[i] = frozenset(found)
    holding: dict[str, list[int]] = {}
    order = sorted(words, key=lambda i: (not _HEADLINE.search(rows[i]["text"]), i))
    for i in order:
        for w in heads & words[i]:
            holding.setdefault(w, []).append(i)
    masked: dict[int, str] = {}
    hedged: dict[int, bool] = {}
    groups: list[Contradiction] = []
    claimed: dict[int, Contradiction] = {}
    spans: dict[tuple, tuple[int, int] | None] = {}  # near-duplicates repeat both sides word for word
    # Of the sentences holding a denial's head word, only those holding what `_claim_span` asks for first can
    # assert it: picked once per kind of denial (near-duplicates repeat them), not denial by denial.
    fitting: dict[tuple, list[int]] = {}
    for d, denying in denials:
        kind = (d.undecided, d.pred_stems, d.subj_stems)
        if kind not in fitting:
            fitting[kind] = [i for i in holding.get(d.pred_stems[0], []) if _may_assert(d, words[i])]
        for i in fitting[kind]:
            s = rows[i]
            if i not in masked:
                masked[i] = masked_text(s["text"], spans_of.get(i, []))
                hedged[i] = bool(_HEDGE.search(masked[i]))
            if family[s["document_id"]] == family[denying["document_id"]] or hedged[i] and not d.undecided:
                continue
            existing = claimed.get(i)
            if existing is not None and family[denying["document_id"]] in existing.families:
                continue  # this claim already has a witness from the denial's family
            key = (d.pred_stems, d.subj_stems, masked[i])
            if key not in spans:
                spans[key] = _claim_span(s, d, masked[i], words[i])
            span = spans[key]
            if span is None:
                continue
            existing = claimed.get(i)
            if existing is not None:
                _add(existing, by_id, family, denying)
                continue
            c = Contradiction(_phrase(d, denying, s, span, by_id), [],
                              set(stems(s["text"])) | set(stems(denying["text"])), about=d.pred_stems[0])
            _add(c, by_id, family, s)
            _add(c, by_id, family, denying)
            claimed[i] = c
            groups.append(c)
    return _merge_same_question(groups, by_id, family)


def _add(c: Contradiction, by_id: dict, family: dict, sentence: dict) -> None:
    """One citation per family and side: a republication adds no witness."""
    fam = family[sentence["document_id"]]
    if fam in c.families:
        return
    c.families.add(fam)
    c.citations.append((by_id[sentence["document_id"]], sentence))


def _merge_same_question(groups: list[Contradiction], by_id: dict, family: dict) -> list[Contradiction]:
    merged: dict[str, Contradiction] = {}
    for c in groups:
        key = c.question.split("?")[0].lower()
        if key in merged:
            for _, s in c.citations:
                _add(merged[key], by_id, family, s)
        else:
            merged[key] = c
    return list(merged.values())


def _phrase(d: Denial, denying: dict, claim: dict, span: tuple[int, int], by_id: dict) -> str:
    """ "Have the talks stalled? Neva says they 'have stalled'; Meridian reports a denial: '...'." """
    quote = claim["text"][span[0]: span[1]].strip()
    aux = quote.split()[0].lower() if quote.split()[0].lower() in _AUX.split("|") and not d.undecided else d.aux
    subject = d.subject
    if subject.split()[0] in {"The", "A", "An", "This", "That", "These", "Those", "Its", "Their"}:
        subject = subject[0].lower() + subject[1:]
    elif subject[0].islower() and subject.split()[0] not in {"the", "a", "an", "its", "their", "this", "these", "those",
                                                             "our", "his", "her", "my", "your", "we", "they", "it"}:
        subject = f"the {subject}"  # headline English drops the article: "denies talks have stalled"
    question = f"{aux.capitalize()} {subject} {d.pred}?"
    plural = stem(subject.split()[-1]) != subject.split()[-1].lower() and not subject.lower().endswith("ss")
    pronoun = "they" if plural else "it"
    claim_source = _source(by_id[claim["document_id"]])
    denial_source = _source(by_id[denying["document_id"]])
    if d.undecided:
        return (f"{question} {claim_source} says {subject} '{quote}'; {denial_source} reports it is not decided: "
                f"'{d.quote}'.")
    return f"{question} {claim_source} says {pronoun} '{quote}'; {denial_source} reports a denial: '{d.quote}'."


def _source(document: dict) -> str:
    return document.get("source") or document.get("title") or document["id"][:12]
