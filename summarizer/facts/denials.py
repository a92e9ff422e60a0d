"""Denials in one sentence: what it negates, denies or calls undecided ("the talks have not stalled").

A denial is easy to spot by its form (aux + not, "denied that ...", "reports that
... are wrong"). Found once per sentence and stored with the document; the claim it
denies is looked up in other outlets' sentences when a window is briefed
(`summarizer.briefing.contradictions`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from summarizer.text.datelines import dateline_length
from summarizer.text.stopwords import STOP_WORDS

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
# "rejected reports of a breakdown in talks": the event denied is named by its noun, the claim uses the verb.
_DENIED_EVENT = re.compile(
    rf"\b(?:denied|denies|deny|dismissed|dismisses|rejected|rejects|refuted|refutes)\s+(?:{_WHEN}\s+)?"
    r"(?:(?:media|press|the|any)\s+)?reports?\s+of\s+(?:a|an|any)\s+(?P<noun>breakdown|collapse)\s+(?:in|of)\s+"
    r"(?:the\s+)?(?P<subj>talks|negotiations)\b", re.I)
# the verb a claim of the event uses (as the question says it, and as stems of the claim's words)
_EVENT_VERBS = {"breakdown": ("broken down", ("broke",)), "collapse": ("collapsed", ("collaps",))}
# "Apple has not yet decided whether to appeal the fine": against "Apple will appeal the fine" elsewhere.
_UNDECIDED = re.compile(
    r"\b(?:(?:has|have|had)\s+not\s+(?:yet\s+)?decided|(?:has|have|had)\s+yet\s+to\s+decide"
    r"|(?:is|are|was|were)\s+(?:still\s+)?(?:weighing|considering|deciding))"
    r"\s+whether\s+(?:or\s+not\s+)?to\s+(?P<verb>[a-z]+)(?P<rest>[^,.;:“”\"]*)", re.I)
_PROP = re.compile(rf"^(?P<subj>.+?)\s+(?P<aux>{_AUX})\s+(?:been\s+|being\s+)?(?P<pred>.+)$", re.I)
# The predicate stops where a new clause starts: "stalled as Russia hits Ukraine" is about stalling.
_PRED_END = re.compile(r"\s(?:as|because|since|after|before|while|when|but|although|amid|despite|and|or|until|unless|if)\s", re.I)
_CLAUSE_START = re.compile(r"(?:^|[,;:“”\"(]|\bthat\s|\bsaid\s|\bsays\s|\band\s|\bbut\s)\s*", re.I)
# Unsaid/undecided things are open questions, not contradictions.
_NOT_A_CLAIM = {"say", "said", "comment", "respond", "repli", "reply", "specifi", "confirm", "disclos", "decid",
                "publish", "chang", "yet", "clear", "known"}
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
MAX_PRED_WORDS = 5
# "has not explicitly said": the manner word is not what is denied, the verb after it is.
_MANNER = re.compile(r"^(?:explicitly|publicly|formally|officially|directly|specifically|personally|fully|openly|"
                     r"actually|really|necessarily|clearly|previously|immediately)\s+", re.I)
# "maps that would leave 40% of Gaza": a noun with its relative clause, the object of "rejected", not a claim.
_RELATIVE_END = re.compile(r"\b(?:that|which|who|whom)$", re.I)


@functools.lru_cache(maxsize=200_000)
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


@dataclass(frozen=True)
class Denial:
    subject: str  # as written in the denying sentence: "the talks", "A pause", "the EU"
    aux: str
    pred: str  # "stalled", "under consideration", "dropped its demand for quota flexibility"
    quote: str  # the denying words, verbatim
    subj_stems: frozenset[str]
    pred_stems: tuple[str, ...]
    undecided: bool = False  # "has not decided whether to appeal": denies that it is settled, not that it happened

    def to_json(self) -> list:
        return [self.subject, self.aux, self.pred, self.quote, sorted(self.subj_stems), list(self.pred_stems),
                self.undecided]

    @classmethod
    def from_json(cls, row: list) -> Denial:
        subject, aux, pred, quote, subj_stems, pred_stems, undecided = row
        return cls(subject, aux, pred, quote, frozenset(subj_stems), tuple(pred_stems), undecided)


def _trim_pred(pred: str) -> str:
    m = _PRED_END.search(" " + pred + " ")
    pred = pred[: max(0, m.start() - 1)] if m else pred
    return pred.strip().rstrip("”’\"'")


def sentence_denials(text: str) -> list[tuple[Denial, tuple[int, int]]]:
    """Every proposition the sentence negates or denies, with the span to ignore when it is read as a claim."""
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
    for m in _DENIED_EVENT.finditer(text):
        pred, pred_stems = _EVENT_VERBS[m.group("noun").lower()]
        subject = f"the {m.group('subj').lower()}"
        out.append((Denial(subject, "have", pred, m.group(0), frozenset(stems(subject)), pred_stems),
                    (m.start(), m.end())))
    for m in _UNDECIDED.finditer(text):
        head = text[: m.start()]
        starts = [skip] + [c.end() for c in _CLAUSE_START.finditer(head) if c.end() > skip]
        subject = head[max(starts):].strip()
        pred = _trim_pred(m.group("verb") + m.group("rest"))
        if subject and len(subject.split()) <= 8 and stems(subject) and stems(pred):
            quote = text[len(head.rstrip()) - len(subject):m.end()].strip()
            d = Denial(subject, "will", pred, quote, frozenset(stems(subject)), tuple(stems(pred)[:MAX_PRED_WORDS]),
                        undecided=True)
            out.append((d, (m.start(), m.end())))
    for subject, aux, pred, quote, span in found:
        subject = re.sub(r"^(?:that|the\s+fact\s+that)\s+", "", subject.strip(), flags=re.I)
        # "said Monday he would not return ...": the day belongs to the saying, not to the subject
        subject = _SAID_WHEN.sub("", subject)
        if subject.lower() in _PRONOUNS:
            continue  # "he would not return X": whom a question could name, the clause does not say
        
        pred = _MANNER.sub("", pred)
        pred_stems = tuple(stems(pred)[:MAX_PRED_WORDS])
        if not pred_stems or pred_stems[0] in _NOT_A_CLAIM or not stems(subject) or _RELATIVE_END.search(subject) \
                or re.match(r"only\b", pred, re.I):  # "is not only a trade dispute but ...": nothing denied
            continue
        d = Denial(subject, aux.lower(), pred, quote.strip(), frozenset(stems(subject)), pred_stems)
        out.append((d, span))
    return out


_SAID_WHEN = re.compile(r"^(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|"
                        r"earlier|later|last\s+week)\s+(?:that\s+)?", re.I)
_PRONOUNS = {"he", "she", "they", "we", "i", "you"}


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
    for d, _ in sentence_denials(text):
        subject = [w for w in _WORD.findall(d.subject) if w.lower() not in STOP_WORDS]
        if subject and d.pred_stems:
            out.append([subject[-1], _WORD.findall(d.pred)[0]])
    return out


