"""Casualty counts that cannot all be right: "killed 259 people" in one report, "killed 224" in a newer one.

A toll only rises as the injured die and the missing are found, so a newer exact count below an older
one is a disagreement between sources, not an update (two counts of one day could be either). Only
exact figures are compared ("at least 80", "more than 200" are bounds, often overtaken), and only counts
of the same scope: the whole event (a plural agent, "the bombings killed ..."), or one place named by
both ("the blast in Nairobi killed ...", "killed 247 people in Kenya").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from summarizer.facts.denials import stems
from summarizer.model import source_name

# "in Kenya", "in Nairobi and Dar es Salaam": names, whatever the pattern's case rule
_PLACES = r"(?-i:[A-Z][\w'’.-]*(?:\s+(?:es\s+|de\s+)?[A-Z][\w'’.-]*)*(?:\s+and\s+[A-Z][\w'’.-]*(?:\s+(?:es\s+|de\s+)?[A-Z][\w'’.-]*)*)?)"
_NUMBER = r"(?P<n>\d{1,3}(?:,\d{3})*|\d+)"
_BOUND = re.compile(r"\b(?:at\s+least|more\s+th[ae]n|over|nearly|almost|about|around|some|up\s+to|roughly|approximately|"
                    r"an\s+estimated|fewer\s+than|less\s+than|close\s+to|well\s+over|as\s+many\s+as)\s+$", re.I)
# What kills: the agent whose count is the event's, named before the verb ("the bombings which killed").
_AGENT = (r"bombings?|blasts?|attacks?|explosions?|bombs?|crash(?:es)?|fires?|(?:earth)?quakes?|storms?|floods?|"
          r"shootings?|clashes|fighting|violence|riots?|raids?|strikes?|collisions?|derailments?|tornado(?:es)?|"
          r"hurricanes?|typhoons?|cyclones?|landslides?|avalanches?|outbreaks?|epidemics?|massacres?|ambush(?:es)?")
_VERB = {"killed": "dead", "killing": "dead", "injured": "hurt", "injuring": "hurt", "wounded": "hurt", "wounding": "hurt"}
_ACTIVE = re.compile(
    rf"\b(?P<agent>{_AGENT})\b(?P<between>[^;:?!]{{0,100}}?)\s(?P<verb>killed|killing|injured|injuring|wounded|wounding)"
    rf"\s+(?P<bound>(?:[a-z]+\s+){{0,2}}?){_NUMBER}(?:\s+(?:people|persons|civilians|others))?"
    rf"(?P<place>\s+in\s+{_PLACES})?", re.I)
_PASSIVE = re.compile(
    rf"\b{_NUMBER}\s+(?:people|persons|civilians)?\s*(?:were|have\s+been|had\s+been)\s+"
    rf"(?P<verb>killed|injured|wounded)(?P<place>\s+in\s+{_PLACES})?"
    rf"(?:\s+(?:in|by)\s+(?:the|a|an)\s+(?:[\w'’.-]+\s+){{0,3}}?(?P<agent>{_AGENT})\b)?")
# "... killed 247 people in Kenya and 10 in Tanzania": the second place's own count
_AND_IN = re.compile(rf"\s+and\s+{_NUMBER}\s+(?:(?:people|persons|civilians|others)\s+)?in\s+(?P<place>{_PLACES})")
_PLACE_WORD = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:es\s+)?[A-Z][a-z]+)*\b")
_NOT_PLACES = {"Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "The", "A", "An",
               "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "U", "S", "Americans"}


@dataclass(frozen=True)
class _Count:
    kind: str  # "dead" or "hurt"
    value: int
    scope: frozenset[str]  # places the count is limited to; empty: the whole event
    whole: bool  # a plural agent or a count of the whole event
    agent: str  # "bombings", or "" when the sentence names none
    day: str
    family: str
    sentence: dict
    document: dict


@dataclass
class CountDispute:
    question: str
    citations: list[tuple[dict, dict]]  # (document, sentence): the older count first
    words: set[str]


def _counts(sentence: dict, document: dict, family: str) -> list[_Count]:
    text = sentence["text"]
    out = []
    for pattern in (_ACTIVE, _PASSIVE):
        for m in pattern.finditer(text):
            if _BOUND.search(text[:m.start("n")]) \
                    or re.match(r"\s*(?:percent|per\s+cent|%)", text[m.end("n"):]):
                continue
            agent = (m.group("agent") or "").lower()
            place = m.group("place") or ""
            scope = frozenset(w for w in _PLACE_WORD.findall(place) if w not in _NOT_PLACES)
            whole = not scope and (agent.endswith(("s", "fighting", "violence")) and not agent.endswith("ss"))
            if not whole and not scope:
                # "the embassy blast in Dar es Salaam killed 10": a place named before the count limits it
                before = text[max(0, m.start() - 80): m.start("n")]
                scope = frozenset(w for w in _PLACE_WORD.findall(before[1:]) if w not in _NOT_PLACES)
                if not scope:
                    continue
            kind, day = _VERB[m.group("verb").lower()], (document.get("published") or "")[:10]
            out.append(_Count(kind, int(m.group("n").replace(",", "")), scope, whole, agent, day, family, sentence,
                              document))
            more = _AND_IN.match(text, m.end()) if m.group("place") else None
            if more:
                out.append(_Count(kind, int(more.group("n").replace(",", "")),
                                  frozenset(w for w in _PLACE_WORD.findall(more.group("place")) if w not in _NOT_PLACES),
                                  False, agent, day, family, sentence, document))
    return out


def find_count_disputes(documents: list[dict], sentences: list[dict]) -> list[CountDispute]:
    """Exact casualty counts of one scope that cannot both hold, as a question citing both reports: per scope,
    the newer count furthest below an older one of another document."""
    by_id = {d["id"]: d for d in documents}
    family = {d["id"]: d.get("duplicate_of") or d["id"] for d in documents}
    groups: dict[tuple, list[_Count]] = {}
    maybe: dict[str, bool] = {}  # near-duplicates repeat sentences: each text searched once
    for s in sentences:
        if s["document_id"] not in by_id:
            continue
        found = maybe.get(s["text"])
        if found is None:
            found = maybe[s["text"]] = _MAYBE.search(s["text"]) is not None
        if found:
            for c in _counts(s, by_id[s["document_id"]], family[s["document_id"]]):
                if c.day:
                    groups.setdefault((c.kind, c.whole, c.scope), []).append(c)
    disputes = []
    for counts in groups.values():
        counts.sort(key=lambda c: c.day)
        top: list[_Count] = []  # the highest older count, and the highest of another document than its
        widest: tuple[_Count, _Count] | None = None
        for _, same_day in groupby(counts, key=lambda c: c.day):
            today = list(same_day)  # compared with older days only: two counts of one day could be either
            for new in today:
                old = next((c for c in top if c.family != new.family), None)
                if old and old.value > new.value and (widest is None or
                                                      old.value - new.value > widest[0].value - widest[1].value):
                    widest = (old, new)
            top = _highest_two(top + today)
        if widest:
            disputes.append(_dispute(*widest))
    return disputes


def _highest_two(counts: list[_Count]) -> list[_Count]:
    ranked = sorted(counts, key=lambda c: -c.value)
    first = ranked[0]
    second = next((c for c in ranked[1:] if c.family != first.family), None)
    return [first, second] if second else [first]


_MAYBE = re.compile(rf"\b(?:{'|'.join(_VERB)})\b", re.I)


def _dispute(old: _Count, new: _Count) -> CountDispute:
    what = "killed" if old.kind == "dead" else "injured"
    where = f" in {' and '.join(sorted(old.scope))}" if old.scope else f" by the {new.agent}" if new.agent else ""
    question = (f"How many people were {what}{where}? Reports differ: {_source(old.document)} says {old.value:,}, "
                f"{_source(new.document)} says {new.value:,}.")
    words = set(stems(old.sentence["text"])) | set(stems(new.sentence["text"]))
    return CountDispute(question, [(old.document, old.sentence), (new.document, new.sentence)], words)


def _source(document: dict) -> str:
    return f"{source_name(document)} ({document['published'][:10]})"
