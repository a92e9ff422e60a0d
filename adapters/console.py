"""The console adapter: `briefbot chat`, a small REPL over the command layer.

It reads from and writes to any text streams, so tests drive it like a chat.
"""

from __future__ import annotations

from typing import TextIO

from adapters.markdown import render_answer_text, render_deadlines, render_markdown
from adapters.safety import defang
from bot.commands import Commands, Reply, Session

PROMPT = "brief> "


def render_reply(reply: Reply) -> str:
    if reply.kind == "digest" and reply.briefing is not None:
        return render_markdown(reply.briefing)
    if reply.kind == "answer" and reply.answer is not None:
        # A follow-up read in a way the user did not type ("the other side" named): said first, as Slack
        # and Discord echo the question they answered.
        note = f"({defang(reply.text.strip())})\n" if reply.text.strip() else ""
        return note + render_answer_text(reply.answer)
    if reply.kind == "deadlines" and reply.deadlines is not None:
        return render_deadlines(reply.deadlines, reply.today)
    return defang(reply.text.rstrip("\n")) + "\n"


def run_console(commands: Commands, stdin: TextIO, stdout: TextIO, *, prompt: bool = True,
                session: Session | None = None) -> int:
    """Serve one chat session until end of input or `quit`; returns the number of messages handled."""
    session = session or Session()
    handled = 0
    while True:
        if prompt:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        if line.strip().lower() in ("quit", "exit"):
            break
        if not line.strip():
            continue
        stdout.write(render_reply(commands.handle(line, session)))
        stdout.flush()
        handled += 1
    return handled
