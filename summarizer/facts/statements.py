"""Statements of one document: its passages, the ones worth parsing, and what each parsed one says.

Only passages that can carry a position (a quotation, a speech or stance verb) go
through the spaCy pipeline: most of the cost of extraction is parsing, and it is
paid once, when the document is stored. The document also teaches who speaks for
whom ("Kremlin spokesman Dmitry Peskov"); those votes are kept, because its story
sums them (`summarizer.briefing.positions`) before speakers are resolved.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer.facts.actors import ActorTable, DeferredActorTable, Lexicon
from summarizer.facts.affiliations import learn_affiliations
from summarizer.facts.speech import extract_passage
from summarizer.text.datelines import blank_dateline
from summarizer.text.sentences import quote_open

if TYPE_CHECKING:
    from spacy.tokens import Doc

CANDIDATE = re.compile(
    r"[\"\u201c\u201d]|\b(?:sa(?:id|ys|y)|t(?:old|ells?)|stated?|add(?:ed|s)|insist|demand|warn|reject|propos|urg|"
    r"call(?:s|ed)? for|accus|den(?:y|ies|ied)|welcom|announc|wr(?:ote|ites?)|repeat|confirm|stress|argu|claim|"
    r"reiterat|vow|pledg|promis|threat|hail|declar|want|refus|offer|accept|oppos|support|seek|sought|press(?:ed|es)? "
    r"(?:\w+ )?for|push(?:ed|es)? (?:\w+ )?for|ask|lobb|signal|expect|need|condemn|deplor|denounc|decr(?:y|ies|ied)|"
    r"critici[sz]|prais|applau|endors|back(?:s|ed)?\b|blam|not(?:e|es|ed)\b|order(?:s|ed)?\b|suggest)", re.I)


def passages(sentences: list[dict], text: str) -> list[dict]:
    """Sentences in order, joined while a quotation stays open across a sentence break.

    `sentences` are one document's (sorted by idx); `text` is that document's text.
    """
    out: list[dict] = []
    for s in sorted(sentences, key=lambda s: s["idx"]):
        last = out[-1] if out else None
        if last and last["last_idx"] == s["idx"] - 1 and quote_open(last["text"]):
            last.update(end=s["end"], last_idx=s["idx"], text=text[last["start"]:s["end"]])
            continue
        out.append({"document_id": s["document_id"], "start": s["start"], "end": s["end"], "text": s["text"],
                    "first_idx": s["idx"], "last_idx": s["idx"]})
    for p in out:
        p["text"] = blank_dateline(p["text"])  # "ROME, Feb 5 (Post) - The EU pledged": the city is no subject
    return out


# "U.S. District Judge Amit P. Mehta ruled ...", "Governor Ann Lee vetoed ...": a person introduced by title. The
# parse teaches who they are, so that "Mehta wrote" further on is theirs.
TITLED = re.compile(r"\b(?:Judge|Justice|Governor|Gov\.|Mayor|Senator|Sen\.|Rep\.|Representative|Attorney General|"
                    r"President|Prime Minister|Minister|Secretary|Chancellor|Ambassador|Commissioner|Chairman|"
                    r"Chairwoman|Chair|Chief Executive|CEO|Director|Prosecutor|Sheriff|Speaker)\s+(?:[A-Z]\.\s+)?"
                    r"[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+")


@functools.lru_cache(maxsize=50_000)
def worth_a_parse(text: str) -> bool:
    """Whether a passage may hold a statement (a quote, a verb of saying or of stance) or introduce a person by
    title. Cached: each step of reading a document asks, and near-duplicates repeat passages."""
    return CANDIDATE.search(text) is not None or TITLED.search(text) is not None


def to_parse(found: list[dict]) -> list[str]:
    """The distinct passage texts worth a parse."""
    return list(dict.fromkeys(p["text"] for p in found if worth_a_parse(p["text"])))


class Speech:
    """What one document's parsed passages say, ready to be resolved against its story's actors.

    Stored, the passages stay JSON text until a briefing reads them (one document at a time).
    """

    def __init__(self, passages: list[list] | str, votes: dict[str, Counter] | None = None,
                 learned: list[list] | None = None):
        self._passages = passages  # [first_idx, last_idx, start, end, record or None (not parsed)], or its JSON
        self.votes = votes or {}  # name -> actor -> weight (see learn_affiliations)
        self.learned = learned or []  # organisations and generic nouns, in the order learned

    @property
    def passages(self) -> list[list]:
        return json.loads(self._passages) if isinstance(self._passages, str) else self._passages

    def to_json(self) -> dict:
        passages = self._passages if isinstance(self._passages, str) else \
            json.dumps(self._passages, ensure_ascii=False, separators=(",", ":"))
        return {"passages": passages, "learned": self.learned,
                "votes": {name: [[a, w] for a, w in counter.items()] for name, counter in self.votes.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Speech:
        return cls(data["passages"], {name: Counter({a: w for a, w in pairs}) for name, pairs in data["votes"].items()},
                   data["learned"])

    def __eq__(self, other) -> bool:
        return isinstance(other, Speech) and (self.passages, self.votes, self.learned) == \
            (other.passages, other.votes, other.learned)


def learn_document(document: dict, found: list[dict], parsed: dict[str, Doc],
                   aliases: dict[str, list[str]] | None = None) -> Learned:
    """What one document teaches about who speaks for whom: the first half of reading its speech."""
    docs = [parsed[t] for t in to_parse(found) if t in parsed]
    table = ActorTable(aliases, ignore={document["source"]} if document.get("source") else set(),
                       headlines={document["title"]} if document.get("title") else set())
    return Learned(table, learn_affiliations(table, docs))


@dataclass
class Learned:
    table: ActorTable  # the aliases plus what the document taught
    votes: dict[str, Counter]


def document_speech(document: dict, found: list[dict], parsed: dict[str, Doc], learned: Learned,
                    lexicon: Lexicon | None = None) -> Speech:
    """Read one document's passages (`passages`), given the parse of each passage text worth one (`to_parse`),
    what the document taught (`learn_document`) and the names known elsewhere (its store, its batch)."""
    deferred = DeferredActorTable(learned.table, lexicon)
    records: dict[str, dict] = {}
    out = []
    for p in found:
        doc = parsed.get(p["text"]) if worth_a_parse(p["text"]) else None
        if doc is not None and p["text"] not in records:
            records[p["text"]] = extract_passage(doc, deferred)
        out.append([p["first_idx"], p["last_idx"], p["start"], p["end"], records.get(p["text"])])
    return Speech(out, {name: Counter(c) for name, c in learned.votes.items()},
                  [list(x) for x in learned.table.learned])
