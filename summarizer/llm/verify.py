"""Checking what the LLM cites: every quote must be found in the window's sources, and what is shown is theirs.

Models retype what they copy, so quotes are matched on normalised text: curly and
straight quotation marks, dashes (and the spaces around them), whitespace runs,
the case of the first letter, and a final full stop dropped or added compare equal.
Two repairs go further, and only as far as the sources allow:

- an ellipsis inside a quote ("A … B", "A ... B") matches when every part is
  verbatim (normalised), in order, in ONE sentence of the window; the citation is
  then that whole sentence, since the model's cut is not the source's text;
- a quote cited to the wrong passage is looked for in the other passages of the
  window, and cited to the one it comes from.

Whatever matched, the citation is built by `Citation.from_document` on the stored
text's offsets: what is shown is always the document's own characters, never the
model's copy. A quote found nowhere is rejected, and its item may be dropped.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence

from summarizer.llm.prompt import NEUTRAL_LT, Passage
from summarizer.model import Citation

log = logging.getLogger(__name__)
MIN_QUOTE_CHARS = 8  # shorter quotes ("Norway", "said") match almost anywhere and support nothing
MIN_PART_WORDS = 2  # each part of an elided quote: "The … said" would match any sentence
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...", NEUTRAL_LT: "<",  # the prompt showed a tag-like "<" as U+2039
}
_ELLIPSIS = re.compile(r"\s*(?:\.\s?){3,}\s*")
_EDGE_MARKS = "\"' "


# Every character str.isspace() holds as a space (none lies above U+3000: a test holds this), the rest folded.
_FOLDS = {**{chr(c): " " for c in range(0x3001) if chr(c).isspace() and chr(c) != " "}, **_FOLD}
_TO_FOLD = re.compile("[" + re.escape("".join(_FOLDS)) + "]")  # few in a text: found, not looked up one by one
_RUNS = re.compile(r"[ -]{2,}")  # spaces and dashes together, as folded: one space, or one dash if any is there
_WIDENED = re.compile("[" + re.escape("".join(ch for ch, to in _FOLD.items() if len(to) > 1)) + "]")  # "…" -> "..."


def normalise(text: str) -> tuple[str, list[int]]:
    """Text with typography folded (see the module docstring), and the original index of each character kept.

    Every run of spaces and dashes (after folding) becomes one dash if it holds one, else one space
    ("talks — which" and "talks-which" compare equal; "--" typed for a dash is one); a space at either end
    goes. Done on whole runs, the rest of the text copied as it is: a loop over the characters in Python
    took most of an LLM answer's check (each cited document, every passage's words).
    """
    folded = _folded(text)
    if _WIDENED.search(text):  # a character folded into several: each of them keeps the original's index
        origin: Sequence[int] = [i for i, ch in enumerate(text) for _ in range(len(_FOLD.get(ch, ch)))]
    else:
        origin = range(len(text))
    out: list[str] = []
    where: list[int] = []
    at = 0
    for run in _RUNS.finditer(folded):
        start, end = run.span()
        out.append(folded[at:start])
        where.extend(origin[at:start])
        dash = folded.find("-", start, end)
        out.append("-" if dash >= 0 else " ")
        where.append(origin[dash if dash >= 0 else start])
        at = end
    out.append(folded[at:])
    where.extend(origin[at:])
    joined = "".join(out)
    if joined.startswith(" "):
        joined = joined[1:]
        del where[0]
    if joined.endswith(" "):
        joined = joined[:-1]
        where.pop()
    return joined, where


def squeeze(text: str) -> str:
    """The normalised form alone (what two texts are compared on)."""
    folded = _RUNS.sub(_run_folded, _folded(text))
    folded = folded[1:] if folded.startswith(" ") else folded
    return folded[:-1] if folded.endswith(" ") else folded


def _folded(text: str) -> str:
    return _TO_FOLD.sub(_fold_one, text)


def _fold_one(found: re.Match) -> str:
    return _FOLDS[found.group()]


def _run_folded(run: re.Match) -> str:
    return "-" if "-" in run.group() else " "


def _variants(quote: str) -> list[str]:
    """The quote as typed, then with the model's own quotation marks, a final stop and the first letter's
    case undone: each is tried in turn, so the closest reading wins."""
    out: list[str] = []
    bases = [quote, quote.strip(_EDGE_MARKS)]
    for base in bases:
        ends = [base]
        if base[-1:] in ".,;:":
            ends.append(base[:-1].rstrip(_EDGE_MARKS))
        for v in ends:
            for w in (v, v[:1].swapcase() + v[1:]):
                if len(w) >= MIN_QUOTE_CHARS and w not in out:
                    out.append(w)
    return out


class Verifier:
    """Turns the model's (passage number, quote) pairs into verified citations, counting rejects and repairs."""

    def __init__(self, passages: list[Passage], documents: dict[str, dict]):
        self.passages = {p.number: p for p in passages}
        self.documents = documents
        self.window: dict[str, list[Passage]] = {}  # document id -> its passages, in prompt order
        for p in passages:
            self.window.setdefault(p.row["document_id"], []).append(p)
        self._normalised: dict[str, tuple[str, list[int]]] = {}
        self.rejected = 0
        self.repaired: Counter[str] = Counter()  # "passage", "ellipsis": what it took to find a quote

    def cite(self, quotes) -> list[Citation]:
        """Verified citations for one item, in the model's order, duplicates merged; rejects are counted."""
        citations: list[Citation] = []
        for q in quotes:
            citation = self.locate(q.passage, q.quote)
            if citation is None:
                self.rejected += 1
                log.debug("rejected citation: passage %s, %d chars", q.passage, len(q.quote))
            elif citation not in citations:
                citations.append(citation)
        return citations

    def locate(self, number: int, quote: str) -> Citation | None:
        """The citation for a quote, or None when the window's sources do not hold it."""
        wanted = squeeze(quote).strip()
        if len(wanted) < MIN_QUOTE_CHARS:
            return None
        cited = self.passages.get(number)
        if cited is None:  # a passage number never shown: no misplaced citation but a broken or hijacked reply
            return None
        found = self._find(wanted, cited)
        if found is None and _ELLIPSIS.search(wanted):
            parts = [p for p in _ELLIPSIS.split(wanted) if p.strip(_EDGE_MARKS)]
            if len(parts) == 1:  # "… the talks continue": an ellipsis at an edge cuts nothing out
                found = self._find(parts[0].strip(), cited)
            elif parts:
                found = self._elided(parts, cited)
        if found is None:
            return None
        document, (start, end), how = found
        citation = Citation.from_document(document, start, end)
        how = how or ("typography" if citation.quote != quote.strip() else None)
        if how:
            self.repaired[how] += 1
        return citation

    # -- where to look -----------------------------------------------------------------
    def _order(self, cited: Passage | None) -> list[Passage]:
        """The cited passage first, then the rest of its document's passages, then every other one."""
        rest = [p for p in self.passages.values() if p is not cited]
        if cited is None:
            return rest
        own = cited.row["document_id"]
        return [cited] + [p for p in rest if p.row["document_id"] == own] + \
            [p for p in rest if p.row["document_id"] != own]

    def _find(self, wanted: str, cited: Passage | None):
        """(document, span, repair) of a plain quote: in the cited passage's document (anywhere in it, since
        the model may run across sentences), else in a passage of another document of the window."""
        variants = _variants(wanted)
        if cited is not None:
            document = self.documents[cited.row["document_id"]]
            span = self._in_document(document, variants, cited.row["start"], cited.row["end"], anywhere=True)
            if span is not None:
                return document, span, None
        for doc_id, passages in self.window.items():
            if cited is not None and doc_id == cited.row["document_id"]:
                continue
            document = self.documents[doc_id]
            for p in passages:
                span = self._in_document(document, variants, p.row["start"], p.row["end"], anywhere=False)
                if span is not None:
                    return document, span, "passage"
        return None

    def _in_document(self, document: dict, variants: list[str], start: int, end: int, *, anywhere: bool):
        """Original offsets of the first variant found starting inside [start, end) (else anywhere, if allowed)."""
        text, where = self._normalise(document)
        for variant in variants:
            first = None
            i = text.find(variant)
            while i >= 0:
                span = (where[i], where[i + len(variant) - 1] + 1)
                if start <= span[0] < end:
                    return span
                first = first or span
                i = text.find(variant, i + 1)
            if anywhere and first is not None:
                return first
        return None

    def _elided(self, parts: list[str], cited: Passage | None):
        """The whole sentence holding every part of an elided quote in order, looked for as in `_order`."""
        if any(len(p.split()) < MIN_PART_WORDS for p in parts):
            return None
        firsts = _variants(parts[0].lstrip(_EDGE_MARKS)) or [parts[0]]
        lasts = [p.rstrip(_EDGE_MARKS) for p in _variants(parts[-1])] or [parts[-1]]
        for p in self._order(cited):
            sentence = squeeze(p.row["text"])
            for first in firsts:
                for last in lasts:
                    if _in_order(sentence, [first, *parts[1:-1], last]):
                        how = "ellipsis" if p is cited else "ellipsis, passage"
                        document = self.documents[p.row["document_id"]]
                        return document, (p.row["start"], p.row["end"]), how
        return None

    def _normalise(self, document: dict) -> tuple[str, list[int]]:
        if document["id"] not in self._normalised:
            self._normalised[document["id"]] = normalise(document["text"])
        return self._normalised[document["id"]]


def _in_order(sentence: str, parts: list[str]) -> bool:
    at = 0
    for part in parts:
        i = sentence.find(part, at)
        if i < 0:
            return False
        at = i + len(part)
    return True


# -- the model's own words ---------------------------------------------------------------------

_QUOTED = re.compile(
    r'"(?P<a>[^"\n]+)"'
    r"|\u201c(?P<b>[^\u201c\u201d\n]+)\u201d"
    r"|\u00ab(?P<c>[^\u00ab\u00bb\n]+)\u00bb"
    r"|\u201e(?P<d>[^\u201e\u201c\u201d\n]+)[\u201c\u201d]"
    r"|(?<!\w)['\u2018](?P<e>[^'\u2018\u2019\n]+?)['\u2019](?!\w)"
)
_STRAY_MARKS = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")


def unquote_unverified(text: str, citations: list[Citation]) -> str:
    """The model's own text with quotation marks kept only around words its verified quotes hold.

    A model may write 'calls the demand "unilateral"' (true: the source says so) or
    'said the talks had "collapsed"' (false): only the first keeps its marks, so that
    nothing but verified source text is ever shown in quotation marks.
    """
    sources = [squeeze(c.quote).lower() for c in citations]
    out, last = [], 0
    for m in _QUOTED.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        words = squeeze(inner).strip(_EDGE_MARKS + ".,;:").lower()
        verified = bool(words) and any(words in s for s in sources)
        out.append(_STRAY_MARKS.sub("", text[last:m.start()]))
        out.append(m.group() if verified else _STRAY_MARKS.sub("", inner))
        last = m.end()
    out.append(_STRAY_MARKS.sub("", text[last:]))
    return "".join(out)
