"""Deadlines kept merged as documents arrive, so that a new article costs the same in any store.

Every deadline candidate of a stored document (its facts, `summarizer.facts.deadlines`)
is a row, in the group of candidates it was merged with (one deadline). A new document
adds its candidates: only the groups within a few weeks of its dates that share a word
with them can take them in, so those groups and the new candidates are merged again
(`summarizer.briefing.deadlines.merge_groups`, the rule a briefing uses) and replace
the old groups. Each change is logged with the reminder identities it touched
(`bot.schedule.deadline_item`), and the scheduler re-plans only those.

Candidates are merged per topic, across the topic's stories: a store's stories are
rebuilt from scratch on every digest, while reminders need deadlines that keep their
identity as the store grows. Body sentences only (no headline, byline or list line).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence

from bot.store import Store
from summarizer.briefing.deadlines import SAME_THING, candidates_of, deadline_of, merge_groups
from summarizer.briefing.deadlines import Reading
from summarizer.facts.kinds import is_body_sentence
from summarizer.facts.document import DocumentFacts
from summarizer.model import Citation, Deadline

REACH = dt.timedelta(days=21)  # rival readings of one deadline are at most three weeks apart
REFERS_REACH = dt.timedelta(days=60)  # "the 50-day ultimatum" named after the day it was set


def index_document(store: Store, document: dict, sentences: list[dict], facts: DocumentFacts, at: str) -> int | None:
    """Merge a stored document's deadline candidates into its topic's deadlines; the change's number, if any."""
    found = body_candidates(document, sentences, facts)
    return merge_candidates(store, document.get("topic") or "default", found, at) if found else None


def body_candidates(document: dict, sentences: list[dict], facts: DocumentFacts) -> list[Reading]:
    body = {s["idx"] for s in sentences if is_body_sentence(s, document)}
    return [c for f, c in zip(facts.deadlines, candidates_of(document, facts.deadlines, facts.anchor))
            if f.idx in body]


def merge_candidates(store: Store, topic: str, new: list[Reading], at: str,
                     removed_groups: Sequence[int] = ()) -> int:
    """Merge new candidates with the groups they can join, and store the result."""
    first = min(c.due for c in new) - REACH
    last = max(c.due_end or c.due for c in new) + REACH
    near = store.deadline_candidates_near(topic, first.isoformat(), last.isoformat())
    touched = {r["grp"] for r in near if r["grp"] is not None and _may_join(new, r)}
    # A count named elsewhere ("the 50-day ultimatum") and the count that set it: either may come first.
    for length in {c.length for c in new if c.length}:
        for r in store.deadline_candidates_of_length(topic, length, (first - REFERS_REACH).isoformat(),
                                                    (last + REFERS_REACH).isoformat()):
            if r["grp"] is not None:
                touched.add(r["grp"])
    touched |= set(removed_groups)
    members = store.deadline_candidates_in(touched)
    old = [_from_row(r) for r in members]
    everyone = old + new
    ids = [r["id"] for r in members] + [("new", k) for k in range(len(new))]
    position = {id(c): i for i, c in enumerate(everyone)}
    groups = []
    for group in merge_groups(everyone):
        # _referred may hand back a copy of a candidate (its date taken from the count it names)
        ids_of = [ids[position[id(c)]] if id(c) in position else ids[_find(everyone, c)] for c in group]
        groups.append(({"first": min(c.due for c in group).isoformat(),
                        "last": max(c.due_end or c.due for c in group).isoformat(), "item": base_item(group)},
                       ids_of))
    return store.regroup_deadlines(topic, add=[_to_row(c) for c in new], remove_groups=sorted(touched),
                                   groups=groups, at=at)


def _may_join(new: list[Reading], row: dict) -> bool:
    """Whether a stored candidate can be the same reading as, or a rival of, a new one: near in time and
    sharing three words or a fifth of them (what either test needs at least)."""
    words = set(row["words"].split())
    due, last = dt.date.fromisoformat(row["due"]), dt.date.fromisoformat(row["last"])
    for c in new:
        if due > (c.due_end or c.due) + REACH or last < c.due - REACH:
            continue
        shared = len(words & c.words)
        if shared >= 3 or shared >= SAME_THING * len(words | c.words):
            return True
    return False


def _find(candidates: list[Reading], c: Reading) -> int:
    return next(i for i, o in enumerate(candidates) if o.citation == c.citation and o.due_text == c.due_text)


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
    found = [deadline_of(merge_all(members[g["id"]]), today) for g in groups if g["id"] in members]
    found = [d for d in found if include_passed or d.status in ("upcoming", "today")]
    return sorted(found, key=lambda d: (d.due or "9999", d.what))


def merge_all(group: list[Reading]) -> list[Reading]:
    """A stored group's candidates as the merge left them (counts named elsewhere dated by theirs)."""
    merged = merge_groups(group)
    return [c for g in merged for c in g] if len(merged) > 1 else merged[0]


def reindex_document(store: Store, document: dict, sentences: list[dict], facts: DocumentFacts, at: str) -> None:
    """A document read again: its old candidates leave their groups, its new ones are merged in."""
    groups = store.drop_deadline_candidates(document["id"])
    found = body_candidates(document, sentences, facts)
    topic = document.get("topic") or "default"
    if found or groups:
        if found:
            merge_candidates(store, topic, found, at, removed_groups=groups)
        else:
            _regroup_without(store, topic, groups, at)


def _regroup_without(store: Store, topic: str, groups: list[int], at: str) -> None:
    members = store.deadline_candidates_in(groups)
    old = [_from_row(r) for r in members]
    position = {id(c): r["id"] for c, r in zip(old, members)}
    out = []
    for group in merge_groups(old) if old else []:
        out.append(({"first": min(c.due for c in group).isoformat(),
                     "last": max(c.due_end or c.due for c in group).isoformat(), "item": base_item(group)},
                    [position.get(id(c)) or members[_find(old, c)]["id"] for c in group]))
    store.regroup_deadlines(topic, add=[], remove_groups=groups, groups=out, at=at)


def _to_row(c: Reading) -> dict:
    return {"document_id": c.citation.document_id, "family": c.family, "due": c.due.isoformat(),
            "last": (c.due_end or c.due).isoformat(), "length": c.length, "refers": int(c.refers_to is not None),
            "words": " ".join(sorted(c.words)),
            "data": json.dumps({
                "due_end": c.due_end.isoformat() if c.due_end else None, "due_text": c.due_text,
                "approximate": c.approximate, "anchor": c.anchor.isoformat(), "source": c.source,
                "quote": c.citation.quote, "start": c.citation.start, "end": c.citation.end, "explicit": c.explicit,
                "arrived": c.arrived,
                "written": c.written.isoformat(), "refers_to": c.refers_to}, ensure_ascii=False)}


def _from_row(row: dict) -> Reading:
    data = json.loads(row["data"])
    day = dt.date.fromisoformat
    return Reading(
        due=day(row["due"]), due_end=day(data["due_end"]) if data["due_end"] else None, due_text=data["due_text"],
        approximate=data["approximate"], anchor=day(data["anchor"]),
        citation=Citation(row["document_id"], data["source"], data["quote"], data["start"], data["end"]),
        family=row["family"], source=data["source"], words=frozenset(row["words"].split()), explicit=data["explicit"],
        arrived=data["arrived"], written=day(data["written"]), length=row["length"], refers_to=data["refers_to"])
