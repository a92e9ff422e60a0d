"""TimeML (.tml) reader and TempEval-3 style TIMEX3 scorer.

Used to measure the time-expression resolver against hand-annotated newswire
(TimeBank, AQUAINT). Nothing in the bot depends on this module at run time.
"""
from __future__ import annotations

import datetime
import hashlib
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Sequence

# The TimeBank/AQUAINT corpus lives beside the repository (../shared/corpus/tbaq), never inside it.
DEFAULT_CORPUS = Path(os.environ.get("BRIEFBOT_TIMEML_CORPUS")
                      or Path(__file__).resolve().parents[3] / "shared" / "corpus" / "tbaq")


class Span(NamedTuple):
    """One time expression: offsets into the plain text, TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class TmlDoc:
    name: str
    text: str
    dct: datetime.date
    gold: tuple[Span, ...]


Finder = Callable[[str, datetime.date], Sequence[Span | tuple]]


def parse_tml(source: str | Path, name: str | None = None) -> TmlDoc:
    """Parse a .tml file (path) or its XML (a string starting with '<').

    The plain text is the TEXT element with every tag removed and entities
    decoded, so gold offsets index the same string a finder receives.
    """
    if isinstance(source, Path) or not source.lstrip().startswith("<"):
        path = Path(source)
        xml, name = path.read_text(encoding="utf-8"), name or path.stem
    else:
        xml = source
    root = ET.fromstring(xml)
    dct = _read_dct(root)
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError(f"{name}: no TEXT element")
    parts: list[str] = []
    gold: list[Span] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            gold.append(Span(start, pos, el.get("type", ""), el.get("value", "")))

    # The TEXT element's own tail and tag are not text; walk its content only.
    if text_el.text:
        parts.append(text_el.text)
        pos += len(text_el.text)
    for child in text_el:
        walk(child)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return TmlDoc(name or "doc", "".join(parts), dct, tuple(gold))


def _read_dct(root: ET.Element) -> datetime.date:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            return datetime.date.fromisoformat(timex.get("value", "")[:10])
    raise ValueError("no creation-time TIMEX3")


def load_folder(folder: str | Path) -> list[TmlDoc]:
    return [parse_tml(p) for p in sorted(Path(folder).glob("*.tml"))]


def split_part(name: str) -> str:
    """"dev" or "test" for a document name (file stem), fixed by a hash of the name.

    A hash, not a sort or a random draw, so the halves never change as files
    come and go and anyone can recompute which half a file is in.
    """
    return ("dev", "test")[int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2]


def aquaint_split(docs: Iterable[TmlDoc], part: str) -> list[TmlDoc]:
    """The DEV or TEST half of AQUAINT. TEST is unseen newswire: score it only
    as an aggregate, never look at its errors (rules are tuned on DEV)."""
    if part not in ("dev", "test"):
        raise ValueError(f"part must be 'dev' or 'test', not {part!r}")
    return [d for d in docs if split_part(d.name) == part]


# --- scoring -----------------------------------------------------------------


@dataclass
class Score:
    """Counts accumulated over documents; ratios are derived, never stored."""

    gold: int = 0
    system: int = 0
    relaxed: int = 0          # one-to-one pairs whose spans overlap
    strict: int = 0           # pairs with identical spans
    value_ok: int = 0         # relaxed pairs with equal value
    type_ok: int = 0          # relaxed pairs with equal type
    errors: list[tuple[str, Span | None, Span | None, str]] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for k in ("gold", "system", "relaxed", "strict", "value_ok", "type_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors.extend(other.errors)

    @staticmethod
    def _f1(matched: int, system: int, gold: int) -> tuple[float, float, float]:
        p = matched / system if system else 0.0
        r = matched / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def metrics(self) -> dict[str, float]:
        rp, rr, rf = self._f1(self.relaxed, self.system, self.gold)
        sp, sr, sf = self._f1(self.strict, self.system, self.gold)
        vacc = self.value_ok / self.relaxed if self.relaxed else 0.0
        tacc = self.type_ok / self.relaxed if self.relaxed else 0.0
        return {
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "value_acc": vacc, "value_f1": rf * vacc,
            "type_acc": tacc, "type_f1": rf * tacc,
        }


def match(gold: Sequence[Span], system: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index) of overlapping spans.

    Exact spans pair first, then the largest overlaps; one-to-one keeps a
    system that splits a gold expression in two from being counted twice
    (TempEval-3's scorer is laxer here, so our figures are if anything lower).
    """
    cands = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                exact = g.start == s.start and g.end == s.end
                cands.append((not exact, -overlap, gi, si))
    cands.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, _, gi, si in cands:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return pairs


_SHORT_WEEK = re.compile(r"-W(\d)(?!\d)")


def same_value(gold: str, system: str) -> bool:
    """Equal TIMEX3 values, up to the padding of week numbers.

    AQUAINT's annotators wrote "2000-W7" where ISO 8601 (and TimeBank) has
    "2000-W07": the same week, so it is not counted as a wrong value. Nothing
    else is forgiven ("T17" and "T17:00" differ in granularity).
    """
    return gold == system or _SHORT_WEEK.sub(r"-W0\1", gold) == _SHORT_WEEK.sub(r"-W0\1", system)


def score_doc(doc: TmlDoc, system: Iterable[Span | tuple], keep_errors: bool = False) -> Score:
    sys_spans = [Span(*tuple(s)[:4]) for s in system]
    gold = list(doc.gold)
    pairs = match(gold, sys_spans)
    sc = Score(gold=len(gold), system=len(sys_spans), relaxed=len(pairs))
    paired_g = {gi for gi, _ in pairs}
    paired_s = {si for _, si in pairs}
    for gi, si in pairs:
        g, s = gold[gi], sys_spans[si]
        sc.strict += (g.start, g.end) == (s.start, s.end)
        same = same_value(g.value, s.value)
        sc.value_ok += same
        sc.type_ok += g.type == s.type
        if keep_errors and not same:
            sc.errors.append((doc.name, g, s, "value"))
    if keep_errors:
        sc.errors += [(doc.name, gold[i], None, "missed") for i in range(len(gold)) if i not in paired_g]
        sc.errors += [(doc.name, None, sys_spans[i], "spurious")
                      for i in range(len(sys_spans)) if i not in paired_s]
    return sc


def score_docs(find: Finder, docs: Iterable[TmlDoc], keep_errors: bool = False) -> Score:
    total = Score()
    for doc in docs:
        total.add(score_doc(doc, find(doc.text, doc.dct), keep_errors))
    return total


def score_folder(find: Finder, folder: str | Path, keep_errors: bool = False) -> Score:
    return score_docs(find, load_folder(folder), keep_errors)


# --- baselines ---------------------------------------------------------------


def dateparser_find(text: str, anchor: datetime.date) -> list[Span]:
    """Baseline: dateparser's search_dates relative to the anchor, every hit a DATE.

    search_dates returns matched substrings, not offsets: each is located by
    searching forward from the previous hit.
    """
    from dateparser.search import search_dates

    base = datetime.datetime.combine(anchor, datetime.time(12))
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    spans: list[Span] = []
    pos = 0
    for matched, when in found:
        at = text.find(matched, pos)
        if at < 0:
            at = text.find(matched)
            if at < 0:
                continue
        else:
            pos = at + len(matched)
        spans.append(Span(at, at + len(matched), "DATE", when.date().isoformat()))
    return spans


def dateparser_period_find(text: str, anchor: datetime.date) -> list[Span]:
    """Baseline, kinder: the same hits, each value cut to the period dateparser
    itself reports for the matched words ("1998" -> 1998, "March" -> 1998-03)."""
    from dateparser.date import DateDataParser

    base = datetime.datetime.combine(anchor, datetime.time(12))
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base})
    out = []
    for span in dateparser_find(text, anchor):
        data = parser.get_date_data(text[span.start:span.end])
        value = span.value
        if data and data.date_obj:
            d = data.date_obj.date()
            value = {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}",
                     "week": f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"}.get(data.period, d.isoformat())
        out.append(span._replace(value=value))
    return out


def timex_find(text: str, anchor: datetime.date) -> list[Span]:
    """Our resolver, as a finder."""
    from summarizer.dates.timex import find_timexes

    return [Span(t.start, t.end, t.type, t.value) for t in find_timexes(text, anchor)]


def format_metrics(label: str, sc: Score) -> str:
    m = sc.metrics()
    return (f"{label:<28} gold={sc.gold:<5} sys={sc.system:<5} "
            f"relaxed P/R/F1={m['relaxed_p']:.3f}/{m['relaxed_r']:.3f}/{m['relaxed_f1']:.3f} "
            f"strict F1={m['strict_f1']:.3f} value acc={m['value_acc']:.3f} "
            f"value F1={m['value_f1']:.3f} type acc={m['type_acc']:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    """python -m summarizer.dates.timeml FOLDER... [--part dev|test] [--baseline] [--errors N]"""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--part", choices=("dev", "test"), help="only this half of each folder (aquaint_split)")
    ap.add_argument("--baseline", action="store_true", help="also score dateparser")
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors (refused on the test half)")
    args = ap.parse_args(argv)
    if args.part == "test" and args.errors:
        ap.error("the test half is scored as an aggregate only: no --errors")
    for folder in args.folders:
        docs = load_folder(folder)
        label = Path(folder).name
        if args.part:
            docs, label = aquaint_split(docs, args.part), f"{label}-{args.part.upper()}"
        sc = score_docs(timex_find, docs, keep_errors=args.errors > 0)
        print(format_metrics(f"timex {label}", sc))
        if args.baseline:
            print(format_metrics(f"dateparser {label}", score_docs(dateparser_find, docs)))
            print(format_metrics(f"dateparser+period {label}",
                                 score_docs(dateparser_period_find, docs)))
        texts = {d.name: d.text for d in docs}
        dcts = {d.name: d.dct for d in docs}
        for name, g, s, kind in sc.errors[: args.errors]:
            gs = f"{texts[name][g.start:g.end]!r} {g.type} {g.value}" if g else "-"
            ss = f"{texts[name][s.start:s.end]!r} {s.type} {s.value}" if s else "-"
            ctx_span = g or s
            ctx = texts[name][max(0, ctx_span.start - 60):ctx_span.end + 40].replace("\n", " ")
            print(f"  {kind:<8} {name} {dcts[name]:%Y-%m-%d %a}: gold {gs} | sys {ss} | ...{ctx}...")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
