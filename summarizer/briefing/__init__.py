"""Briefing: a window's documents merged across sources into stories and cited items.

May import `text`, `dates`, `facts` and `model`; never `answer` or `llm`.
"""

from summarizer.briefing.build import LIMITS, Window, build_briefing, current_deadlines, group_by_story

__all__ = ["LIMITS", "Window", "build_briefing", "current_deadlines", "group_by_story"]
