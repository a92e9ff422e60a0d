"""Open questions: what the coverage itself says is not known yet, asked as a reader would.

Reporters flag the unknowns in set phrases ("no date has been set for", "has yet
to respond to", "it remains unclear whether", "declined to say how"). Regexes find
them and the question is rebuilt from the cue sentence's own words (whether-
clauses inverted, attribution dropped), so every question quotes its source
verbatim and nothing is inferred that the text does not say. The same point
carried by several outlets becomes one question citing each outlet once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from summarizer.briefing.contradictions import SentenceClaims, find_contradictions
from summarizer.briefing.tolls import find_count_disputes
# Shared with the answer engine: "When is the next round?" is answered by "no date has been set for ...".
from summarizer.facts.cues import CLAUSE_END, NO_DATE, Cue, cue_questions  # noqa: F401  (re-exported)
from summarizer.dates.timex import find_timexes
from summarizer.facts.denials import stem, stems
from summarizer.model import Citation, OpenQuestion


@dataclass
class _Candidate:
    question: str
    kind: str  # candidates of one kind may merge on context alone
    focus: set[str]  # stems of the words the question is built from
    context: set[str]  # stems of the whole cue sentence
    strength: float
    citations: list[tuple[dict, dict]] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # further questions from the lead sentence
    answer: tuple[dict, dict] | None = None  # (document, sentence) of a newer report that settles it
    act: re.Pattern | None = None  # what a newer report says happened, in its own words, when that settles it
    about: set[str] = field(default_factory=set)  # for a decision: its sentence's and its headlines' stems


def find_open_questions(documents: list[dict], sentences: list[dict], *, limit: int = 5,
                        cues_of: Callable[[dict], list[Cue]] | None = None,
                        claims_of: Callable[[dict], SentenceClaims] | None = None) -> list[OpenQuestion]:
    """Unresolved points and cross-outlet contradictions, best first, each citing its cue sentences.

    `cues_of(sentence)` and `claims_of(sentence)`: the sentence's stored cue questions and denials; read
    from the text when not given.
    """
    by_id = {d["id"]: d for d in documents}
    family = {d["id"]: d.get("duplicate_of") or d["id"] for d in documents}
    order = {d["id"]: i for i, d in enumerate(documents)}
    # A republication's sentence is cited only when it says something its original does not.
    rows = sorted((s for s in sentences if s["document_id"] in by_id),
                  key=lambda s: _reading_order(by_id[s["document_id"]], order, s["idx"]))
    if cues_of is None:
        text_at = {(s["document_id"], s["idx"]): s["text"] for s in rows}
        cues_of = lambda s: cue_questions(s["text"], previous=text_at.get((s["document_id"], s["idx"] - 1)))  # noqa: E731
    merged: list[_Candidate] = []
    cued: set[int] = set()
    for s in rows:
        for cue in cues_of(s):
            cued.add(id(s))
            cand = _Candidate(cue.question, cue.kind, set(cue.focus), set(cue.context), cue.strength)
            cand.citations.append((by_id[s["document_id"]], s))
            _merge(cand, merged, family)
    for c in find_contradictions(documents, rows, claims_of):
        contradiction = _Candidate(c.question, "contradiction", c.words, c.words, 3.0, c.citations)
        # "Will Apple appeal?" asked from the sentence that says it is undecided is this question too.
        cited = {id(s) for _, s in c.citations}
        merged = [q for q in merged if not (any(id(s) in cited for _, s in q.citations)
                                            and len(q.focus & c.words) >= 0.6 * len(q.focus))]
        merged.append(contradiction)
    for c in find_count_disputes(documents, rows):
        merged.append(_Candidate(c.question, "contradiction", c.words, c.words, 3.0, c.citations))
    wanted = {w for c in merged if c.kind in ANSWERABLE_KINDS and len(c.focus) >= 2 for w in c.focus}
    for c in merged:
        c.act = _settling_act(c)
        if c.act is not None:
            # "he approves", "his approval": whose decision and on what, the headline of its article says
            c.about = c.context | {w for d, _ in c.citations for w in stems(d.get("title") or "")}
            # "Kroger-Albertsons merger": a newer report may name each side on its own
            c.about |= {stem(p) for w in c.about if "-" in w for p in w.split("-") if len(p) > 1}
            wanted |= c.about
    if wanted:
        words_of = (lambda s: claims_of(s)[1].split()) if claims_of is not None else (lambda s: stems(s["text"]))
        reports = _Reports(rows, by_id, cued, words_of, wanted)
        for c in merged:
            c.answer = reports.answering(c)
    ranked = sorted(merged, key=lambda c: (c.answer is not None, -_score(c, family)))
    return [_to_open_question(c) for c in ranked[:limit]]


# A yes/no question, a reply awaited, a date not set: a later plain report of it settles the question.
ANSWERABLE_KINDS = frozenset({"whether", "response", "when", "decision", "agreement", "identity", "whereabouts",
                              "dispute"})
# Who the gunman is, where he is: a newer lead reporting someone arrested or charged settles it, in its own words.
_CAUGHT = re.compile(r"\b(?:arrested|arrests|captured|caught|apprehended|in\s+custody|surrendered|turned\s+(?:himself|"
                     r"herself|themselves)\s+in|charged|charges|indicted|identified\s+(?:him|her|them\s+)?as)\b", re.I)
# Kinds whose questions are one question per story whatever their words: "What was the motive?" from five outlets.
_ONE_PER_STORY = frozenset({"motive"})
# "reached an agreement", "a deal was struck": not "an obstacle to reaching an agreement".
_AGREED = re.compile(r"\b(?:reached|struck|striking|signed|sealed|clinched)\s+(?:an?\s+|the\s+)?[“\"]?"
                     r"(?:[\w-]+\s+){0,2}?(?:agreement|deal|accord|settlement)\b|\b(?:agreement|deal|accord|settlement)\s+(?:was|has\s+been|"
                     r"had\s+been)\s+(?:reached|struck|signed|sealed|clinched)\b", re.I)
# A decision taken, in the lead of a newer article: "signed an executive order paving the way for", "approved".
# A headline says it in the present: "Judge Blocks Merger", "Court Upholds Ban".
_DECIDED = re.compile(r"\b(?:approv(?:ed|es|ing)|clear(?:ed|s)|signed\s+(?:an?\s+|the\s+)?(?:executive\s+)?order|ruled|rules\s+"
                      r"(?:for|against|in|that|on)|block(?:ed|s)|reject(?:ed|s)|grant(?:ed|s)|strikes?\s+down|struck\s+down|"
                      r"upheld|upholds|overturn(?:ed|s)|threw\s+out|throws\s+out|veto(?:ed|es)|accept(?:ed|s)|turned\s+down|"
                      r"dismiss(?:ed|es)|ratifie[ds]|voted\s+(?:to|for|against)|"
                      r"gave\s+(?:the\s+)?green\s+light)\b", re.I)
# "Who should pay the fee?" asked where the sides are at odds: a newer lead reporting a deal or a ruling settles it.
_SETTLED = re.compile(f"{_AGREED.pattern}|{_DECIDED.pattern}", re.I)
# "When would the judge rule?": a decision still to come, settled by a newer lead reporting it taken, whatever its date.
_WHEN_DECIDED = re.compile(r"^When\s+(?:will|would|is|are|does|do)\b.*\b(?:rule|decide|vote|approve|ratify|sign|"
                           r"sentence|a\s+ruling|a\s+decision|a\s+verdict)\b", re.I)
# A question whether someone approves or endorses: a newer report of the decision settles it, in its own words.
_DECIDING = re.compile(r"\b(?:approv\w*|ratif\w*|endors\w*|sign\w*\s+off|green[- ]light\w*)\b", re.I)
_STORY_AGREEMENT = re.compile(r"^Will (?:an agreement|a deal) be reached\?$")
DECISION_SHARED = 3  # words of the pending decision's own sentence that the report of it must hold
LEAD = 3  # sentences of an article (title included) that say what is new in it
ANSWER_COVER = 0.75  # share of the question's words a later sentence must hold
# A sentence that hedges, denies, asks or wants is no answer ("talks could resume", "has not responded").
_HEDGED = re.compile(r"\b(?:not|no|never|nor|unclear|uncertain|unknown|whether|if|may|might|could|would|should|"
                     r"expect\w*|likely|plan\w*|hope\w*|yet|den(?:y|ies|ied)|refus\w*|fail\w*|until|unless|urg\w*|"
                     r"call(?:ed|s)?\s+(?:for|on)|ask\w*|demand\w*|want\w*|seek\w*|sought|await\w*|pending|"
                     r"possible|possibly|consider\w*)\b|n['’]t\b|\?", re.I)


class _Reports:
    """The story's plain reports (no hedge, no cue), indexed by word: what a question's later answer can be."""

    def __init__(self, rows: list[dict], by_id: dict, cued: set[int], words_of, wanted: set[str]):
        """`wanted`: the words of the questions that may be answered; a sentence holding fewer than two of them
        answers none (checked first: it costs less than the hedge test, over a large story's every sentence)."""
        self.by_id = by_id
        self.headlines: list[tuple[str, dict, str, set[str]]] | None = None
        self.rows: list[tuple[str, dict]] = []  # (published, sentence)
        self.index: dict[str, list[int]] = {}
        hedged: dict[str, bool] = {}  # near-duplicate articles repeat most of their sentences
        for s in rows:
            day = by_id[s["document_id"]].get("published") or ""
            if not day or id(s) in cued:
                continue
            words = wanted.intersection(words_of(s))
            if len(words) < 2:
                continue
            text = s["text"]
            if text not in hedged:
                hedged[text] = _HEDGED.search(text) is not None
            if hedged[text]:
                continue
            for w in words:
                self.index.setdefault(w, []).append(len(self.rows))
            self.rows.append((day, s))

    def answering(self, c: _Candidate) -> tuple[dict, dict] | None:
        """The first plain report of a newer document that holds most of what the question asks, if any."""
        if c.kind not in ANSWERABLE_KINDS and c.act is None or len(c.focus) < 2 and c.act is None:
            return None
        newest = max((d.get("published") or "" for d, _ in c.citations), default="")
        if not newest:
            return None
        if c.act is not None:  # "her approval is still pending": its words name no act to look for
            decided = self._decided(c, newest)
            # "an obstacle to reaching an agreement" is none; "the gunman's name" names no arrest
            if decided or c.kind not in ANSWERABLE_KINDS or c.kind in ("decision", "agreement", "identity",
                                                                       "whereabouts", "dispute"):
                return decided
        shared = Counter(k for w in c.focus for k in self.index.get(w, ()))
        need = max(2, ANSWER_COVER * len(c.focus))
        for k in sorted(k for k, n in shared.items() if n >= need):  # in reading order
            day, s = self.rows[k]
            if day <= newest:
                continue
            doc = self.by_id[s["document_id"]]
            if c.kind == "when" and not any(t.type == "DATE" for t in find_timexes(s["text"], _day(doc))):
                continue  # "when will the next round take place": only a report with its date answers it
            return doc, s
        return None

    def _decided(self, c: _Candidate, newest: str) -> tuple[dict, dict] | None:
        """The first lead sentence of a newer article that reports a decision taken on what the question is about
        (sharing DECISION_SHARED words with its sentence and headline): a decision is reported in words of its own."""
        shared = Counter(k for w in c.about for k in self.index.get(w, ()))
        # An arrest in the story's newer lead is rarely of anyone but the one sought: two shared words suffice.
        # Nor is an agreement reported in a newer lead of one story rarely the one its stalled talks sought:
        # "Will an agreement be reached?" names nothing else to share.
        need = 2 if c.kind in ("identity", "whereabouts") else 1 if _STORY_AGREEMENT.match(c.question) \
            else DECISION_SHARED
        for k in sorted(k for k, n in shared.items() if n >= need):
            day, s = self.rows[k]
            if day > newest and s["idx"] < LEAD and c.act.search(s["text"]):
                return self.by_id[s["document_id"]], s
        return self._headline(c, newest, need)

    def _headline(self, c: _Candidate, newest: str, need: int) -> tuple[dict, dict] | None:
        """A newer article whose headline reports the decision ("Judge Blocks Merger"): the plainest report of it,
        which a story's sentences leave out."""
        if self.headlines is None:  # worked out once per story, and only for a question no lead settled
            self.headlines = [(d["published"], d, d["title"], set(stems(d["title"])))
                              for d in sorted(self.by_id.values(), key=lambda d: d.get("published") or "")
                              if d.get("published") and d.get("title") and not _HEDGED.search(d["title"])]
        for day, doc, title, words in self.headlines:
            if day <= newest or len(c.about & words) < need or not c.act.search(title):
                continue
            at = (doc.get("text") or "").find(title)
            if at >= 0:
                return doc, {"document_id": doc["id"], "idx": 0, "text": title, "start": at, "end": at + len(title)}
        return None


def _settling_act(c: _Candidate) -> re.Pattern | None:
    """What a newer article's lead must report, in its own words, to settle `c`; None: its words suffice."""
    if c.kind == "decision" or c.kind == "whether" and _DECIDING.search(c.question) or _WHEN_DECIDED.match(c.question):
        return _DECIDED
    if c.kind == "dispute":
        return _SETTLED
    if c.kind in ("identity", "whereabouts"):
        return _CAUGHT
    return _AGREED if c.kind == "agreement" else None


def _day(doc: dict) -> dt.date:
    return dt.date.fromisoformat(doc["published"][:10])


def _reading_order(doc: dict, order: dict, idx: int) -> tuple:
    """Originals before copies, then oldest first: the first report of a point leads its question."""
    return doc.get("duplicate_of") is not None, doc.get("published") or "9999", order[doc["id"]], idx


def _score(c: _Candidate, family: dict) -> float:
    families = len({family[d["id"]] for d, _ in c.citations})
    latest = max((d.get("published") or "" for d, _ in c.citations), default="")
    recency = int(latest.replace("-", "") or 0) / 1e9  # a tie-break only: newer unknowns are likelier still open
    return 2.0 * families + c.strength + recency


def _to_open_question(c: _Candidate) -> OpenQuestion:
    text = " ".join([c.question] + c.extra)
    answered = [Citation.from_document(c.answer[0], c.answer[1]["start"], c.answer[1]["end"])] if c.answer else []
    return OpenQuestion(text, [Citation.from_document(d, s["start"], s["end"]) for d, s in c.citations],
                        answered_by=answered)


def _merge(cand: _Candidate, merged: list[_Candidate], family: dict) -> None:
    """Fold `cand` into the question it repeats, else start a new one."""
    doc, sentence = cand.citations[0]
    best, best_score = None, 0.0
    for q in merged:
        same_sentence = any(s is sentence for _, s in q.citations)
        shared = cand.focus & q.focus
        ff = len(shared) / min(len(cand.focus), len(q.focus)) if cand.focus and q.focus else 0.0
        fc = max(len(cand.focus & q.context) / len(cand.focus) if cand.focus else 0.0,
                 len(q.focus & cand.context) / len(q.focus) if q.focus else 0.0)
        fc_shared = max(len(cand.focus & q.context), len(q.focus & cand.context))
        # Two kinds from two sentences ("Will the deal be ratified?", "What are the terms of the deal?") are two
        # questions about one thing: one only when their words are nearly the same
        # Two points the sides differ on, from two outlets ("phase out the chemicals", "cap production and control
        # the chemicals"), are one only when their words are nearly the same: a story's disputes share its topic words
        loose = (q.kind == cand.kind and cand.kind != "dispute") or same_sentence
        if ff >= (0.5 if loose else 0.75) and len(shared) >= 2:
            score = 1.0 + ff + fc / 2
        elif q.kind == cand.kind and cand.kind in _ONE_PER_STORY:
            score = 1.0
        elif not same_sentence and q.kind == cand.kind and cand.kind != "dispute" and fc >= 0.5 and fc_shared >= 3:
            score = fc
        else:
            continue
        if score > best_score:
            best, best_score = q, score
    if best is None:
        merged.append(cand)
        return
    if best.citations[0][1] is sentence:
        if cand.question != best.question and cand.question not in best.extra:
            best.extra.append(cand.question)
    elif not any(s is sentence for _, s in best.citations) and family[doc["id"]] not in {family[d["id"]] for d, _ in best.citations}:
        best.citations.append((doc, sentence))
    best.focus |= cand.focus
    best.strength = max(best.strength, cand.strength)


