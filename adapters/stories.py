"""A briefing's items grouped by story: the one grouping every renderer (markdown, Slack, Discord) shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from summarizer.model import Briefing


@dataclass(frozen=True)
class StoryGroup:
    label: str | None  # None: items of no known story (the LLM engine's, say), shown under "Other"
    meta: dict | None  # the briefing's entry for the story: documents, sources, duplicates
    items_of: Callable[[list], list]  # the items of one kind (positions, deadlines...) that belong here


def story_groups(briefing: Briefing) -> list[StoryGroup]:
    """The stories in the briefing's order, then, if any item belongs to none of them, an "Other" group."""
    meta = {s["story"]: s for s in briefing.stories}
    groups = [StoryGroup(label, meta[label], lambda items, label=label: [i for i in items if i.story == label])
              for label in meta]
    everything = (*briefing.positions, *briefing.deadlines, *briefing.open_questions, *briefing.developments)
    if not groups or any(i.story not in meta for i in everything):
        groups.append(StoryGroup(None, None, lambda items: [i for i in items if i.story not in meta]))
    return groups
