"""The work between a file's bytes and the store: read, cap, clean, date, split, shingle.

Every file has a time budget. A small file is prepared in this process and the budget is
checked between steps (each step is linear in the text, and the text is capped). A big
file (over ISOLATE_BYTES) or a PDF is prepared in a child process, and the child is killed
when the budget is spent: a parser that runs away on a hostile file, often inside a C
extension, cannot be interrupted from within; a crash there takes only the child down;
and the memory a huge file needed goes back to the system when the child exits, which
matters for a worker that runs for weeks.

The child is a fresh interpreter (`python -c ...serve_child`), not a fork: this process
may have threads (watcher, scheduler) that a fork would copy in an unknown state, and
multiprocessing's spawn and forkserver re-import the caller's main script. The request
and the answer travel over two pipes of their own (multiprocessing's framed pickles), so
nothing a library prints can garble them. The budget counts from the request, not the
child's imports (about 2 s).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot import neardup
from bot.config import DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET
from bot.readers import ReadError, load_readers, read_document
from summarizer.text.clean import clean_text
from summarizer.text.published import find_published_date
from summarizer.text.sentences import split_sentences

ISOLATE_BYTES = 512 * 1024


@dataclass(frozen=True)
class Limits:
    max_chars: int | None = DEFAULT_MAX_CHARS  # the text kept of one file; None: all of it
    budget: float = DEFAULT_TIME_BUDGET  # seconds to prepare one file


@dataclass
class Prepared:
    """One file made ready for the store (everything but its identity checks and near-duplicate links)."""

    format: str
    text: str
    title: str | None
    source: str | None
    author: str | None
    url: str | None
    published: dt.date | None
    date_source: str | None
    date_text: str | None
    truncated: bool
    sentences: list[tuple[int, int, str]] = field(repr=False)
    shingles: object = field(repr=False)  # neardup.shingles: a sorted array of distinct hashes
    bands: list[str] = field(repr=False)


class OverBudget(Exception):
    """The file took longer than its budget; str(err) says while doing what."""

    def __init__(self, budget: float, step: str):
        super().__init__(f"took longer than the {budget:g} s time budget (while {step}); not stored")
        self.step = step


class Crashed(Exception):
    """The child preparing the file died without an answer (a crash in a C extension, killed for memory)."""


def prepare(name: str, data: bytes, at_hand: dt.date, limits: Limits,
            progress: Callable[[str], None] = lambda step: None) -> Prepared:
    """Everything the store needs from one file's bytes; ReadError when it holds no usable text.

    `name` gives the format (by extension); `at_hand` is the day the copy was at hand (gives a
    year-less dateline its year); `progress` is told each step as it starts.
    """
    progress("reading")
    raw = read_document(Path(name), data, max_chars=limits.max_chars)
    progress("cleaning")
    cleaned = clean_text(raw.text, title=None if raw.extracted else raw.title, markdown=raw.format == "md")
    text = cleaned.text.strip()
    if not text:
        raise ReadError("no text left after removing page furniture")
    published, date_source, date_text = raw.published, raw.published_source, None
    if published is None:
        progress("finding the published date")
        # A dateline may omit the year; the cleaner kept the copyright footer's year before removing it.
        year = cleaned.copyright_year
        found = (find_published_date(cleaned.dated_text(), year_hint=year, reference=at_hand)
                 or find_published_date(raw.text, year_hint=year, reference=at_hand))
        if found:
            published, date_source, date_text = found.date, "text", found.text
    title, source = raw.title or cleaned.title, raw.source or cleaned.source
    raw.text = cleaned = None  # not needed any more: a huge file's copies go before the sentences come
    progress("splitting sentences")
    sentences = split_sentences(text)
    progress("shingling for near-duplicates")
    shingles = neardup.shingles(text)
    bands = neardup.lsh_bands(shingles)
    return Prepared(format=raw.format, text=text, title=title,
                    source=source, author=raw.author, url=raw.url, published=published,
                    date_source=date_source, date_text=date_text, truncated=raw.truncated,
                    sentences=sentences, shingles=shingles, bands=bands)


def prepare_within_budget(name: str, data: bytes, at_hand: dt.date, limits: Limits) -> Prepared:
    """`prepare` under the time budget: in this process for a small file, in a child for a big one or a PDF.

    Raises ReadError (no usable text), OverBudget or Crashed.
    """
    if len(data) > ISOLATE_BYTES or name.lower().endswith(".pdf"):
        return _prepare_in_child(name, data, at_hand, limits)
    split_sentences("")  # loads the sentencizer once, outside any file's budget
    load_readers(name)  # and the library that reads this kind of file
    deadline = time.monotonic() + limits.budget
    current = ["reading"]

    def progress(step: str) -> None:
        if time.monotonic() > deadline:
            raise OverBudget(limits.budget, current[0])
        current[0] = step

    prepared = prepare(name, data, at_hand, limits, progress)
    progress("done")
    return prepared


STARTUP_WAIT = 120.0  # seconds for the child's imports on a loaded machine


def _prepare_in_child(name: str, data: bytes, at_hand: dt.date, limits: Limits) -> Prepared:
    from multiprocessing.connection import Connection

    down_read, down_write = os.pipe()
    up_read, up_write = os.pipe()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # the modules we run
    child = subprocess.Popen(
        [sys.executable, "-c", "from bot.prepare import serve_child; serve_child()", str(down_read), str(up_write)],
        pass_fds=(down_read, up_write), stdin=subprocess.DEVNULL, env=env)
    os.close(down_read)
    os.close(up_write)
    requests, answers = Connection(down_write, readable=False), Connection(up_read, writable=False)
    step = "receiving the file"
    try:
        if not answers.poll(STARTUP_WAIT):
            raise Crashed(f"did not start within {STARTUP_WAIT:g} s")
        answers.recv()  # "ready": imports done
        requests.send((name, data, at_hand, limits))
        deadline = time.monotonic() + limits.budget
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not answers.poll(left):
                raise OverBudget(limits.budget, step)
            kind, value = answers.recv()
            if kind == "step":
                step = value
            elif kind == "done":
                return value
            elif kind == "rejected":
                raise ReadError(value)
            else:
                raise Crashed(f"failed: {value}")
    except (EOFError, OSError):  # the child is gone: say how it ended
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            pass
        raise Crashed(_death(child.returncode)) from None
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        requests.close()
        answers.close()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"crashed ({signal.Signals(-code).name})"
        except ValueError:
            return f"crashed (signal {-code})"
    return f"stopped (exit status {code})"


def serve_child() -> None:
    """The child's side: say ready, take one request, tell each step, send the result or the reason."""
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills us
    requests, answers = Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    load_readers()  # imports before "ready": the budget counts from the request
    answers.send(("ready", None))
    try:
        name, data, at_hand, limits = requests.recv()
    except EOFError:
        return
    try:
        prepared = prepare(name, data, at_hand, limits, lambda step: answers.send(("step", step)))
        answers.send(("done", prepared))
    except ReadError as err:
        answers.send(("rejected", str(err)))
    except Exception as err:  # a reader bug: the parent rejects the file with it
        answers.send(("error", f"{type(err).__name__}: {err}"))
