"""The AQUAINT newswire (../shared/corpus/tbaq) as a drop folder, grouped by story and split by story.

Each article becomes a plain-text file the way a wire story lands: headline, a
dateline with the creation date, the body. `benchmarks/data/aquaint_stories.json`
says which files tell which story, and which stories are development and which
are test: rules are written from development failures only, and the test half is
read as an aggregate. The corpus is third-party text: it is read from beside the
repository at run time and never copied into it.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from summarizer.dates.timeml import DEFAULT_CORPUS, parse_tml

DATA = Path(__file__).resolve().parent / "data"
STORIES = DATA / "aquaint_stories.json"


@dataclass(frozen=True)
class Story:
    key: str
    split: str  # "dev" or "test"
    title: str
    files: tuple[str, ...]  # file stems, e.g. "APW19980807.0261"


def stories() -> list[Story]:
    data = json.loads(STORIES.read_text(encoding="utf-8"))
    return [Story(key, s["split"], s["title"], tuple(s["files"])) for key, s in data["stories"].items()]


def corpus_folder() -> Path | None:
    """The AQUAINT folder beside the repository, or None where the shared corpus is absent."""
    folder = DEFAULT_CORPUS / "AQUAINT"
    return folder if folder.is_dir() else None


def headline(path: Path) -> str:
    """The TITLE element of a TimeML file, or "" (some files have none)."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find("<TITLE>"), text.find("</TITLE>")
    if start < 0 or end < start:
        return ""
    try:
        return "".join(ET.fromstring(text[start:end + len("</TITLE>")]).itertext()).strip()
    except ET.ParseError:
        return ""


def write_drop_folder(target: Path) -> dict[str, Path] | None:
    """Write every AQUAINT article into `target` as `<stem>.txt`; the stem -> path map, or None without the corpus."""
    folder = corpus_folder()
    if folder is None:
        return None
    target.mkdir(parents=True, exist_ok=True)
    out = {}
    for path in sorted(folder.glob("*.tml")):
        doc = parse_tml(path)
        title = headline(path)
        dateline = f"[{doc.dct:%B} {doc.dct.day}, {doc.dct.year}]"
        body = doc.text.strip()
        text = (f"{title}\n\n" if title else "") + f"{dateline}\n\n{body}\n"
        out[path.stem] = target / f"{path.stem}.txt"
        out[path.stem].write_text(text, encoding="utf-8")
    return out


def corpus_texts() -> dict[str, str] | None:
    """Each AQUAINT article's text by file stem, None without the corpus."""
    folder = corpus_folder()
    return None if folder is None else {p.stem: parse_tml(p).text for p in folder.glob("*.tml")}


def misquoted_evidence(questions: list[dict], golds: list[dict], texts: dict[str, str]) -> list[tuple[str, str]]:
    """Evidence of the question set and the gold briefings that is not verbatim in its article: (where, quote).

    The gold sets are written over third-party text that is not in the repository, so this is run by
    `make bench` where the corpus is, and tested on text written for the test.
    """
    missed = []
    for q in questions:
        for ev in q["evidence"]:
            if ev["quote"] not in texts.get(ev["file"], ""):
                missed.append((q["id"], ev["quote"]))
    for gold in golds:
        for story in gold["stories"]:
            for kind in ("positions", "deadlines", "open_questions"):
                for item in story[kind]:
                    for quote, file in zip(item["evidence"], item["evidence_files"]):
                        if quote not in texts.get(file, ""):
                            missed.append((f"{story['story']} {kind}", quote))
    return missed
