"""Deadlines kept merged as documents arrive, so that a new article does not read the whole store again.

Every deadline candidate of a stored document (its facts, `summarizer.facts.deadlines`)
is a row, in the group of candidates it was merged with: one deadline. A new candidate
is placed as a briefing's merge would place it (`summarizer.briefing.deadlines`): in the
oldest group holding a candidate that gives the same date for the same thing, else in a
group of its own; and the groups holding a rival reading of it (another date for the
same thing) join that group. Only the candidates a few weeks around its dates that share
enough words with it are read (the store finds them by their words: `_near`), never a
whole group or every candidate of those weeks, so a new article in a flood of one story
costs little more than in a quiet one. Each change is logged with the reminder identities
it touched (`bot.schedule.deadline_item`), and the scheduler re-plans only those.

Candidates are merged per topic, across the topic's stories: a store's stories are
rebuilt from scratch on every digest, while reminders need deadlines that keep their
identity as the store grows. Groups only grow and join (a document read again leaves
its groups), so an identity, the group's first report, holds. Body sentences only (no
headline, byline or list line).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.store import Store
from summarizer.briefing.deadlines import (
    REVISION_REACH,
    SAME_THING,
    Reading,
    candidates_of,
    dedupe_sentences,
    deadline_of,
    extended,
    may_move,
    may_revise,
    revised,
    rival_readings,
    same_length,
    same_reading,
    shared_terms,
)
from summarizer.facts.kinds import is_body_sentence
from summarizer.model import Citation, Deadline

if TYPE_CHECKING:
    from summarizer.facts.document import DocumentFacts

REACH = dt.timedelta(days=21)  # rival readings of one deadline are at most three weeks apart
GROUPS_APART = dt.timedelta(days=52)  # nor are groups whose first days are further apart compared
REFERS_REACH = dt.timedelta(days=60)  # "the 50-day ultimatum" named after the day it was set
MOVED_REACH = dt.timedelta(days=REVISION_REACH)  # a date moved ("extended to June 30") is at most this far


def index_document(store: Store, document: dict, sentences: list[dict], facts: DocumentFacts, at: str) -> None:
    """Merge a stored document's deadline candidates into its topic's deadlines."""
    reindex_document(store, document, sentences, facts, at)


def reindex_document(store: Store, document: dict, sentences: list[dict], facts: DocumentFacts, at: str) -> None:
    """A document read (again): its old candidates leave their groups, its new ones are placed."""
    topic = document.get("topic") or "default"
    _index_older(store)
    touched = store.drop_deadline_candidates(document["id"])
    if store.is_superseded(document["id"]):  # replaced by a newer version while it waited to be read
        found = []
    else:
        found = body_candidates(document, sentences, facts)
    for c in sorted(_dated(store, topic, found), key=lambda c: (c.due, c.citation.document_id, c.citation.start)):
        touched += place(store, topic, c)
    if touched:
        store.log_plan_change(topic, touched, at)


def retire_document(store: Store, document_id: str, topic: str, at: str) -> None:
    """A document no longer current (a newer version of its file replaced it): its candidates leave their
    groups, and the deadlines they were in are re-planned."""
    touched = store.drop_deadline_candidates(document_id)
    if touched:
        store.log_plan_change(topic, touched, at)


def body_candidates(document: dict, sentences: list[dict], facts: DocumentFacts) -> list[Reading]:
    body = {s["idx"] for s in sentences if is_body_sentence(s, document)}
    return [c for f, c in zip(facts.deadlines, candidates_of(document, facts.deadlines, facts.anchor))
            if f.idx in body]


def place(store: Store, topic: str, c: Reading) -> list[str]:
    """Store one candidate in its group (joining the groups of its rival readings); the identities touched."""
    near = [r for r in _near(store, topic, c) if _may_join(c, r) or _may_revise(c, r)]
    rows = store.deadline_candidates_by_id(r["id"] for r in near)
    firsts = store.deadline_group_firsts({r["grp"] for r in rows})
    others = [(r["grp"], firsts[r["grp"]], _from_row(r)) for r in rows]
    homes = sorted(g for g, _, o in others if same_reading(c, o))
    home = homes[0] if homes else None
    group_first = min([c.due] + [dt.date.fromisoformat(f) for g, f, _ in others if g == home])
    at = (c.citation.document_id, c.citation.start)
    apart = {g for g, _, o in others if (o.citation.document_id, o.citation.start) == at}  # one sentence, two things
    unite = sorted({g for g, first, o in others if g != home and g not in apart
                    and ((abs(dt.date.fromisoformat(first) - group_first) <= GROUPS_APART
                          and rival_readings([c], [o])) or revised([c], [o]))})
    key = f"{c.arrived or '~'}|{c.citation.document_id}|{c.citation.start:010d}"
    _, touched = store.place_deadline_candidate(topic, _to_row(c), home=home, unite=unite, first_key=key,
                                                item=base_item([c]))
    return touched


def _near(store: Store, topic: str, c: Reading) -> list[dict]:
    """The stored candidates that may matter to `c`: those that may be the same reading or a rival
    (`_may_join`, asked of the store), and those that may move its date or have it moved (`revised`
    needs one of the two to say a date moved: `may_move`). A candidate that moves a date, or has no
    words to share, reads every one near its dates."""
    last = c.due_end or c.due
    if may_move(c) or not c.words:
        return store.deadline_candidates_near(topic, (c.due - MOVED_REACH).isoformat(), (last + MOVED_REACH).isoformat())
    sharing = store.deadline_candidates_sharing(topic, sorted(c.words), sorted(shared_terms(c.words)),
                                                c.due.isoformat(), last.isoformat(), reach_days=REACH.days,
                                                ratio=SAME_THING)
    moving = store.deadline_candidates_moving(topic, (c.due - MOVED_REACH).isoformat(),
                                              (c.due + MOVED_REACH).isoformat())
    own = [r for r in store.deadline_candidates_of([c.citation.document_id]) if r["topic"] == topic]
    return list({r["id"]: r for r in sharing + moving + own}.values())  # one article's readings join on one word


def _terms(c: Reading) -> list[tuple[int, str]]:
    """What the store indexes a candidate by (m013): its words, and the stems `same_reading` compares."""
    return [(0, w) for w in c.words] + [(1, t) for t in shared_terms(c.words)]


def _index_older(store: Store) -> None:
    """Candidates stored before the store kept their words (m013) get them, the first time a store is used."""
    while rows := store.deadline_candidates_unindexed():
        found = [_from_row(r) for r in rows]
        store.index_deadline_candidates((r, int(may_move(c)), _terms(c)) for r, c in zip(rows, found))


def _dated(store: Store, topic: str, found: list[Reading]) -> list[Reading]:
    """A mention of a deadline set elsewhere ("Trump's 50-day ultimatum") takes the date of the count of that
    length that says when it started (one of the document's own, or a stored one); with none, its own count
    from the article's date stands, approximate."""
    out = [c for c in found if c.refers_to is None]
    for c in found:
        if c.refers_to is None:
            continue
        stored = store.deadline_candidates_of_length(topic, c.refers_to, (c.due - REFERS_REACH).isoformat(),
                                                     (c.due + REFERS_REACH).isoformat())
        named = [o for o in out if o.length and same_length(o.length, c.refers_to)] + [_from_row(r) for r in stored if not r["refers"]]
        best = min(named, key=lambda o: (o.family != c.family, o.approximate, o.due)) if named else None
        out.append(dataclasses.replace(c, due=best.due, due_end=best.due_end, anchor=best.anchor,
                                       approximate=best.approximate or c.approximate) if best
                   else dataclasses.replace(c, approximate=True))
    return extended(out, _moved_by(store, topic, [c for c in out if c.extends is not None]))


def _moved_by(store: Store, topic: str, moving: list[Reading]) -> list[Reading]:
    """Stored candidates whose date one of these ("extended the truce by 90 days") may move: a date at most a
    week over when it was written, near enough and alike enough in words."""
    if not moving:
        return []
    first = min(c.written for c in moving) - dt.timedelta(days=7)
    near = store.deadline_candidates_near(topic, first.isoformat(), (max(c.due for c in moving) + MOVED_REACH).isoformat())
    near = [r for r in near if any(_may_revise(c, r) for c in moving)]
    return [_from_row(r) for r in store.deadline_candidates_by_id(r["id"] for r in near)]


_day = functools.lru_cache(maxsize=8192)(dt.date.fromisoformat)  # a listing parses the same few hundred days 50,000 times


@functools.lru_cache(maxsize=20_000)
def _row_terms(due: str, last: str, words: str) -> tuple[dt.date, dt.date, frozenset[str]]:
    """A stored candidate's days and words, parsed once per process, not once per new candidate compared with it:
    in a flood of one story every new candidate is compared with thousands stored near its dates."""
    return _day(due), _day(last), frozenset(sys.intern(w) for w in words.split())


def _may_revise(c: Reading, row: dict) -> bool:
    """`may_revise`, for a stored row: whether it can move `c`, or be moved by it."""
    due, _, words = _row_terms(row["due"], row["last"], row["words"])
    return may_revise(c, words, due)


def _may_join(c: Reading, row: dict) -> bool:
    """Whether a stored candidate can be the same reading as, or a rival of, a new one: near in time and
    sharing three words or a fifth of them (two for one day). A quick test of words as written: `same_reading`
    also counts words of one stem ("studio", "studios"), which `_near` asks the store for."""
    due, last, words = _row_terms(row["due"], row["last"], row["words"])
    if due > (c.due_end or c.due) + REACH or last < c.due - REACH:
        return False
    shared = len(words & c.words)
    one_day = due == last == c.due and not c.due_end  # the same single day: two words may make it one (same_reading)
    return shared >= 3 or shared >= SAME_THING * (len(words) + len(c.words) - shared) or (one_day and shared >= 2)


def base_item(group: list[Reading]) -> str:
    """A deadline's identity (its first report; see bot.schedule.deadline_item) before told from its siblings."""
    first = min(group, key=lambda c: (c.arrived or "~", c.citation.document_id, c.citation.start))
    key = f"{first.citation.document_id}:{first.citation.start}:{first.citation.end}"
    return "d" + hashlib.sha1(key.encode()).hexdigest()[:16]


def stored_deadlines(store: Store, topics: Sequence[str] | None, today: dt.date, *, include_passed: bool = False,
                     items: Sequence[str] | None = None) -> list[Deadline]:
    """The topics' deadlines as of `today`, soonest first (all of them, or those of these base items)."""
    groups = store.deadline_groups(topics, last_from=None if include_passed else today.isoformat())
    if items is not None:
        wanted = set(items)
        groups = [g for g in groups if g["item"] in wanted]
    members: dict[int, list[Reading]] = {}
    for row in store.deadline_candidates_in([g["id"] for g in groups]):
        members.setdefault(row["grp"], []).append(_from_row(row))
    for found in members.values():  # in the order a briefing's merge lists them
        found.sort(key=lambda c: (c.due, c.citation.document_id, c.citation.start))
    found = [deadline_of(dedupe_sentences(members[g["id"]]), today) for g in groups if g["id"] in members]
    found = [d for d in found if include_passed or d.status in ("upcoming", "today")]
    return sorted(found, key=lambda d: (d.due or "9999", d.what))


def _to_row(c: Reading) -> dict:
    return {"document_id": c.citation.document_id, "family": c.family, "due": c.due.isoformat(),
            "moves": int(may_move(c)), "terms": _terms(c),
            "last": (c.due_end or c.due).isoformat(), "length": c.length, "refers": int(c.refers_to is not None),
            "words": " ".join(sorted(c.words)),
            "data": json.dumps({
                "due_end": c.due_end.isoformat() if c.due_end else None, "due_text": c.due_text,
                "approximate": c.approximate, "anchor": c.anchor.isoformat(), "source": c.source,
                "quote": c.citation.quote, "start": c.citation.start, "end": c.citation.end, "explicit": c.explicit,
                "arrived": c.arrived,
                "written": c.written.isoformat(), "refers_to": c.refers_to,
                "voids": sorted(d.isoformat() for d in c.voids), "void": c.void, "guessed": c.guessed},
                ensure_ascii=False)}


def _from_row(row: dict) -> Reading:
    data = json.loads(row["data"])
    day, voids = _day, data.get("voids")
    return Reading(
        due=day(row["due"]), due_end=day(data["due_end"]) if data["due_end"] else None, due_text=data["due_text"],
        approximate=data["approximate"], anchor=day(data["anchor"]),
        citation=Citation(row["document_id"], data["source"], data["quote"], data["start"], data["end"]),
        family=row["family"], source=data["source"], words=frozenset(row["words"].split()), explicit=data["explicit"],
        arrived=data["arrived"], written=day(data["written"]), length=row["length"], refers_to=data["refers_to"],
        voids=frozenset(map(day, voids)) if voids else frozenset(), void=data.get("void", False),
        guessed=data.get("guessed", False))
