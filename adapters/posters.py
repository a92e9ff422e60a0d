"""The posters the bot posts through: Slack over the Web API, Discord over REST, the console to a stream.

`poster_for` is the `bot.posting.PosterFactory` the entry points hand to the
scheduler; tokens come from the environment (bot.config.secret).
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TextIO

from adapters.markdown import render_markdown, render_reminder
from adapters.safety import defang
from bot.posting import Poster, PosterFactory, PostError
from summarizer.model import Briefing, Deadline


class RenderedPoster:
    """The three kinds of post on top of `post_messages`, for a chat platform's renderer.

    A subclass sets `render` to its renderer module (briefing_messages, reminder_message,
    text_message) and implements `post_messages` and `already_posted`.
    """

    render = None

    def post_messages(self, channel_id: str, messages: list[dict], *, key: str | None = None,
                      resume: bool = False) -> list[str]:
        raise NotImplementedError

    def post_briefing(self, channel_id: str, briefing: Briefing, *, key: str | None = None,
                      resume: bool = False) -> list[str]:
        return self.post_messages(channel_id, self.render.briefing_messages(briefing), key=key, resume=resume)

    def post_reminder(self, channel_id: str, deadline: Deadline, today: dt.date, *, offset: str,
                      late: bool = False, key: str | None = None, resume: bool = False) -> list[str]:
        return self.post_messages(channel_id, [self.render.reminder_message(deadline, today, late=late)],
                                  key=key, resume=resume)

    def post_text(self, channel_id: str, text: str, *, key: str | None = None, resume: bool = False) -> list[str]:
        return self.post_messages(channel_id, [self.render.text_message(text)], key=key, resume=resume)


class ConsolePoster:
    """Writes what would be posted to a stream: the "console" platform of the config."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdout

    def _write(self, channel_id: str, text: str, key: str | None) -> list[str]:
        self.stream.write(f"--- console:{channel_id}" + (f" [{key}]" if key else "") + "\n" + text)
        self.stream.flush()
        return [key or ""]

    # `resume` is accepted and ignored: console output cannot be looked up, so it is all written again.
    def post_briefing(self, channel_id, briefing, *, key=None, resume=False):
        return self._write(channel_id, render_markdown(briefing), key)

    def post_reminder(self, channel_id, deadline, today, *, offset, late=False, key=None, resume=False):
        return self._write(channel_id, render_reminder(deadline, today, late=late), key)

    def post_text(self, channel_id, text, *, key=None, resume=False):
        return self._write(channel_id, defang(text).rstrip("\n") + "\n", key)

    def already_posted(self, channel_id, key):
        return False


def poster_for(platform: str, config, stream: TextIO | None = None) -> Poster:
    """The poster for a platform; tokens come from the environment (bot.config.secret)."""
    from bot.config import secret

    if platform == "console":
        return ConsolePoster(stream)
    if platform == "slack":
        from adapters.slack_post import SlackPoster

        token = secret("SLACK_BOT_TOKEN")
        if not token:
            raise PostError("SLACK_BOT_TOKEN is not set")
        return SlackPoster(token, base_url=config.slack.api_url)
    if platform == "discord":
        from adapters.discord_post import DiscordPoster

        token = secret("DISCORD_TOKEN")
        if not token:
            raise PostError("DISCORD_TOKEN is not set")
        return DiscordPoster(token, base_url=config.discord.api_url)
    raise PostError(f"unknown platform {platform!r} (slack, discord or console)")


def posters_from(config, stream: TextIO | None = None) -> PosterFactory:
    """The factory the scheduler is given: a poster per platform, built on first use."""
    return lambda platform: poster_for(platform, config, stream)
