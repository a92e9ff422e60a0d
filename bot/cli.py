"""The `briefbot` command line (contract in DESIGN.md): global options, then one command."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from bot.config import Config, ConfigError, load_config
from bot.printable import shown_name

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None)
MODEL_MISSING = 4  # exit status when the spaCy model is not installed (3: another worker holds the store)


@dataclass
class Context:
    config: Config
    fixed_now: dt.datetime | None

    def now(self) -> dt.datetime:
        return self.fixed_now or dt.datetime.now(dt.timezone.utc)

    def store(self):
        from bot.store import Store

        return Store(self.config.db_path)


def parse_moment(text: str, option: str) -> dt.datetime:
    """An ISO date or datetime; a naive one is taken as UTC."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO date or datetime (e.g. 2025-07-20T08:30:00+02:00)",
                                 param_hint=option) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Annotated[Optional[Path], typer.Option("--config", help="TOML configuration file (env BRIEFBOT_CONFIG).")] = None,
    db: Annotated[Optional[str], typer.Option("--db", help="Store path, overriding the config (env BRIEFBOT_DB).")] = None,
    now: Annotated[Optional[str], typer.Option("--now", help="Fix the clock (ISO datetime) for reproducible runs.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")] = False,
) -> None:
    """briefbot: short, cited briefings from a flood of near-duplicate news."""
    from bot.printable import EscapingFormatter

    handler = logging.StreamHandler(sys.stderr)  # log lines that a file's name cannot forge or colour
    handler.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    try:
        cfg = load_config(config, db_override=db)
    except ConfigError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    ctx.obj = Context(cfg, parse_moment(now, "--now") if now else None)


class DigestFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    slack = "slack"
    discord = "discord"


class IngestFormat(str, Enum):
    text = "text"
    json = "json"


class AnswerFormat(str, Enum):
    text = "text"
    json = "json"
    slack = "slack"
    discord = "discord"


def _payloads(kind: str, platform: str, item) -> list[dict]:
    """The exact messages a platform adapter would send for a briefing or an answer."""
    if platform == "slack":
        from adapters import slack_render as render
    else:
        from adapters import discord_render as render
    return render.briefing_messages(item) if kind == "digest" else [render.answer_message(item)]


EngineOption = Annotated[Optional[str], typer.Option(
    "--engine", help="extractive (offline, default) or openai (env BRIEFBOT_ENGINE, config [summarizer] engine).")]


def _llm(ctx: Context, engine: str | None):
    """The LLM engine when one is chosen (None for the offline engine); a bad choice exits with 2."""
    from bot.engines import EngineError, build_llm

    try:
        return build_llm(ctx.config, engine)
    except EngineError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None


def _require_model(*, load: bool = False) -> None:
    """Exit with one line naming the fix when the spaCy model is missing; `load` it for a long-running process."""
    from summarizer.text.nlp import ModelMissing, require_model

    try:
        require_model(load=load)
    except ModelMissing as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(MODEL_MISSING) from None


def _commands(ctx: Context, topics: list[str] | None = None, engine: str | None = None, *,
              model: str | None = "check"):
    """The command layer. `model`: "check" that the spaCy model is installed (a one-shot digest or answer),
    "load" it (a long-running process), or None (no command here needs it)."""
    from bot.commands import Commands

    llm = _llm(ctx, engine)
    if model is not None:
        _require_model(load=model == "load")
    return Commands(ctx.store(), now=ctx.now, aliases=ctx.config.aliases_for(topics), llm=llm, config=ctx.config)


def _commands_for(ctx: Context, store):
    """The offline command layer over an open store (access checks, no engine)."""
    from bot.commands import Commands

    return Commands(store, now=ctx.now, config=ctx.config)


def _ingester(ctx: Context, store):
    from bot.ingest import Ingester

    return Ingester.from_config(store, ctx.config, now=ctx.now, aliases=ctx.config.aliases_for(None),
                                processes=min(2, os.cpu_count() or 1))


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest once.")],
    format: Annotated[IngestFormat, typer.Option(
        "--format", help="text: one line per file, names escaped; json: one object per line, names exact.")
    ] = IngestFormat.text,
) -> None:
    """Ingest files or folders once; one line per file (added, known, near-dup, rejected, ignored)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from bot.ingest import REJECTED, expand

    c: Context = ctx.obj
    try:
        files = list(expand(paths))
    except FileNotFoundError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    store = c.store()
    ingester = _ingester(c, store)
    counts: Counter[str] = Counter()
    err_console = Console(stderr=True)
    # The bar only when the file lines go elsewhere: drawn between lines on the same screen, it glues to them.
    show_bar = err_console.is_terminal and not sys.stdout.isatty() and len(files) >= 20
    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, disable=not show_bar, transient=True) as progress:
        task = progress.add_task("ingest", total=len(files))
        with ingester.batch():  # new documents are read into facts a batch at a time
            for root, path in files:
                outcome = _ingest_settled(c, ingester, path, root)
                counts[outcome.status] += 1
                typer.echo(json.dumps(outcome.record()) if format is IngestFormat.json else outcome.line())
                progress.advance(task)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no files found"
    sys.stdout.flush()
    # Shown after the file lines by whatever joins the two streams (a terminal, a CI log, a tool that
    # appends stderr to stdout), the summary must start a line of its own.
    typer.echo(("" if not files or _same_stream(sys.stdout, sys.stderr) else "\n") + summary, err=True)
    if counts[REJECTED] and counts[REJECTED] == sum(counts.values()) - counts["ignored"]:
        raise typer.Exit(1)  # nothing could be done: every file we tried was rejected


def _same_stream(a, b) -> bool:
    """Do two text streams write to one file (one terminal, or `2>&1`)? Then their lines interleave in order."""
    try:
        one, two = os.fstat(a.fileno()), os.fstat(b.fileno())
    except (AttributeError, OSError, ValueError):  # in-memory streams (tests, embedding): not one file
        return False
    return (one.st_dev, one.st_ino) == (two.st_dev, two.st_ino)


def _ingest_settled(c: Context, ingester, path: Path, root: Path):
    """Ingest one file; in a drop folder, only once it has stopped changing (an upload may be under way).

    Files named elsewhere are taken as they are. One still growing after the wait is left to
    the watcher and the next run, not stored half-written.
    """
    from bot.ingest import IGNORED, Outcome
    from bot.watch import wait_settled

    settle = c.config.settle_seconds
    absolute = Path(os.path.abspath(path))
    if any(absolute.is_relative_to(Path(os.path.abspath(d))) for d in c.config.drop_folders):
        if not wait_settled(path, settle):
            return Outcome(path, IGNORED, "still being written (it kept changing); ingested once it stops")
    return ingester.ingest_file(path, root=root)


def _report_failure(path: Path, error: BaseException, tries: int) -> None:
    """A file the watcher could not ingest after its tries: said on stderr, with the reason; retries go on."""
    from bot.printable import printable, shown_name

    typer.echo(f"failed          {shown_name(path)}  ({type(error).__name__}: {printable(str(error))}; "
               f"tried {tries} times, still retrying)", err=True)


@app.command()
def reindex(
    ctx: typer.Context,
    everything: Annotated[bool, typer.Option("--all", help="Read every document again, not only stale ones.")] = False,
) -> None:
    """Read stored documents into facts again: those read by an older engine or other aliases (or --all).

    Their stored parses are reused: only passages never parsed before go through spaCy.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from bot.facts import FactReader
    from bot.ingest import BATCH

    c: Context = ctx.obj
    store = c.store()
    reader = FactReader(store, aliases=c.config.aliases_for(None), processes=min(2, os.cpu_count() or 1),
                        now=c.now)
    ids = [d["id"] for d in store.documents_in_window(None, "9999")] if everything else reader.stale()
    err_console = Console(stderr=True)
    with Progress(TextColumn("reading facts"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, disable=not err_console.is_terminal, transient=True) as progress:
        task = progress.add_task("reindex", total=len(ids))
        try:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start:start + BATCH]
                reader.read_ids(chunk)
                progress.advance(task, len(chunk))
        finally:
            reader.close()
    typer.echo(f"{len(ids)} document(s) read into facts" if ids else "every document's facts are current")


@app.command()
def watch(
    ctx: typer.Context,
    folders: Annotated[Optional[list[Path]], typer.Argument(help="Folders to watch (default: the config's drop folders).")] = None,
    settle: Annotated[Optional[float], typer.Option(help="Seconds a file must stay unchanged before it is ingested.")] = None,
    polling: Annotated[bool, typer.Option(help="Poll instead of using inotify.")] = False,
) -> None:
    """Watch drop folders and ingest each file once it is fully written."""
    from bot.watch import DropWatcher

    c: Context = ctx.obj
    roots = [f.resolve() for f in (folders or list(c.config.drop_folders))]
    if not roots:
        typer.echo("error: no drop folder: give one or set [ingest] drop in the config", err=True)
        raise typer.Exit(2)
    for root in roots:
        if not root.is_dir():
            typer.echo(f"error: not a folder: {shown_name(root)}", err=True)
            raise typer.Exit(2)
    store = c.store()
    ingester = _ingester(c, store)

    def on_ready(path: Path) -> None:
        root = next((r for r in roots if path.resolve().is_relative_to(r)), path.parent)
        typer.echo(ingester.ingest_file(path, root=root).line())

    watcher = DropWatcher(roots, on_ready, settle=settle if settle is not None else c.config.settle_seconds,
                          polling=True if polling else None, on_failed=_report_failure)
    stop = threading.Event()
    # Ctrl-C and a process manager's SIGTERM both stop cleanly, even when the shell that
    # started us in the background left SIGINT ignored.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.default_int_handler)
    typer.echo(f"watching {', '.join(map(shown_name, roots))} (Ctrl-C to stop)", err=True)
    try:
        watcher.run_forever(stop)
    except KeyboardInterrupt:
        stop.set()
        watcher.stop()


@app.command()
def digest(
    ctx: typer.Context,
    since: Annotated[Optional[str], typer.Option(help="Cover arrivals after this ISO datetime (default: the last 24 h).")] = None,
    topic: Annotated[Optional[list[str]], typer.Option(help="Only this topic (repeatable).")] = None,
    format: Annotated[DigestFormat, typer.Option("--format", help="Output format.")] = DigestFormat.markdown,
    engine: EngineOption = None,
    post: Annotated[Optional[str], typer.Option(
        "--post", help="Post it now to slack:CHANNEL_ID, discord:CHANNEL_ID or console:NAME, covering what "
                       "arrived since that channel's last digest, and record it (moves the channel's window).")] = None,
) -> None:
    """Print the briefing for what arrived in the window (read-only unless --post)."""
    from adapters.markdown import render_markdown

    c: Context = ctx.obj
    if post is not None:
        raise typer.Exit(_post_digest(c, post, topic or None, engine, since))
    briefing = _commands(c, topic or None, engine).digest(
        since=parse_moment(since, "--since") if since else None, topics=topic or None
    )
    if format is DigestFormat.json:
        typer.echo(json.dumps(briefing.to_json(), ensure_ascii=False, indent=2))
    elif format in (DigestFormat.slack, DigestFormat.discord):
        typer.echo(json.dumps(_payloads("digest", format.value, briefing), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_markdown(briefing), nl=False)


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in plain words.")],
    topic: Annotated[Optional[list[str]], typer.Option(help="Only this topic (repeatable).")] = None,
    format: Annotated[AnswerFormat, typer.Option("--format", help="Output format.")] = AnswerFormat.text,
    engine: EngineOption = None,
) -> None:
    """Answer a question from the stored sources, with citations, or say that nothing was found."""
    from adapters.markdown import render_answer_text

    c: Context = ctx.obj
    answer = _commands(c, topic or None, engine).ask(question, topics=topic or None)
    if format is AnswerFormat.json:
        typer.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    elif format in (AnswerFormat.slack, AnswerFormat.discord):
        typer.echo(json.dumps(_payloads("answer", format.value, answer), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_answer_text(answer), nl=False)


@app.command()
def chat(ctx: typer.Context, engine: EngineOption = None) -> None:
    """A chat session in the terminal: digest, ask QUESTION, help (no tokens needed)."""
    from adapters.console import run_console

    c: Context = ctx.obj
    run_console(_commands(c, None, engine, model="load"), sys.stdin, sys.stdout, prompt=sys.stdin.isatty())


@app.command()
def slack(ctx: typer.Context, engine: EngineOption = None) -> None:
    """Run the Slack app: Socket Mode when SLACK_APP_TOKEN is set, else HTTP with signature checks."""
    from adapters.slack_app import run_slack

    c: Context = ctx.obj
    _require_model(load=True)
    raise typer.Exit(run_slack(c.config, lambda: _commands(c, None, engine, model=None), port=c.config.slack.port))


@app.command()
def discord(ctx: typer.Context, engine: EngineOption = None) -> None:
    """Run the Discord client answering the /brief application commands."""
    from adapters.discord_app import run_discord

    c: Context = ctx.obj
    _require_model(load=True)
    raise typer.Exit(run_discord(c.config, lambda: _commands(c, None, engine, model=None)))


def _post_digest(c: Context, target: str, topics: list[str] | None, engine: str | None, since: str | None) -> int:
    from adapters.posters import posters_from
    from bot.scheduler import Scheduler

    platform, _, channel_id = target.partition(":")
    if platform not in ("slack", "discord", "console") or not channel_id:
        raise typer.BadParameter(f"{target!r}: use slack:CHANNEL_ID, discord:CHANNEL_ID or console:NAME",
                                 param_hint="--post")
    if since:
        raise typer.BadParameter("--post covers what arrived since the channel's last digest; drop --since",
                                 param_hint="--since")
    llm = _llm(c, engine)
    _require_model()
    store = c.store()
    if platform != "console" and not topics and not _commands_for(c, store).channel_topics(target):
        store.close()
        typer.echo(f"error: {target} follows no topics (none in the config, none subscribed); a channel sees "
                   "only its own topics: add it to [[channels]], subscribe it, or pass --topic", err=True)
        return 2
    try:
        scheduler = Scheduler(store, c.config, posters=posters_from(c.config), llm=llm)
        outcome = scheduler.post_digest_now(f"{platform}:{channel_id}", c.now(), topics=topics)
    finally:
        store.close()
    if outcome is None:
        typer.echo(f"already posted: a digest for {target} at {c.now().isoformat()} is recorded", err=True)
        return 0
    typer.echo(outcome.line(), err=outcome.status == "failed")
    return 1 if outcome.status in ("failed", "missed") else 0


class DeadlineFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def deadlines(
    ctx: typer.Context,
    topic: Annotated[Optional[list[str]], typer.Option(help="Only this topic (repeatable).")] = None,
    channel: Annotated[Optional[str], typer.Option(
        help="Only this configured channel (platform:id): its topics and its reminders.")] = None,
    format: Annotated[DeadlineFormat, typer.Option("--format", help="Output format.")] = DeadlineFormat.text,
    engine: EngineOption = None,
) -> None:
    """Upcoming deadlines with the reminders planned for them (read-only)."""
    from adapters.markdown import render_deadline_rows
    from bot.scheduler import deadline_rows

    c: Context = ctx.obj
    if channel is not None and c.config.channel(channel) is None:
        known = ", ".join(f"{x.platform}:{x.id}" for x in c.config.channels) or "none configured"
        typer.echo(f"error: {channel!r} is not a configured channel ({known})", err=True)
        raise typer.Exit(2)
    commands = _commands(c, topic or None, engine, model=None)  # dates and clauses: no parser needed
    rows = deadline_rows(commands, c.config, c.now(), topics=topic or None, channel=channel)
    if format is DeadlineFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        typer.echo(render_deadline_rows(rows, c.now()), nl=False)


@app.command()
def worker(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One tick as of --now (or now): ingest what waits, send "
                                       "what is due and not yet delivered, exit.")] = False,
    engine: EngineOption = None,
) -> None:
    """Watch the drop folders, ingest, and run the scheduler (daily digests, deadline reminders).

    Only one worker may run per store: a second one exits with status 3. With --now, a
    long-running worker's clock starts at that moment and runs on.
    """
    import asyncio

    from bot.worker import run_once, run_worker

    c: Context = ctx.obj
    llm = _llm(c, engine)
    _require_model(load=True)
    if once:
        raise typer.Exit(run_once(c.config, c.now(), llm=llm))
    raise typer.Exit(asyncio.run(run_worker(c.config, start=c.fixed_now, llm=llm)))


@app.command()
def serve(ctx: typer.Context, engine: EngineOption = None) -> None:
    """Worker, Slack app and Discord client in one process (each chat app only when its tokens are set)."""
    import asyncio

    from bot.worker import serve as serve_all

    c: Context = ctx.obj
    llm = _llm(c, engine)
    _require_model(load=True)
    raise typer.Exit(asyncio.run(serve_all(c.config, lambda: _commands(c, None, engine, model=None), start=c.fixed_now,
                                           llm=llm)))


@app.command()
def dates(
    anchor: Annotated[str, typer.Option(help="The document's date (YYYY-MM-DD) relative expressions resolve against.")],
) -> None:
    """Read text on stdin; print one JSON object per time expression (TIMEX3 type and value, offsets)."""
    from summarizer.dates.timex import find_timexes

    try:
        day = dt.date.fromisoformat(anchor)
    except ValueError:
        raise typer.BadParameter(f"{anchor!r} is not a date (YYYY-MM-DD)", param_hint="--anchor") from None
    for timex in find_timexes(sys.stdin.read(), day):
        typer.echo(json.dumps(timex.as_json(), ensure_ascii=False))


def main() -> None:
    from summarizer.text.nlp import ModelMissing, blas_without_threads

    blas_without_threads()  # first: nothing has imported numpy yet
    try:
        app()
    except ModelMissing as err:  # the model broke after the start-up check: still one line, no traceback
        sys.stderr.write(f"error: {err}\n")
        sys.exit(MODEL_MISSING)


if __name__ == "__main__":
    main()
