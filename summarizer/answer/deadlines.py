""""When is the deadline?": answered from resolved deadlines, not from whichever sentence matched best.

A "50-day deadline announced on Monday" only becomes a date once it is counted
from the right day; the briefing's deadline finder does that, so the answer
runs it over the documents that the search found and keeps the deadline whose
sentence is most about the question.
"""

from __future__ import annotations

import datetime as dt
import re

from summarizer.answer.query import Query
from summarizer.answer.terms import coverage, matches, missing_keys, words_of
from summarizer.briefing.deadlines import find_deadlines
from summarizer.briefing.questions import CLAUSE_END, NO_DATE
from summarizer.dates.anchors import document_anchors
from summarizer.facts.spans import clause_around, marks_an_end
from summarizer.model import Citation, Deadline

MAX_DOCUMENTS = 6
_STATED = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def deadline_candidates(query: Query, hits: list[dict], docs: dict[str, dict], today: dt.date, *,
                        whole_subject: bool = False) -> list[tuple[float, Deadline]]:
    """Deadlines found in the hits' sentences, with how well each one's sentence covers the question.

    `whole_subject`: only deadlines whose document names every noun of the question. For a question the
    answer's confidence model declined: a deadline sentence that covers most of it ("the AI Act's
    obligations apply from August 2") does not answer it when its article never speaks of what the
    question is about ("... to hospitals?").
    """
    chosen: list[str] = []
    for h in hits:
        if h["document_id"] not in chosen:
            chosen.append(h["document_id"])
        if len(chosen) == MAX_DOCUMENTS:
            break
    documents = [docs[i] for i in chosen if i in docs]
    sentences = [h for h in hits if h["document_id"] in chosen]
    if not documents:
        return []
    found = find_deadlines(documents, sentences, document_anchors(documents), today=today, limit=10)
    out = []
    for d in found:
        if d.due is None or not d.citations:
            continue
        words = words_of(d.citations[0].quote)
        known = words | words_of(docs[d.citations[0].document_id]["text"])
        if missing_keys(query, known):
            continue
        if whole_subject and any(t.pos in ("NOUN", "PROPN") and not t.optional and not matches(known, t)
                                 for t in query.terms):
            continue
        ends = query.until and _ends(d)
        out.append((coverage(query, words), ends, _clause_cover(query, d), d))
    # Several deadlines in one sentence: for "until when", one that ends something; then the one whose
    # own clause says most of the question.
    out.sort(key=lambda x: (-x[0], not x[1], -x[2], x[3].due))
    return [(cov, d) for cov, _, _, d in out]


def _ends(d: Deadline) -> bool:
    span = _due_span(d)
    return span is not None and marks_an_end(d.citations[0].quote, span)


def _due_span(d: Deadline) -> tuple[int, int] | None:
    """Where the deadline's date is written in its first citation's quote."""
    at = d.citations[0].quote.find(d.due_text)
    return (at, at + len(d.due_text)) if at >= 0 else None


def deadline_answer(deadline: Deadline, docs: dict[str, dict]) -> tuple[str, list[Citation]]:
    """A stated date is quoted as written; a counted one is given as a calendar date with what it was counted from."""
    lead = deadline.citations[0]
    doc = docs[lead.document_id]
    at = lead.quote.find(deadline.due_text)
    counted = re.search(r"\d+[- ](?:days?|hours?|weeks?|months?|years?)\b", deadline.due_text, re.I)
    if at >= 0 and _STATED.search(deadline.due_text) and not counted:
        span = Citation.from_document(doc, lead.start + at, lead.start + at + len(deadline.due_text))
        text, cites = span.quote, [span, *deadline.citations]
    else:
        due = dt.date.fromisoformat(deadline.due)
        text = f"{due:%a} {due.day} {due:%b %Y} (\"{deadline.due_text}\""
        if deadline.anchor:
            anchor = dt.date.fromisoformat(deadline.anchor)
            text += f", counted from {anchor.day} {anchor:%B}"
        text += ", approximate)" if deadline.approximate else ")"
        cites = list(deadline.citations)
    if deadline.status == "void" and deadline.voided_by:  # the briefing's "(no longer holds)", with who says so
        void = deadline.voided_by[0]
        text += f" ({lead.source}); a newer report says it no longer holds ({void.source}: \"{void.quote}\")"
        cites.insert(cites.index(lead) + 1, void)
    revised = [c for c in deadline.conflicts if c.get("superseded")]
    rival = [c for c in deadline.conflicts if not c.get("superseded")]
    if revised:
        text += f" ({lead.source}), revised from " + "; ".join(
            f"{dt.date.fromisoformat(c['due']):%a %-d %b %Y} ({', '.join(c['sources'])}: \"{c['due_text']}\")"
            for c in revised)
    if rival:
        text += ("" if revised else f" ({lead.source})") + "; sources disagree: " + "; ".join(
            f"{', '.join(c['sources'])} give{'s' if len(c['sources']) == 1 else ''} "
            f"{dt.date.fromisoformat(c['due']):%a %-d %b %Y} (\"{c['due_text']}\")" for c in rival)
    if deadline.conflicts:
        rivals = [Citation(**c) for conflict in deadline.conflicts for c in conflict["citations"][:1]]
        at_lead = cites.index(lead) + 1  # each side's date stays in view: ours, then theirs, then the rest
        cites = cites[:at_lead] + rivals + cites[at_lead:]
    return text, cites


def _clause_cover(query: Query, d: Deadline) -> float:
    """How much of the question the deadline's own clause says ("the truce due to end by March 31")."""
    span = _due_span(d)
    return coverage(query, words_of(clause_around(d.citations[0].quote, span))) if span else 0.0


def unset_clause(query: Query, hits: list[dict], docs: dict[str, dict]) -> tuple[Citation, dict] | None:
    """"no date has been set for a fourth round of talks": the newest body sentence saying that what the
    question asks about has no date yet, as a citation of that clause, with its sentence.

    Only for questions about what is still to come ("When is the next round?"): a past date found
    elsewhere is not an answer to them, and a later article saying nothing is scheduled outranks an
    earlier one that announced the round now behind us.
    """
    best = None
    for h in hits:
        m = NO_DATE.search(h["text"])
        if m is None:
            continue
        end = CLAUSE_END.search(h["text"], m.end())
        stop = end.start() if end else len(h["text"])
        # The clause must be about what was asked: "a leaders' meeting ..., and no date has been set for a
        # fourth round" says nothing of when the leaders meet. Its own words, and its subject before the cue.
        words = words_of(clause_around(h["text"], (m.start(), stop)))
        if coverage(query, words) < 0.5 or missing_keys(query, words):
            continue
        doc = docs[h["document_id"]]
        clause = Citation.from_document(doc, h["start"] + m.start(), h["start"] + stop)
        when = doc.get("published") or ""
        if best is None or when > best[2]:
            best = (clause, h, when)
    return None if best is None else best[:2]


def rival_date(query: Query, found_due: str | None, found_document: str, deadlines: list[tuple[float, Deadline]],
               threshold: float) -> tuple[str, str, list[Citation], list[str]] | None:
    """Another date the sources give for what was asked: (due, due_text, citations, sources), or None.

    A quoted "September 3" must not hide that another outlet counts the same deadline to September 2.
    Only another document's date, in a clause about what was asked, is a rival: the same sentence's
    "talks next week" is a different deadline from its "truce due to end by March 31".
    """
    if found_due is None:
        return None
    for _, d in deadlines:  # the briefing already made the found date a rival reading of this one
        if d.due != found_due and any(c["due"] == found_due and any(x["document_id"] == found_document
                                                                  for x in c["citations"]) for c in d.conflicts):
            return d.due, d.due_text, list(d.citations), sorted({c.source for c in d.citations})
    for cov, d in deadlines:
        if cov < threshold:
            continue
        if (d.due and d.due != found_due and d.citations[0].document_id != found_document
                and _clause_cover(query, d) >= threshold):
            return d.due, d.due_text, list(d.citations), sorted({c.source for c in d.citations})
        for c in d.conflicts:
            if c["due"] != found_due:
                return c["due"], c["due_text"], [Citation(**x) for x in c["citations"]], list(c["sources"])
    return None
