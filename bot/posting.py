"""The interface the bot posts through; the adapters provide it (`adapters.posters`).

What `digest --post` and the scheduler use to reach a channel without a chat session.
Each poster takes an idempotency `key` (channel, kind, item, slot): the platform
message carries it where the platform allows (Slack message metadata, Discord
nonce), so a post retried after a crash can be found instead of sent twice. The bot
never imports a platform: it is handed a `PosterFactory` by its entry point.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Protocol

from summarizer.model import Briefing, Deadline


class PostError(Exception):
    """A post failed after the client's own bounded retries; the delivery stays unsent."""


class PostUncertain(PostError):
    """The request may have reached the platform (the connection dropped before its answer).

    Clients do not resend such a request on their own: the caller looks for its message
    first (`already_posted`, or a post with `resume=True`), so a post goes out once.
    """


class Poster(Protocol):
    """Where posts go. Every part of a post carries its key and part number, so after a crash
    `already_posted` can tell a whole post from a partial one, and a resend with `resume=True`
    posts only the parts not yet in the channel (a poster that cannot look messages up, like
    the console, posts them all).
    """

    def post_briefing(self, channel_id: str, briefing: Briefing, *, key: str | None = None,
                      resume: bool = False) -> list[str]:
        """Post a digest (split into several messages or a thread when long); the message ids of all parts."""

    def post_reminder(self, channel_id: str, deadline: Deadline, today: dt.date, *, offset: str,
                      late: bool = False, key: str | None = None, resume: bool = False) -> list[str]:
        """Post one deadline reminder: what is due, when, days left, the source."""

    def post_text(self, channel_id: str, text: str, *, key: str | None = None, resume: bool = False) -> list[str]:
        """Post one short line of our own (e.g. "nothing new today")."""

    def already_posted(self, channel_id: str, key: str) -> bool:
        """Did every part of the post with this key reach the channel (after a crash between sending and recording)?"""


PosterFactory = Callable[[str], Poster]
"""Gives the poster for a platform name ("slack", "discord", "console"); may raise PostError."""
