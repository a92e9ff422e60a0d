"""Briefing: a window's documents merged across sources into stories and cited items.

May import `text`, `dates`, `facts` and `model`; never `answer` or `llm`.
"""

__all__ = ["LIMITS", "Window", "build_briefing", "current_deadlines", "group_by_story"]


def __getattr__(name: str):
    """The package's names load `build` on first use: importing one stage (`briefing.deadlines` for the
    deadline index) must not import every stage and compile their patterns (0.3 s of `briefbot deadlines`)."""
    if name in __all__:
        from summarizer.briefing import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
