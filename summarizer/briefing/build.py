"""The offline briefing engine: stories, then positions, deadlines, open questions and developments.

Deterministic and network-free. Each item is built from verbatim citations;
items are grouped by story, and each story is kept short (a few lines of each
kind) because everything else is one `ask` away.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from summarizer.briefing.central import central_developments, central_pool
from summarizer.briefing.deadlines import merge_deadlines
from summarizer.briefing.forked import beside
from summarizer.briefing.positions import find_positions
from summarizer.briefing.questions import find_open_questions
from summarizer.briefing.stories import Background, Story, group_stories
from summarizer.briefing.window import WindowFacts
from summarizer.facts.document import DocumentFacts
from summarizer.model import Briefing, Citation, source_name

LIMITS = {"positions": 4, "deadlines": 4, "open_questions": 3, "developments": 1}
BESIDE_FROM = 300  # documents in a story from which parts of its briefing are worked out in other processes


@dataclass(frozen=True)
class Window:
    topic: str
    since: str | None
    until: str


def build_briefing(documents: list[dict], sentences: list[dict], window: Window, *, today: dt.date,
                   aliases: dict[str, list[str]] | None = None, limits: dict[str, int] | None = None,
                   facts: dict[str, DocumentFacts] | None = None, background: Background | None = None) -> Briefing:
    """The briefing for the documents of one window (all of them, already selected by the caller).

    `facts`: the documents' stored facts; those missing are read from the sentences.
    `background`: word IDF over the whole store, so that a window of one story stays one story.
    """
    limits = {**LIMITS, **(limits or {})}
    known = WindowFacts(documents, sentences, facts, aliases)
    briefing = Briefing(
        topic=window.topic,
        generated_at=window.until,
        since=window.since,
        until=window.until,
        documents=len(documents),
        sources=sorted({source_name(d) for d in documents}),
        duplicates=sum(1 for d in documents if d.get("duplicate_of")),
        undated=sum(1 for d in documents if d.get("undated")),
    )
    for story in group_stories(documents, sentences, background=background, bag_of=known.bag_of,
                               words_of=known.word_list, kind_of=known.kind_of):
        _brief_story(briefing, story, known, today=today, aliases=aliases, limits=limits)
    return briefing


def current_deadlines(documents: list[dict], sentences: list[dict], *, today: dt.date,
                      per_story: int = 20, facts: dict[str, DocumentFacts] | None = None,
                      background: Background | None = None) -> list:
    """Every deadline the documents give, across stories, soonest first (no briefing-length limit)."""
    known = WindowFacts(documents, sentences, facts)
    found = []
    for story in group_stories(documents, sentences, background=background, bag_of=known.bag_of,
                               words_of=known.word_list, kind_of=known.kind_of):
        items = merge_deadlines(known.deadline_candidates(story.documents, story.sentences),
                                today=today, limit=per_story, upcoming_first=True)
        for item in items:
            item.story = story.label
        found += items
    return sorted(found, key=lambda d: (d.due or "9999", d.what))


def _brief_story(briefing: Briefing, story: Story, known: WindowFacts, *, today: dt.date, aliases,
                 limits: dict[str, int]) -> None:
    label = story.label

    def positions_of() -> list:
        return find_positions(story.documents, story.sentences, aliases=aliases, limit=limits["positions"],
                              speech=known.speech(story.documents))

    def questions_of() -> list:
        return find_open_questions(story.documents, story.sentences, limit=limits["open_questions"],
                                   cues_of=known.cues_of, claims_of=known.claims_of)

    # A large story's positions and its questions are each worked out in a process of their own meanwhile:
    # three processes share two cores better than two of unequal work do.
    large = len(story.documents) >= BESIDE_FROM
    later = (beside(positions_of), beside(questions_of)) if large else None
    deadlines = merge_deadlines(known.deadline_candidates(story.documents, story.sentences), today=today,
                                limit=limits["deadlines"], upcoming_first=True)
    # Meanwhile this process prepares the developments' candidates, before the cited sentences are known.
    pool = central_pool(story.documents, story.sentences, words_of=known.words_of, kind_of=known.kind_of) \
        if later else None
    positions, questions = (later[0](), later[1]()) if later else (positions_of(), questions_of())
    cited: dict[str, list[Citation]] = {}
    for item in (*positions, *deadlines, *questions):
        for c in item.citations:
            cited.setdefault(c.document_id, []).append(c)
    fresh = [s for s in story.sentences if not any(_inside(c, s) for c in cited.get(s["document_id"], ()))]
    developments = central_developments(story.documents, fresh, limit=limits["developments"],
                                        words_of=known.words_of, kind_of=known.kind_of, pool=pool)
    for item in (*positions, *deadlines, *questions, *developments):
        item.story = label
    briefing.positions += positions
    briefing.deadlines += deadlines
    briefing.open_questions += questions
    briefing.developments += developments
    briefing.stories.append(_story_entry(story))


def _story_entry(story: Story) -> dict:
    return {
        "story": story.label,
        "documents": len(story.documents),
        "sources": sorted({source_name(d) for d in story.documents}),
        "duplicates": sum(1 for d in story.documents if d.get("duplicate_of")),
        "undated": sum(1 for d in story.documents if d.get("undated")),
    }


def group_by_story(briefing: Briefing, documents: list[dict], sentences: list[dict], *,
                   background: Background | None = None) -> None:
    """Another engine's items (the model's) under the same stories as the offline briefing's.

    An item goes to the story of the documents it cites: the one most of its
    citations come from, the first cited on a tie. Stories keep the offline order.
    """
    stories = group_stories(documents, sentences, background=background)
    story_of = {d["id"]: s.label for s in stories for d in s.documents}
    for item in (*briefing.positions, *briefing.deadlines, *briefing.open_questions, *briefing.developments):
        votes = Counter(story_of.get(c.document_id) for c in item.citations)
        votes.pop(None, None)
        if votes:
            first = {label: i for i, label in reversed(list(enumerate(story_of.get(c.document_id)
                                                                      for c in item.citations)))}
            item.story = max(votes, key=lambda label: (votes[label], -first[label]))
    briefing.stories = [_story_entry(s) for s in stories]


def _inside(c: Citation, sentence: dict) -> bool:
    """Does the citation quote (part of) this sentence? Then it is no new development."""
    return c.document_id == sentence["document_id"] and c.start < sentence["end"] and sentence["start"] < c.end
