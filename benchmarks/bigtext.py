"""Huge files for the ingest limits: a plain-text news archive of any size, and an HTML page of repeated tags.

The text is a run of invented wire stories (headline, dateline, hard-wrapped paragraphs,
quotes, a pull quote, share bars, teasers, copyright footers), each sentence assembled
from templates, invented names and figures, so that no paragraph repeats and cleaning,
sentence splitting, dating and shingling all do the work they do on a real archive.
Seeded: the same size and seed give the same bytes.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

SYLLABLES = ("ka", "lo", "ven", "dra", "mi", "sto", "rel", "an", "bor", "ti", "gus", "ne", "ola", "vik", "sen",
             "ma", "ru", "del", "ko", "fen", "is", "tar", "un", "pe", "lai", "dor", "me", "chi", "zan", "ho")
CITIES = ("Geneva", "Brussels", "Istanbul", "Oslo", "Doha", "Vienna", "Warsaw", "Riga", "Ankara", "Tallinn",
          "Nairobi", "Lima", "Hanoi", "Rabat", "Tbilisi", "Valletta", "Reykjavik", "Santiago", "Accra", "Dhaka")
OUTLETS = ("Harbour Wire", "Meridian Report", "Northgate Review", "Continental Ledger", "Black Sea Dispatch",
           "Atlas Morning Post", "Coast Post", "Nordic Wire", "Asia-Europe Trade Monitor", "Baltic Courier")
BODIES = ("the European Commission", "the fisheries council", "the trade ministry", "the central bank",
          "the port authority", "the customs agency", "the energy regulator", "the coastal guard",
          "the labour union", "the shipping association", "the farmers' federation", "the health agency")
ROLES = ("spokesman", "spokeswoman", "minister", "deputy minister", "chief negotiator", "envoy", "analyst",
         "director", "senior official", "ambassador", "economist", "committee chair")
TOPICS = ("quota", "tariff", "ceasefire", "grain corridor", "pipeline", "fishing licence", "steel duty",
          "visa waiver", "debt relief", "water-sharing", "port access", "rail link", "emissions cap",
          "prisoner exchange", "subsidy", "export ban", "electricity price", "airspace", "mining permit")
VERBS = ("said", "told reporters", "warned", "insisted", "added", "argued", "confirmed", "denied", "noted")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
CLAUSES = (
    "the {topic} talks would resume in {city} on {weekday} after a {n}-day pause",
    "no agreement on the {topic} could be reached before {month} {day}",
    "{body} had received {n} objections to the draft {topic} text",
    "the offer of {pct} percent was final and would not be improved",
    "{name} would travel to {city} to meet {other} before the deadline expires",
    "the {topic} deal covered {n} vessels and about {big} tonnes a year",
    "it remains unclear whether {body} will accept the revised {topic} terms",
    "talks on the {topic} had collapsed late on {weekday}, according to two people briefed on them",
    "a {n}-day deadline set by {body} runs out at the end of {month}",
    "the {topic} dispute had cost exporters {big} euros since {month}",
    "both sides would submit revised proposals by {month} {day}",
    "{other} has yet to respond to the {topic} proposal tabled in {city}",
    "the committee would vote on the {topic} on {weekday}, {month} {day}",
    "{pct} percent of the {topic} payments had been held back pending an audit",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class ArchiveWriter:
    """Invented wire stories, one after another, until a size is reached."""

    def __init__(self, seed: int = 19):
        self.rng = random.Random(seed)
        self.story = 0

    def name(self) -> str:
        r = self.rng
        first = "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 3))).title()
        last = "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 4))).title()
        return f"{first} {last}"

    def clause(self) -> str:
        r = self.rng
        return r.choice(CLAUSES).format(
            topic=r.choice(TOPICS), city=r.choice(CITIES), weekday=r.choice(WEEKDAYS), n=r.randint(2, 120),
            month=r.choice(MONTHS), day=r.randint(1, 28), body=r.choice(BODIES), pct=r.randint(3, 97),
            big=f"{r.randint(1, 999):,}{r.choice(['', ',000', ',500,000'])}", name=self.name(), other=self.name())

    def sentence(self) -> str:
        r = self.rng
        who = f"{r.choice(BODIES)} {r.choice(ROLES)} {self.name()}"
        kind = r.random()
        if kind < 0.3:
            return f"\u201c{_cap(self.clause())},\u201d {who} {r.choice(VERBS)}."
        if kind < 0.55:
            return f"{_cap(who)} {r.choice(VERBS)} that {self.clause()}."
        if kind < 0.75:
            return f"{_cap(self.clause())}, {who} {r.choice(VERBS)}."
        return f"{_cap(self.clause())}."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def article(self) -> str:
        r = self.rng
        self.story += 1
        outlet, city, topic = r.choice(OUTLETS), r.choice(CITIES), r.choice(TOPICS)
        year, month, day = r.randint(2023, 2025), r.choice(MONTHS), r.randint(1, 28)
        headline = f"{_cap(topic)} talks in {city}: {self.name()} sets out terms ({self.story})"
        paragraphs = [self.paragraph() for _ in range(r.randint(5, 14))]
        paragraphs[0] = f"{city.upper()}, {month} {day}, {year} ({outlet}) - {paragraphs[0]}"
        lines = [headline, "", f"By {self.name()} | {day} {month} {year} | {outlet}", ""]
        if r.random() < 0.5:
            lines += ["Share on Facebook | Tweet | Copy link", ""]
        for i, para in enumerate(paragraphs):
            wrap = r.random() < 0.4  # hard-wrapped copy, as pasted from a mail or a PDF
            lines += (textwrap.wrap(para, 72) if wrap else [para]) + [""]
            if i == 2 and r.random() < 0.3:  # a pull quote: a sentence of the story again, on its own
                quote = max(para.split(". "), key=len).rstrip(".")
                if len(quote.split()) >= 8:
                    lines += [quote, ""]
        if r.random() < 0.4:
            lines += ["Related:", f"{_cap(topic)} row deepens in {r.choice(CITIES)}",
                      f"Why the {r.choice(TOPICS)} matters", ""]
        lines += [f"\u00a9 {year} {outlet}. All rights reserved.", "", ""]
        return "\n".join(lines)

    def text(self, size: int) -> str:
        """About `size` characters of stories."""
        parts, total = [], 0
        while total < size:
            parts.append(self.article())
            total += len(parts[-1])
        return "\n".join(parts)


def write_archive(path: Path, megabytes: float, seed: int = 19) -> Path:
    """A plain-text archive of about `megabytes` MB (10**6 bytes) at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ArchiveWriter(seed).text(int(megabytes * 1_000_000)), encoding="utf-8")
    return path


def write_tag_soup(path: Path, megabytes: float = 15) -> Path:
    """An HTML page of about `megabytes` MB: a short article, then the same few tags repeated.

    What a broken CMS or a hostile upload looks like: a huge DOM of near-identical
    nodes, the case that made the HTML extractor take 1.3 GB.
    """
    head = ("<!doctype html><html><head><meta charset='utf-8'><title>Port strike talks | Coast Post</title>"
            "<meta property='article:published_time' content='2025-07-21'></head><body><article>"
            "<h1>Port strike talks resume in Rotterdam</h1>"
            "<p>ROTTERDAM, July 21 (Coast Post) - Dock workers and port operators will resume talks on "
            "Wednesday, the union said, after a weekend strike that left 40 ships waiting offshore.</p>")
    row = ("<div class='row'><span class='cell'>cargo update</span><p>Container volumes held steady at "
           "the terminal, the operator said in its daily note.</p><a href='/more'>more</a></div>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as f:
        f.write(head)
        written = len(head)
        while written < target:
            f.write(row * 1000)
            written += len(row) * 1000
        f.write("</article></body></html>\n")
    return path


_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
                  "seconds": time.perf_counter() - started,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def run_measured(command: list[str], *, cwd: Path | None = None, timeout: float | None = None) -> dict:
    """Run a command in a fresh process; its exit status, output, wall seconds and peak RSS in KB.

    The peak is that of the largest process of the run, children included (getrusage of a
    wrapper that did nothing else), so a file prepared in a child process is counted. On
    timeout the whole run is killed (its own session), not just the wrapper.
    """
    import json
    import os
    import signal
    import subprocess
    import sys

    wrapper = subprocess.Popen([sys.executable, "-c", _MEASURE, *command], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=cwd, start_new_session=True)
    try:
        out, err = wrapper.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(wrapper.pid, signal.SIGKILL)
        wrapper.communicate()
        raise
    if wrapper.returncode != 0:
        raise RuntimeError(f"the measuring wrapper failed: {err}")
    return json.loads(out)
