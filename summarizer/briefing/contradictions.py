"""Statements that contradict each other across outlets ("have stalled" vs "are not stalled").

A denial is easy to spot by its form (aux + not, "denied that ...", "reports that
... are wrong"); the claim it denies is then looked up, by its subject and
predicate words, in the other outlets' sentences. A near-duplicate copy belongs
to its original's family, so a story never contradicts its own republication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from summarizer.text.datelines import dateline_length

_AUX = r"is|are|was|were|has|have|had|will|would"
_NEGATED = re.compile(rf"\b(?P<aux>{_AUX})(?:\s+not|n['’]t|\s+never)\s+(?:yet\s+)?(?:been\s+|being\s+)?(?P<pred>[^,.;:“”\"]+)", re.I)
_WHEN = (r"(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
         r"|yesterday|today|again|flatly|publicly)")
_DENIAL = re.compile(
    rf"\b(?:denied|denies|deny|dismissed|dismisses|rejected|rejects|refuted|refutes)\s+(?:{_WHEN}\s+)?"
    r"(?:(?:a|the|any|media)\s+)?(?:reports?|claims?|suggestions?|speculation)?\s*(?:that\s+)?(?P<prop>[^,.;:“”\"]+)", re.I)
_WRONG = re.compile(
    r"\breports?\s+(?:that\s+)?(?P<prop>[^,.;:“”\"]+?)\s+(?:are|is|were|was)\s+"
    r"(?:simply\s+|completely\s+|totally\s+|entirely\s+|just\s+)?(?:wrong|false|untrue|incorrect|inaccurate|baseless|fake|nonsense)\b",
    re.I)
# "Apple has not yet decided whether to appeal the fine": against "Apple will appeal the fine" elsewhere.
_UNDECIDED = re.compile(
    r"\b(?:(?:has|have|had)\s+not\s+(?:yet\s+)?decided|(?:has|have|had)\s+yet\s+to\s+decide"
    r"|(?:is|are|was|were)\s+(?:still\s+)?(?:weighing|considering|deciding))"
    r"\s+whether\s+(?:or\s+not\s+)?to\s+(?P<verb>[a-z]+)(?P<rest>[^,.;:“”\"]*)", re.I)
# ...asserted as decided: "will appeal", "said it would appeal", "plans to appeal", or "Apple to appeal" (a headline).
_DECIDED = (re.compile(r"\b(?P<modal>will|would|going\s+to|plans?\s+to|intends?\s+to|(?:is|are)\s+to|decided\s+to)"
                       r"\s+(?:also\s+|now\s+)?(?P<verb>[a-z]+)\b", re.I),
            re.compile(r"^(?:\S+\s+){1,2}(?P<modal>to)\s+(?P<verb>[a-z]+)\b"))
_UNSURE = re.compile(
    r"\b(?:whether|if|might|may|could|possibly|reportedly|not|never|weighing|considering)\b|n['’]t\b", re.I)
_PROP = re.compile(rf"^(?P<subj>.+?)\s+(?P<aux>{_AUX})\s+(?:been\s+|being\s+)?(?P<pred>.+)$", re.I)
# The predicate stops where a new clause starts: "stalled as Russia hits Ukraine" is about stalling.
_PRED_END = re.compile(r"\s(?:as|because|since|after|before|while|when|but|although|amid|despite|and|or|until|unless|if)\s", re.I)
_CLAUSE_START = re.compile(r"(?:^|[,;:“”\"(]|\bthat\s|\bsaid\s|\bsays\s|\band\s|\bbut\s)\s*", re.I)
# Unsaid/undecided things are open questions, not contradictions.
_NOT_A_CLAIM = {"say", "said", "comment", "respond", "repli", "reply", "specifi", "confirm", "disclos", "decid",
                "publish", "chang", "yet", "clear", "known"}
_HEDGE = re.compile(r"\b(?:whether|if|unclear|could|might|may|would|possible|possibly|reportedly)\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
_HEADLINE = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
MAX_PRED_WORDS = 5


def stem(word: str) -> str:
    """Crude suffix stripping: enough to match "stalled"/"stall", "talks"/"talk", "drops"/"dropped"."""
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix) and not w.endswith("ss"):
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":  # "stopp" -> "stop"
        w = w[:-1]
    return w


def stems(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text) if len(w) > 1 and w.lower() not in STOP_WORDS]


@dataclass
class _Denial:
    sentence: dict
    subject: str  # as written in the denying sentence: "the talks", "A pause", "the EU"
    aux: str
    pred: str  # "stalled", "under consideration", "dropped its demand for quota flexibility"
    quote: str  # the denying words, verbatim
    subj_stems: set[str] = field(default_factory=set)
    pred_stems: list[str] = field(default_factory=list)
    undecided: bool = False  # "has not decided whether to appeal": denies that it is settled, not that it happened


@dataclass
class Contradiction:
    question: str
    citations: list[tuple[dict, dict]]  # (document, sentence), claim side first
    words: set[str]
    families: set[str] = field(default_factory=set)  # of the cited documents: one witness per family
    about: str = ""  # the stem of the disputed predicate's first word: "stall", "appeal"


def _trim_pred(pred: str) -> str:
    m = _PRED_END.search(" " + pred + " ")
    pred = pred[: max(0, m.start() - 1)] if m else pred
    return pred.strip().rstrip("”’\"'")


def _denials(sentence: dict) -> list[tuple[_Denial, tuple[int, int]]]:
    """Every proposition the sentence negates or denies, with the span to ignore when it is read as a claim."""
    text = sentence["text"]
    skip = dateline_length(text)  # "LONDON (Wire) - Apple has not ...": the subject is Apple
    found = []
    for m in _NEGATED.finditer(text):
        head = text[: m.start()]
        starts = [skip] + [c.end() for c in _CLAUSE_START.finditer(head) if c.end() > skip]
        subject = head[max(starts) if starts else 0:].strip()
        if not subject or len(subject.split()) > 8:
            continue
        subject_end = len(head.rstrip())
        quote = text[subject_end - len(subject):m.end()]
        found.append((subject, m.group("aux"), _trim_pred(m.group("pred")), quote, (m.start(), m.end())))
    for pattern in (_DENIAL, _WRONG):
        for m in pattern.finditer(text):
            prop = _PROP.match(m.group("prop").strip())
            if prop:
                subject = _owned(prop.group("subj"), text[skip:m.start()]) if pattern is _DENIAL else prop.group("subj")
                found.append((subject, prop.group("aux"), _trim_pred(prop.group("pred")), m.group(0),
                              (m.start(), m.end())))
    out = []
    for m in _UNDECIDED.finditer(text):
        head = text[: m.start()]
        starts = [skip] + [c.end() for c in _CLAUSE_START.finditer(head) if c.end() > skip]
        subject = head[max(starts):].strip()
        pred = _trim_pred(m.group("verb") + m.group("rest"))
        if subject and len(subject.split()) <= 8 and stems(subject) and stems(pred):
            quote = text[len(head.rstrip()) - len(subject):m.end()].strip()
            d = _Denial(sentence, subject, "will", pred, quote, set(stems(subject)), stems(pred)[:MAX_PRED_WORDS],
                        undecided=True)
            out.append((d, (m.start(), m.end())))
    for subject, aux, pred, quote, span in found:
        subject = re.sub(r"^(?:that|the\s+fact\s+that)\s+", "", subject.strip(), flags=re.I)
        pred_stems = stems(pred)[:MAX_PRED_WORDS]
        if not pred_stems or pred_stems[0] in _NOT_A_CLAIM or not stems(subject):
            continue
        d = _Denial(sentence, subject, aux.lower(), pred, quote.strip(), set(stems(subject)), pred_stems)
        out.append((d, span))
    return out


def _owned(subject: str, denier: str) -> str:
    """"its negotiations" in "The European Commission on Thursday rejected reports that its negotiations ...":
    the Commission's negotiations (a question cannot say "its" with nothing before it)."""
    m = re.match(r"(?:that\s+)?(?:its|their)\s+(?P<rest>.+)$", subject, re.I)
    who = re.sub(rf"\s+{_WHEN}\s*$", "", denier.strip().rstrip(","), flags=re.I)
    who = who.split(",")[-1].strip()
    if not m or not who or len(who.split()) > 6 or not (who[:1].isupper() or who.lower().startswith("the ")):
        return subject
    who = who[0].lower() + who[1:] if who.split()[0] in ("The", "A", "An") else who
    return f"{who}'s {m.group('rest')}"


def denied_words(text: str) -> list[list[str]]:
    """For each thing the sentence denies or calls undecided, the words a claim of it must hold: the
    subject's head and the predicate's first word ("Apple", "appeal"), to look the claim up by."""
    out = []
    for d, _ in _denials({"text": text}):
        subject = [w for w in _WORD.findall(d.subject) if w.lower() not in STOP_WORDS]
        if subject and d.pred_stems:
            out.append([subject[-1], _WORD.findall(d.pred)[0]])
    return out


_SAME_HEAD = ({"talk", "negotiation"},)  # "the negotiations" and "talks" name one thing


def _head(subject: str) -> set[str]:
    """The stem of a subject's head noun (the last word before a preposition), with its synonyms."""
    words = stems(re.split(r"\s(?:with|over|between|of|in|on|for|about|to|from|at)\s", subject, maxsplit=1)[0])
    head = set(words[-1:])
    return head.union(*(group for group in _SAME_HEAD if head & group))


def _claim_span(sentence: dict, denial: _Denial, masked: str, words: set[str]) -> tuple[int, int] | None:
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
            left = re.search(rf"(?:\b(?:{_AUX})\s+)?(?:(?:been|being|under|now)\s+)?$", masked[: m.start()], re.I)
            return (left.start() if left else m.start()), m.end()
    return None


def _decided_span(denial: _Denial, masked: str, words: set[str]) -> tuple[int, int] | None:
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


def find_contradictions(documents: list[dict], sentences: list[dict]) -> list[Contradiction]:
    """Claims denied in a different outlet's document, as a question citing both sides."""
    by_id = {d["id"]: d for d in documents}
    family = {d["id"]: d.get("duplicate_of") or d["id"] for d in documents}
    rows = [s for s in sentences if s["document_id"] in by_id]
    denials: list[_Denial] = []
    masked: dict[int, str] = {}
    for i, s in enumerate(rows):
        text = s["text"]
        for d, (a, b) in _denials(s):
            denials.append(d)
            text = text[:a] + " " * (b - a) + text[b:]
        masked[i] = text
    # Prose before headlines: a full sentence is the better witness for either side.
    denials.sort(key=lambda d: not _HEADLINE.search(d.sentence["text"]))
    words = {i: set(stems(text)) for i, text in masked.items()}
    # Only sentences holding the denied predicate's head word can assert it: index them once.
    holding: dict[str, list[int]] = {}
    order = sorted(range(len(rows)), key=lambda i: not _HEADLINE.search(rows[i]["text"]))
    for i in order:
        for w in words[i]:
            holding.setdefault(w, []).append(i)
    groups: list[Contradiction] = []
    claimed: dict[int, Contradiction] = {}
    spans: dict[tuple, tuple[int, int] | None] = {}  # near-duplicates repeat both sides word for word
    hedged = {i: bool(_HEDGE.search(text)) for i, text in masked.items()}
    for d in denials:
        for i in holding.get(d.pred_stems[0], []):
            s = rows[i]
            if family[s["document_id"]] == family[d.sentence["document_id"]] or hedged[i] and not d.undecided:
                continue
            existing = claimed.get(i)
            if existing is not None and family[d.sentence["document_id"]] in existing.families:
                continue  # this claim already has a witness from the denial's family
            key = (tuple(d.pred_stems), frozenset(d.subj_stems), masked[i])
            if key not in spans:
                spans[key] = _claim_span(s, d, masked[i], words[i])
            span = spans[key]
            if span is None:
                continue
            existing = claimed.get(i)
            if existing is not None:
                _add(existing, by_id, family, d.sentence)
                continue
            c = Contradiction(_phrase(d, s, span, by_id), [], set(stems(s["text"])) | set(stems(d.sentence["text"])),
                              about=d.pred_stems[0])
            _add(c, by_id, family, s)
            _add(c, by_id, family, d.sentence)
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


def _phrase(d: _Denial, claim: dict, span: tuple[int, int], by_id: dict) -> str:
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
    denial_source = _source(by_id[d.sentence["document_id"]])
    if d.undecided:
        return (f"{question} {claim_source} says {subject} '{quote}'; {denial_source} reports it is not decided: "
                f"'{d.quote}'.")
    return f"{question} {claim_source} says {pronoun} '{quote}'; {denial_source} reports a denial: '{d.quote}'."


def _source(document: dict) -> str:
    return document.get("source") or document.get("title") or document["id"][:12]
