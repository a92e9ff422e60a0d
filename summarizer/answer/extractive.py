"""The offline answer engine: retrieve, check the answer type, cite, or abstain.

Retrieval is the sentence index's BM25 (FTS5), queried with the question's
distinctive words only, then reranked by how much of the question's IDF weight a
sentence, its neighbour and its document cover. An answer must be of the kind
asked for (a date for "when", a length of time for "how long", a count for "how many", a place for "where", a
quote for "what did X say"), every name, number or rare noun of the question
must occur in its document, and when the question asks what an actor did, the
sentence must make that actor the doer, not the target (roles): otherwise
the engine says it found nothing and offers the closest passages as related,
never as the answer.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from summarizer.answer.deadlines import (
    deadline_answer,
    deadline_candidates,
    rival_date,
    unset_clause,
)
from summarizer.answer.query import Query, parse_question
from summarizer.answer.ranking import confidence, score
from summarizer.answer.roles import (
    Role,
    acts_in,
    done_by_anyone,
    parse,
    parse_for,
    parse_many,
    in_acting_clause,
    may_say,
    proposed_span,
    question_role,
    reports_action,
    stored_parses,
    syntax,
    verb_synonyms,
    who_verb,
)
from summarizer.answer.speakers import Speakers
from summarizer.answer.stored import StoredParses
from summarizer.answer.synonyms import search_words
from summarizer.answer.terms import (
    actor_group,
    actor_words,
    bm25,
    coverage,
    document_has,
    matches,
    missing_keys,
    missing_rare,
    search_terms,
    term_positions,
    tokens_of,
    weigh_terms,
    words_of,
)
from summarizer.briefing.contradictions import denied_words, find_contradictions, stems
from summarizer.briefing.stories import is_body_sentence
from summarizer.dates.anchors import Anchor, LazyAnchors
from summarizer.facts.actors import describes_a_thing
from summarizer.facts.spans import (
    END_WORDS,
    PLACE_LABELS,
    amount_spans,
    clause_around,
    count_spans,
    date_spans,
    duration_spans,
    entity_spans,
    marks_an_end,
    nearest,
    reason_spans,
    said_spans,
)
from summarizer.facts.speech import quote_spans
from summarizer.model import Answer, Citation
from summarizer.text.datelines import blank_dateline
from summarizer.text.nlp import english

NOT_FOUND = "I found nothing on that in the sources for this channel."
POOL = 80             # sentences retrieved per question
CHECKED = 20          # best supported sentences read for an answer of the asked type
MIN_SENTENCE = 0.5    # share of the question's weight a deadline's sentence must cover to answer "when is it due"
WHO_READ = 3          # passages read for the names a "who" answer gives, best first
TOPIC_SLACK = 0.15    # "what did X say about Y": X's statements within this share of the one saying most of Y rank alike
ANSWER_AT = 0.40      # probability from which the best passage is given as the answer (set on the dev questions)
_STATED = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
_COUNTED = re.compile(r"\d+[- ](?:days?|hours?)|\bweeks?\b|\bmonths?\b|\bdays\b|\bhours\b", re.I)
# A date a span starts from ("talks in Doha since 6 July"): never when something expires or is due.
_STARTS_FROM = re.compile(r"\b(?:since|from|starting|beginning)\s+(?:the\s+)?$", re.I)
# Institutions a case is taken to: "appeal to the EU General Court", "before the Court of Justice".
_VENUE = re.compile(r"\b(?:Court|Tribunal|Panel|Arbitration|WTO|World Trade Organi[sz]ation)\b")
# "out of the offices of the Agency for International Development", "in the suburb of Parklands": the name after
# a word for premises or a part of a town is where, whatever the tagger took it for (Parklands: an organisation).
_PREMISES_OF = re.compile(r"\b(?:offices?|headquarters|premises|compound|grounds|building|residence|"
                          r"neighbou?rhood|suburb|district|quarter|outskirts)\s+of\s+(?:the\s+)?$", re.I)
# "at last year's Madrid summit", "during the Geneva talks": a place naming a gathering says where it was.
_AT_GATHERING = re.compile(r"\b(?:at|in|during)\s+(?:\S+\s+){0,2}$", re.I)
_GATHERING = re.compile(r"\s*(?:summit|talks|conference|meeting|ceremony|negotiations|round|forum|session|"
                        r"convention|rally)\b", re.I)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# The day of a date: "Aug. 7", "June 30", "12 April", "the 3rd of May" (month names capitalised: "12 may be" is none).
_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?:[a-z]*\.?)"
_AFTER_MONTH = re.compile(r"\b" + _MONTH_NAME + r"\s+$")
_BEFORE_MONTH = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME + r"(?![a-z])")
_DIGITS = re.compile(r"\d[\d,.]*")
# "Who is the captain", "who was Poland's ambassador", "which judge": the holder of a post is a person.
_ASKS_HOLDER = re.compile(r"^\s*what(?:'s| is| are| was| were) the names? of\b|"
                          r"^\s*(?:who(?:'s| is| was| are| were) (?:the |an? |[\w.'’-]+['’]s )(?:[\w-]+ ){0,2}?|which )"
                          r"(?:captain|ambassador|judge|spokes(?:man|woman|person)|minister|president|prime minister|"
                          r"leader|chief|director|commander|head|suspect|pilot|lawyer|attorney|mayor|governor|"
                          r"chair(?:man|woman)?|ceo|chief executive|envoy|negotiator|secretary|official)s?\b", re.I)
_REPORTING = frozenset("report say tell announce confirm disclose state add".split())
# A passage saying the asked thing is not known, or only that someone has found it out.
_UNKNOWN = re.compile(r"\b(?:(?:was|were|is|are|has|have|had)(?: been)? not (?:yet |immediately |been )*(?:known|clear|"
                      r"disclosed|released|revealed|identified|made public|given|determined)|(?:did|does|do|would|could)"
                      r" not (?:immediately )?(?:say|disclose|reveal|identify|name|give|specify)|declined to (?:say|"
                      r"identify|name|disclose|give|specify)|gave no (?:reason|details|figures?|names?)|(?:it|this)"
                      r" (?:is|was|remains|remained) (?:still )?(?:unclear|not clear|unknown)|(?:determined|established|"
                      r"found out|learned|know|knew) (?:what|who|how|where|why|whether))\b", re.I)
# "the day after the referendum", "since Monday", "over the weekend": a connective that says when, not why.
_TIME_BEFORE = re.compile(r"\b(?:days?|weeks?|months?|years?|hours?|minutes?|shortly|soon|long|just|right|"
                          r"immediately|moments?|ever)\s+$", re.I)
_TIME_AFTER = re.compile(r"(?:after|since|over)\s+(?:the\s+|that\s+|this\s+|last\s+|next\s+)?(?:weekend|past|"
                         r"coming|\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|then|midnight|noon|dark|dawn|years?|"
                         r"months?|weeks?|days?|decades?)\b|(?:after|since)\s+" + _MONTH_NAME + r"\s+\d", re.I)
# "($1.8-billion)", "a 323 billion euro debt", "a 1.6-billion-euro payment": sums written the way a currency
# adjective is, whole.
_CURRENCY = r"(?:euro|dollar|pound|yen|yuan|franc|rouble|ruble|rupee|peso|shilling)"
_SUM_TAIL = re.compile(r"-(?:million|billion|trillion)\b|[\s-]" + _CURRENCY + r"s?\b", re.I)
_ADJECTIVE_SUM = re.compile(r"(?<![\w.,])\d[\d,.]*[\s-](?:million|billion|trillion)[\s-]" + _CURRENCY + r"s?\b"
                            # wire style and a currency named with its country: "dlrs 50 million", "100,000 Kenyan
                            # shillings"
                            r"|\b(?:dlrs|US\$|USD|EUR|GBP)\s?\d[\d,.]*(?:\s(?:million|billion|trillion))?"
                            r"|(?<![\w.,])\d[\d,.]*(?:\s(?:million|billion|trillion))?\s[A-Z][a-z]+\s" + _CURRENCY
                            + r"s\b")
SPAN_KINDS = {"when", "duration", "count", "amount", "where", "say"}
ROLE_KINDS = {"when", "duration", "count", "amount", "where", "say", "why", "what"}  # questions checked for who did it


def answer_question(store, question: str, *, topics: list[str] | None = None, limit: int = 3,
                    today: dt.date | None = None, context: list[str] | None = None,
                    previous_answer: str | None = None) -> Answer:
    """A cited answer, or "found nothing" with related passages.

    `context`: the session's earlier questions, oldest first; a follow-up ("and in Dar?") keeps
    their topic and takes its own subject. `previous_answer`: what the bot said last, for "he"
    and "they".
    """
    scored: dict = {}
    parses = StoredParses(store)
    with stored_parses(parses):
        answer = _answer(store, question, topics=topics, limit=limit, today=today, context=context,
                         previous_answer=previous_answer, scored=scored, parses=parses)
    answer.confidence = scored.get("confidence")
    return answer


def _session_query(question: str, context: list[str] | None, previous_answer: str | None) -> Query:
    """The question as a query, with the topic of the questions it follows up on."""
    from summarizer.answer.followups import looks_like_followup, merge_followup

    nlp = english()
    previous = None
    for earlier in context or []:
        parsed = parse_question(earlier, nlp)
        if previous is not None and looks_like_followup(earlier):
            merge_followup(parsed, previous)
        previous = parsed
    query = parse_question(question, nlp)
    query.said = tokens_of(question)
    if previous is not None and looks_like_followup(question):
        merge_followup(query, previous, previous_answer)
        query.said = tokens_of(" ".join(context or [])) + query.said
    return query


def _answer(store, question: str, *, topics, limit: int, today: dt.date | None, context: list[str] | None,
            previous_answer: str | None, scored: dict, parses: StoredParses) -> Answer:
    query = _session_query(question, context, previous_answer)
    role = question_role(question, speaker=query.speaker) if query.kind in ROLE_KINDS else None
    if role is not None and query.kind in ("when", "duration", "where") and not (role.saying or role.negated):
        role = replace(role, named=True)  # "the slated visit of Daley to Kenya in September" says when he visits
    weigh_terms(store, query)
    if not query.terms:
        return Answer(question, NOT_FOUND, False, [])
    words, every = search_terms(store, query)
    # An optional word ("deadline" in "when is the deadline for Moscow") ranks, but is never required:
    # (moscow) AND (moscow OR deadline) scores the sentences that also say it higher.
    extra = [t.word for t in query.terms if t.optional and t.word not in words]
    groups = [[w] for w in words] + ([words + extra] if extra else [])
    hits = store.search_sentences_groups(groups, limit=POOL, topics=topics) if every else []
    if len(hits) < 5:
        # Every sentence sharing a meaningful word, or a synonym of one, is a candidate: a word the
        # source does not use lowers a passage's score below, it never hides the passage.
        ids = {h["id"] for h in hits}
        every_word = search_words(words + extra + [t.word for t in query.terms if t.word not in words + extra])
        hits += [h for h in store.search_sentences(" ".join(every_word), limit=POOL, topics=topics)
                 if h["id"] not in ids]
    if query.kind == "say" and role is not None and not role.saying:
        hits = _acting_first(store, role, hits, topics)
    docs = store.documents(h["document_id"] for h in hits)
    # Only dates and lengths are resolved against a document's anchor; working them out costs the other kinds.
    anchors = _anchors(store, docs) if query.kind in ("when", "duration") else {}
    candidates = _support(store, query, hits, docs)
    parses.add(hits)  # with the sentence before each, now known
    ranked = [(c.support, c.hit) for c in candidates if not c.missing]
    action = who_verb(question) if query.kind == "who" else None
    # "What did X say": who speaks in each passage as the stored facts read the whole document.
    speakers = None
    if query.kind == "say" and role is not None and role.saying:  # of the documents of the passages read below
        read = {c.hit["document_id"] for c in [c for c in candidates if not c.missing][:CHECKED * 3]}
        speakers = Speakers(store, {i: docs[i] for i in read})
    choices = _choices(query, candidates, docs, anchors, role, action, today, speakers)
    sure = confidence(choices[0].score, choices[1].score if len(choices) > 1 else None,
                      choices[0].features) if choices else 0.0
    scored["confidence"], scored["choices"] = sure, choices
    found = choices[0].found if choices and sure >= ANSWER_AT else None
    if query.ahead or query.kind == "when" and found is None:  # "When is the ministerial meeting?" too
        unset = unset_clause(query, [h for _, h in ranked] or hits, docs)
        if unset and (found is None or _published(docs, unset[1]) >= _published(docs, found[2])):
            clause, hit = unset
            return Answer(question, clause.quote, True, [clause, _cite(docs, hit)])
    if query.deadline:
        # Count the deadline ("50 days from Monday") with the briefing's resolver when no date is stated
        # as such, and whenever sources disagree on the date, so the answer says so.
        stated = found and _STATED.search(found[0]) and not _COUNTED.search(found[0])
        deadlines = deadline_candidates(query, [h for _, h in ranked] or hits, docs, today or dt.date.today(),
                                        whole_subject=found is None)
        if role is not None:
            deadlines = [sd for sd in deadlines if acts_in(role, sd[1].citations[0].quote)]
        best = deadlines[0][1] if deadlines and deadlines[0][0] >= MIN_SENTENCE else None
        if best is None and found and not stated:
            # A length the answer's own article counts to a date ("Trump's 50-day ultimatum" in the headline
            # of the article that says when it was announced): that date, not the bare "50-day".
            best = next((d for _, d in deadlines if any(c.document_id == found[2]["document_id"]
                                                        for c in d.citations)), None)
        if best is not None and (not stated or best.conflicts or best.voided_by):
            text, cites = deadline_answer(best, docs)
            extra = len(best.conflicts) + bool(best.voided_by)
            return Answer(question, text, True, _unique(cites)[: max(limit, 2 + extra)])
        value, approximate = _resolved(found, anchors) if stated else (None, False)
        day = value[:10] if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) else None
        rival = rival_date(query, day, found[2]["document_id"], deadlines, MIN_SENTENCE) if stated else None
        if rival:  # the quoted date is one side of a disagreement: say so, and cite the other side
            due, due_text, rival_cites, sources = rival
            text, cites, _ = found
            text = _placed(text, value, approximate, cites[0].source)
            gives = "gives" if len(sources) == 1 else "give"
            text += (f"; sources disagree: {', '.join(sources)} {gives} "
                     f"{dt.date.fromisoformat(due):%a %-d %b %Y} (\"{due_text}\")")
            return Answer(question, text, True, _unique(cites[:2] + rival_cites[:1])[: max(limit, 3)])
    if found is not None:
        text, cites, hit = found
        cites[1:1] = _leaned_on(store, query, hit, docs)
        cites += _corroborating(hit, text, ranked, docs)
        if query.kind == "when":
            at = cites[0].start - hit["start"]
            proposal = "proposed" if proposed_span(hit["text"], (at, at + len(text))) else None
            text = _placed(text, *_resolved(found, anchors), proposal)
        disputed = _disputed(store, question, hit, [h for _, h in ranked], topics)
        if disputed:  # the answer is one side of a disagreement between outlets: say so, cite the other side
            sides, other = disputed
            text += "" if text.rstrip().endswith((".", "!", "?", "”", '"')) else "."
            return Answer(question, f"{text} Sources disagree: {sides}", True,
                          _unique(cites + other)[: max(limit, len(cites) + 1)])
        return Answer(question, text, True, _unique(cites)[: max(limit, 2 if len(cites) > 1 else 1)])
    related: list[Citation] = []
    # The closest passages, best first: those read as answers in their order, then the rest retrieved.
    closest = [ch.found[2] for ch in choices] + [c.hit for c in candidates]
    for h in closest or hits:  # a near-duplicate's copy of a sentence offered is no further one
        if len(related) < limit and not any(" ".join(h["text"].split()) == " ".join(r.quote.split()) for r in related):
            related.append(_cite(docs, h))
    return Answer(question, NOT_FOUND, False, [], related=related)


def _acting_first(store, role: Role, hits: list[dict], topics: list[str] | None) -> list[dict]:
    """Sentences naming the role's actor and its verb (or a synonym) ahead of the rest.

    "What does the EU want?": "EU" is in thousands of sentences, and the ones where it
    demands or urges something would not otherwise reach the sentences checked.
    """
    groups = [sorted(actor_group(a)) for a in role.actors] + [sorted(verb_synonyms(role.verb))]
    first = store.search_sentences_groups(groups, limit=POOL, topics=topics)
    for h in first:
        h["actor_verb"] = True
    ids = {h["id"] for h in first}
    return first + [h for h in hits if h["id"] not in ids]


@dataclass
class Candidate:
    """A passage that may answer, with what it covers of the question."""

    hit: dict
    support: float       # 0..1: how likely it answers, judged on what it covers of the question
    missing: list[str]   # names and numbers of the question its document does not hold
    features: dict[str, float]


@dataclass
class Choice:
    """A candidate read as an answer: the answering text, its citations, and how likely it answers."""

    found: tuple         # (answer text, citations, hit)
    features: dict[str, float]
    score: float = 0.0


def _support(store, query: Query, hits: list[dict], docs: dict[str, dict]) -> list[Candidate]:
    """Every retrieved passage measured against the question, best supported first; nothing is ruled out.

    The sentence itself counts most, its neighbours next ("the company", "he said" point at
    them), its document least.
    """
    # A document is only asked whether it holds the question's words (a form or a synonym of each).
    asked = frozenset().union(*(f for t in query.terms for f in t.roots), *(t.alts for t in query.terms))
    doc_words = {i: document_has(i, d["text"], asked) | words_of(d.get("title") or "") & asked
                 for i, d in docs.items()}
    # "IMF" asked of an article that writes "the International Monetary Fund": the name is there.
    spelled = {w: p for w in _acronyms(query) if (p := _spelled_out(w)) is not None}
    for word, pattern in spelled.items():
        for i, d in docs.items():
            if word not in doc_words[i] and pattern.search(d["text"]):
                doc_words[i] = doc_words[i] | {word}
    around = store.neighbours([h["id"] for h in hits])
    speaker = _speaker_words(query)
    # What the question is about, apart from who said it: "about letting more countries in".
    topic = Query(query.text, query.kind, [t for t in query.terms if t.word not in speaker]) if speaker else query
    pool, seen, tokens = [], set(), {}
    for rank, hit in enumerate(hits):
        if hit["text"] not in seen:
            seen.add(hit["text"])
            tokens[hit["id"]] = tokens_of(blank_dateline(hit["text"]))  # "ROME, Feb 5 (Post) -" says nothing asked
            pool.append((rank, hit, set(tokens[hit["id"]])))
    # BM25 over the candidates, their mean length standing for the store's: only their order matters.
    average = sum(map(len, tokens.values())) / max(len(tokens), 1)
    matched = {i: bm25(query, t, average) for i, t in tokens.items()}
    best = max(matched.values(), default=0.0) or 1.0
    # Words most candidates share are the story's, not the question's point ("NATO" in a NATO story).
    local = {t.word: math.log((len(pool) + 1) / (sum(1 for *_, w in pool if matches(w, t)) + 0.5))
             for t in query.terms if not t.optional}
    local_total = sum(local.values()) or 1.0
    out = []
    for rank, hit, words in pool:
        before, after = around.get(hit["id"], ("", ""))
        hit["before"] = before
        words = words | {w for w, pattern in spelled.items() if pattern.search(hit["text"])}
        context = words | words_of(before) | words_of(after) | {w for w, pattern in spelled.items()
                                                                if pattern.search(before) or pattern.search(after)}
        document = doc_words[hit["document_id"]]
        missing = missing_keys(query, document)
        f = {
            "cov_sentence": coverage(query, words), "cov_context": coverage(query, context),
            "cov_topic": coverage(topic, words | words_of(before)),
            "cov_document": coverage(query, document),
            "cov_local": sum(local[t.word] * matches(words, t) for t in query.terms if t.word in local) / local_total,
            "retrieval": 1.0 / (1.0 + rank / 10),
            "bm25": matched[hit["id"]] / best,
            "missing_context": float(len(missing_keys(query, context))),
            "missing_rare": float(len(missing_rare(query, document))),
            "body": float(_in_body(hit, docs[hit["document_id"]])),
            "speaker": float(bool(speaker) and bool(speaker & (words | words_of(before)))),
            "actor_verb": float(bool(hit.get("actor_verb"))),
        }
        # "What did X say about Y": X's words that never name Y say nothing of what was asked.
        f["off_topic"] = float(topic is not query and any(not t.optional for t in topic.terms) and not f["cov_topic"])
        f.update(context_half=float(f["cov_context"] >= 0.5), document_most=float(f["cov_document"] >= 0.75),
                 # every word of the question, or a synonym of it: "killed 253" says all of "how many died"
                 sentence_all=float(all(matches(words, t) for t in query.terms if not t.optional)))
        # Ranked by the answer model on what is cheap to measure; the answer type is read for the best only.
        out.append(Candidate(hit, score(f), missing, f))
    out.sort(key=lambda c: -c.support)
    return out


def _reasons(text: str) -> list[tuple[int, int]]:
    """Causal clauses, not time phrases: "closed until the day after the referendum" gives no reason."""
    return [sp for sp in reason_spans(text)
            if not (_TIME_AFTER.match(text, sp[0]) or text[sp[0]:sp[0] + 5].lower() in ("after", "since")
                    and _TIME_BEFORE.search(text[:sp[0]]))]


def _acronyms(query: Query) -> list[str]:
    """The question's names written in capitals ("IMF", "WTO"), lower-cased as its terms are."""
    return [t.word for t in query.terms if t.key and 2 <= len(t.word) <= 5 and t.word.isalpha()
            and re.search(r"\b" + t.word.upper() + r"\b", query.text)]


def _spelled_out(acronym: str) -> re.Pattern | None:
    """What the acronym stands for, as a pattern: capitalised words whose initials spell it, small words between
    them ("International Monetary Fund", "Federal Bureau of Investigation"). Two letters ("UN", "EU") match
    too much by chance: those are found by the name the aliases give them in full, if any."""
    letters = acronym.upper()
    if len(letters) < 3:
        return _named_as(letters)
    joint = r"[\s-]+(?:(?:of|the|for|and|on|de)\s+)*"
    return re.compile(r"\b" + joint.join(c + r"[a-z]{2,}" for c in letters) + r"\b")


def _named_as(acronym: str) -> re.Pattern | None:
    """A two-letter acronym's name in full, as the briefing's aliases give it ("UN": "United Nations", in any case:
    the dateline "UNITED NATIONS (AP)" names it too); None when no actor is known by it."""
    from summarizer.facts.actors import DEFAULT_ALIASES

    for names in DEFAULT_ALIASES.values():
        if acronym in names:  # of its names, those the acronym's letters spell ("United States", not "White House")
            full = {n for n in names if "".join(w[0] for w in n.split() if w[0].isupper()) == acronym and " " in n}
            full = sorted({re.sub(r"^the\s+", "", n) for n in full}, key=len, reverse=True)
            if full:
                return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in full) + r")\b",
                                  re.I)
    return None


def _sums(text: str) -> list[tuple[int, int]]:
    """Sums and rates, with the figure's hyphenated unit and a currency written as an adjective read whole."""
    out = []
    for start, end in amount_spans(text):
        while tail := _SUM_TAIL.match(text, end):
            end = tail.end()
        out.append((start, end))
    out += [m.span() for m in _ADJECTIVE_SUM.finditer(text)
            if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in out)]
    return sorted(out)


def _in_body(hit: dict, doc: dict) -> bool:
    """A sentence of the article's body; so is one that runs on from another in its paragraph, though it lacks
    a final stop ("... after dark, the flag of NATO was raised near the Tomb of the Unknown Soldier in Pilsudski
    Square", cut where the paragraph ends): a headline or a byline stands on a line of its own. ("By the end of
    the month ..." is told from a byline by `is_body_sentence` itself.)"""
    if is_body_sentence(hit, doc):
        return True
    before = doc["text"][max(0, hit["start"] - 3):hit["start"]]
    return len(hit["text"].split()) >= 8 and bool(re.search(r"[.!?][\"'”’)]?\s+$", before)) and "\n" not in before


def _choices(query: Query, candidates: list[Candidate], docs: dict[str, dict], anchors: Mapping[str, Anchor],
             role: Role | None = None, action: str | None = None, today: dt.date | None = None,
             speakers: Speakers | None = None) -> list[Choice]:
    """The best supported passages read as answers, each with the probability that it answers, best first.

    A passage holding an answer of the asked type (a date for "when", a count for "how many")
    gains, one without it loses; one where someone other than the asked-about actor did it, or
    that does not report the asked action, loses more. Nothing here is a gate: the best
    passage always wins, and its probability decides whether it is given as the answer.
    """
    kept = [c for c in candidates if not c.missing]
    top = kept[:CHECKED]
    if query.kind == "where":  # each of these will be parsed below, its entities read
        parse_many([c.hit["text"] for c in top])
    elif action is not None:  # each is read below for the verb of the asked action, if it may hold it
        parse_many([c.hit["text"] for c in top if may_say(verb_synonyms(action), c.hit["text"])], entities=False)
    if role is not None:
        parse_for(role, [c.hit["text"] for c in top])
    if role is not None and not any(acts_in(role, c.hit["text"], c.hit.get("before", "")) for c in top):
        # None of the best has the asked-about actor do it: read on among the passages naming the actor
        # with the verb or a synonym ("Washington insists" for "What did the US demand?"), which share
        # fewer of the question's words, until a few where the actor acts.
        more = [c for c in kept[CHECKED:CHECKED * 3] if c.features.get("actor_verb")]
        parse_for(role, [c.hit["text"] for c in more])  # in one batch: each is read below
        acting = [c for c in more if acts_in(role, c.hit["text"], c.hit.get("before", ""))]
        top += acting[:3]
    if not top:
        return []
    # News moves on: of two passages equally good, the newer one (a death toll rises, a date is revised).
    dates = sorted({_published(docs, c.hit) for c in top})
    newer = {d: i / max(len(dates) - 1, 1) for i, d in enumerate(dates)}
    speaker_words = _speaker_words(query)
    out = []
    for c in top:
        hit, doc = c.hit, docs[c.hit["document_id"]]
        f = dict(c.features, recency=newer[_published(docs, hit)])
        typed = _typed_answer(query, hit, doc, anchors.get(hit["document_id"]), role=role)
        if typed is not None and query.kind in ("count", "amount") and _repeats_question(query, typed[0]):
            typed = None  # "How much will it cost to rebuild the two embassies?" is not answered by "two"
        spanned = typed is not None and typed[0] != hit["text"]
        # "What is the fine?" where no sum is stated: the sentence naming the fine, or saying its size
        # is not known, answers as far as the sources go.
        named = typed is not None and query.focus == "money"
        if typed is None:
            typed = (hit["text"], [_cite(docs, hit)])
        if query.kind in SPAN_KINDS - {"say"}:
            if not spanned and named:
                f["typed_loose"] = 1.0
            elif not spanned:
                f["untyped"] = 1.0
            elif query.kind in ("count", "amount") and not _of_focus(query, hit["text"], typed[0]) or \
                    query.measure and not _measures_what(hit["text"], _span_in(typed[1][0], hit), query.measure):
                f["typed_loose"] = 1.0  # "1,600 feet away" for "how deep": a length, of something else
                f["off_focus"] = 1.0  # ... "253 people" for "how much explosive": it does not say what was asked
            elif query.kind == "when" and _dates_the_report(query, hit["text"], typed[1][0].start - hit["start"],
                                                            len(typed[0])):
                f["untyped"] = 1.0  # it says when the news came, not when the asked thing happened
            else:
                f["typed"] = 1.0
        if not spanned and not named and query.kind not in ("say", "yesno") and _UNKNOWN.search(hit["text"]):
            # "Five Iraqis, whose names were not disclosed", "determined what the bomb was made of": the passage
            # says the asked thing is not known, or only that someone found it out, not what it is
            f["untyped"] = 1.0
        if query.kind == "why":
            f["reason"] = float(bool(_reasons(hit["text"])))
            # A "why" answered by a passage giving no cause or motive does not say what was asked,
            # as a "when" answered without a date does not ("It gave no reason for the expulsions").
            f["untyped"] = 1.0 - f["reason"]
        if query.kind == "say":
            f["quote"] = float(bool(quote_spans(hit["text"])))
            f["said_by"] = float(bool(said_spans(hit["text"], speaker_words, hit.get("before", ""))))
        spoken = speakers is not None and done_by_anyone(role, hit["text"]) \
            and any(speakers.speaks_for(st, role) for st in speakers.in_passage(hit))
        if spoken:
            # X, or someone speaking for X, says it here ("Kavan said", "He said" after Freeh): the words
            # naming X count as present, as if the sentence had named X.
            f["said_by"] = 1.0
            words = words_of(hit["text"]) | speaker_words
            context = words | words_of(hit.get("before", ""))
            f.update(cov_sentence=max(f["cov_sentence"], coverage(query, words)),
                     cov_context=max(f["cov_context"], coverage(query, context)),
                     missing_context=min(f["missing_context"], float(len(missing_keys(query, context)))))
        if role is not None:
            if spoken or acts_in(role, hit["text"], hit.get("before", "")):
                f["acts"] = 1.0
                # The parse found the actor doing the asked thing, in the question's verb or a synonym
                # ("Washington insists" for "demand"): the verb is covered.
                verbs = {v.word for v in query.terms if v.pos == "VERB"}
                for name, words in (("cov_sentence", words_of(hit["text"])),
                                    ("cov_context", words_of(" ".join((hit["text"], hit.get("before", "")))))):
                    f[name] = max(f[name], coverage(query, words | verbs))
            elif query.kind != "what" or done_by_anyone(role, hit["text"]):
                f["other_actor"] = 1.0  # someone else did it, or the sentence never says the actor did
        if action is not None and not reports_action(action, hit["text"]):
            f["no_action"] = 1.0  # "Who won the derby?": not a sentence saying it was postponed
        if query.upcoming and today is not None and query.kind == "when":
            value, _ = _resolved((*typed, hit), anchors)
            if value and _before(value, today):
                f["past_for_next"] = 1.0  # last week's round is not the next one
        # What the coverage now counts (the speaker's words, the verb the parse found) counts for its thresholds too.
        f.update(context_half=float(f["cov_context"] >= 0.5), sentence_all=max(f["sentence_all"],
                                                                               float(f["cov_sentence"] >= 0.999)))
        out.append(Choice((*typed, hit), f))
    if query.focus == "money":  # "What is the fine?" in a story of two fines: the sum most sources give
        for choice in out:
            text = choice.found[0]
            carriers = {c.hit["document_id"] for c in top if text in c.hit["text"]}
            choice.features["carried"] = len(carriers) / len({c.hit["document_id"] for c in top})
    for choice in out:
        choice.score = score(choice.features)
    # The score ranks; what the question is about comes first: the asked-about actor's own act or
    # words before anyone else's ("What did the US demand?": not "Moscow rejected Kyiv's demand"),
    # and, for a sum, the one most sources give.
    # Of sums that answer the question equally fully, the one most sources give.
    full = max((ch.features["cov_topic"] for ch in out if ch.features.get("typed")), default=2.0)
    about = _about_best(query, out, speaker_words)

    def order(ch: Choice) -> tuple:
        return (bool(ch.features.get("body")),  # a headline or byline only when no sentence answers
                not ch.features.get("other_actor") and not ch.features.get("no_action"),
                bool(ch.features.get("said_by")) if query.kind == "say" and query.speaker else True,
                ch.features["cov_topic"] >= about - TOPIC_SLACK,
                ch.features.get("carried", 0.0) if query.focus == "money" and ch.features.get("typed")
                and ch.features["cov_topic"] >= full - 0.01 else -1.0,
                ch.score)
    out.sort(key=order, reverse=True)
    if query.kind == "who":
        # "Who owns the Dali?" is not answered by "the Singapore-based companies that own the Dali", nor
        # "Who was the captain?" by "a previous captain noted...": a "who" answer names someone. Only the
        # passages that come first are read for names (the recognizer on every candidate costs more than
        # the rest of the question): one naming nobody loses its place, and the next is read.
        named: set[int] = set()
        while out and id(out[0]) not in named and len(named) < WHO_READ:
            first = out[0]
            named.add(id(first))
            if not _names_someone(query, first.found[2]["text"]):
                first.features["untyped"] = 1.0
                first.score = score(first.features)
                out.sort(key=order, reverse=True)
    return out


def _about_best(query: Query, choices: list[Choice], speaker_words: set[str]) -> float:
    """For "what did X say about Y": the most of Y that any of X's own statements covers (0 when nothing is asked
    about, or X says nothing here); a statement of X's on another topic ranks after those on Y."""
    if query.kind != "say" or not query.speaker or not any(
            not t.optional and t.word not in speaker_words for t in query.terms):
        return 0.0
    return max((ch.features["cov_topic"] for ch in choices if ch.features.get("said_by")), default=0.0)


def _span_in(cite: Citation, hit: dict) -> tuple[int, int]:
    """Where a citation lies in its passage's text."""
    return cite.start - hit["start"], cite.end - hit["start"]


def _repeats_question(query: Query, span: str) -> bool:
    """Whether a figure is one the question itself states."""
    numbers = re.findall(r"\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", span.lower())
    return bool(numbers) and all(re.search(r"\b" + re.escape(n) + r"\b", query.text.lower()) for n in numbers)


def _dates_the_report(query: Query, text: str, at: int, length: int) -> bool:
    """Whether a date says when something was reported, not when the asked thing happened: "The Cape
    Argus reported today that a Tanzanian man was arrested" does not say when he was arrested."""
    if any(t.pos == "VERB" and t.word in _REPORTING for t in query.terms) or re.search(
            r"\b(?:report|say|said|announce|tell|told|confirm|disclose)", query.text, re.I):
        return False  # "When was the arrest announced?"
    span = syntax(text).char_span(at, at + length, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head.lemma_.lower() in _REPORTING


def _names_someone(query: Query, text: str) -> bool:
    """Whether the sentence names a person, group, company or country the question does not name itself;
    a person when the question asks who holds a post ("Who is Poland's ambassador to NATO?" is not
    answered by "the ambassadors of Hungary, Poland and the Czech Republic")."""
    labels = ("PERSON",) if _ASKS_HOLDER.search(query.text) else ("PERSON", "ORG", "NORP", "GPE")
    parsed = parse(text)
    # "the Singapore-based companies that own the Dali": a name that only describes a noun names nobody
    return any(not _describes(parsed, s) and not text[s[1]:s[1] + 1] == "-"
               for s in entity_spans(parsed, labels, {t.word for t in query.terms}))


def _names_measured(query: Query, text: str) -> bool:
    """Whether a sentence with no sum names what the question measures: "What is the fine?" is answered, as far as
    the sources go, by "the size of the fine was not disclosed"; "How big is Poland's army?" is not answered
    by "they had to cut the size of their militaries"."""
    if not query.measured:
        return True
    head = query.measured[-1]
    return bool(re.search(r"\b" + re.escape(head[:max(4, len(head) - 2)]), text.lower()))


def _no_years(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Bare numbers that are not years: "the Limitation of Liability Act of 1851", "in 1998" say when, not how
    many or how much (newswire writes a count of that size with a comma: "1,851 claims")."""
    return [sp for sp in _no_days(text, spans) if not _YEAR.fullmatch(text[sp[0]:sp[1]].rstrip(".,"))]


def _is_day(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is the day of a date ("on Aug. 7", "On 12 April")."""
    number = text[start:end].rstrip(".,")
    return number.isdigit() and 1 <= int(number) <= 31 and bool(
        _AFTER_MONTH.search(text[:start]) or _BEFORE_MONTH.match(text, start + len(number)))


def _no_days(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Counts that are not the day of a date: "On 12 April, an offer was made" counts nothing, and "on Aug. 7
    killed 258 people" counts from the 258 (the counted noun's number is the last one before it)."""
    out = []
    for start, end in spans:
        numbers = [m for m in _DIGITS.finditer(text, start, end)]
        while numbers and _is_day(text, numbers[0].start(), numbers[0].end()):
            numbers.pop(0)
            start = numbers[0].start() if numbers else end
        if start < end and (numbers or not text[start:start + 1].isdigit()):
            out.append((start, end))
    return out


def _of_focus(query: Query, text: str, span: str) -> bool:
    """Whether a figure counts or measures what the question asks about ("how many members": "19 members",
    "bring the total to 19 ... members"): the asked noun, or a synonym, within a few words of it."""
    focus = query.focus if query.focus not in (None, "money", "rate") else None
    if focus is None:
        return True
    from summarizer.answer.synonyms import synonyms

    at = text.find(span)
    near = words_of(text[max(0, at - 60):at + len(span) + 60])
    for noun in filter(None, (focus, query.head)):  # "how many crew members": either noun
        stem = noun.lower().rstrip("s")[: max(4, len(noun) - 2)]
        if any(w.startswith(stem) for w in near) or not synonyms(noun).isdisjoint(near):
            return True
    return False


def _before(value: str, today: dt.date) -> bool:
    """Whether a TIMEX3 date value (a day, week, month or year) is over before `today`."""
    from summarizer.dates.calendar import week_value

    if re.fullmatch(r"\d{4}-W\d\d", value):
        return value < week_value(today)
    day = value[:10]
    return bool(re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", day)) and day < today.isoformat()[:len(day)]


def _typed_answer(query: Query, hit: dict, doc: dict, anchor: Anchor | None, *, strict: bool = False,
                  role: Role | None = None) -> tuple[str, list[Citation]] | None:
    """The answering span (cited first) and its sentence, or None when the sentence is not that kind of answer.

    With a `role`, a span in the clause where the asked-about actor acts wins over one elsewhere in the sentence.
    """
    text, kind = hit["text"], query.kind
    # "How old was Nargeolet?": the figure nearest the name, not the one holding "old" ("his 19-year-old son")
    terms = term_positions(replace(query, terms=[t for t in query.terms if t.word != query.measure]), text)

    def pick(spans):  # nearest to the question's words, within the actor's clause when it has any
        if role is not None and spans:  # a place named elsewhere is not where the actor meets
            own = in_acting_clause(role, text, spans, hit.get("before", ""), only=kind == "where")
            # Where the parse finds the actor acting nowhere in it, the passage already counts as someone
            # else's act ("other_actor"); its places still answer "where", at that lower rank.
            spans = own if own or acts_in(role, text, hit.get("before", "")) else spans
        if kind == "when" and query.deadline and END_WORDS.search(query.text):
            spans = [sp for sp in spans if not _STARTS_FROM.search(text[:sp[0]])]
        if kind == "when" and len(spans) > 1:
            # "talks next week, with the deadline expiring in 10 days and the truce due to end by March 31":
            # for "when does the truce expire", the date whose own clause says most of the question.
            if query.until:  # "until when": the date something ends, wherever the question's words are
                spans = [sp for sp in spans if marks_an_end(text, sp)] or spans
            cover = {sp: coverage(query, words_of(clause_around(text, sp))) for sp in spans}
            spans = [sp for sp in spans if cover[sp] == max(cover.values())]
        return nearest(spans, terms)

    span = None
    if kind == "when":
        span = pick(date_spans(text, anchor.date, ahead=query.deadline or query.ahead))
    elif kind == "duration":
        span = pick(duration_spans(text, anchor.date))
    elif kind == "count":
        span = pick(_no_days(text, sorted(set(count_spans(text, query.focus)) | set(
            count_spans(text, query.head) if query.head else ())))) or (
            None if query.focus and any(t.word == query.focus.lower() for t in query.terms) else
            pick(_no_years(text, count_spans(text, None))))
    elif kind == "amount" and query.focus == "rate":
        # A rate is a share ("20.56 percent", never "7 days"), and one in force, not one someone wants:
        # "the coalition wants the rate raised above 35 percent" does not say what the rate is.
        span = pick([sp for sp in _sums(text) if re.search(r"%|per\s?cent", text[sp[0]:sp[1]], re.I)
                     and not proposed_span(text, sp)])
    elif kind == "amount" and query.focus == "money":
        # "What is the fine?": a sum set, not one someone asks for; failing that, the sentence naming it.
        span = pick([sp for sp in _sums(text) if not proposed_span(text, sp) and _of_measured(query, text, sp)])
        if span is None and not strict and _names_measured(query, text):
            return hit["text"], [_cite({doc["id"]: doc}, hit)]
    elif kind == "amount" and query.measure:
        span = pick(_measures(text, query.measure))
    elif kind == "amount":
        span = pick(_sums(text) or _no_years(text, count_spans(text, None)))
    elif kind == "say" and role is not None and not role.saying and role.verb != "write":
        span = None  # "what does X want": the sentence where X wants, demands or offers it, not a quote
    elif kind == "say":
        # "What did X say": X's whole statement, the sentence that carries the quote, never a fragment of it.
        span = pick(said_spans(text, _speaker_words(query), hit.get("before", "")))
        if span is None and (strict or not _reports(text)):
            return None
        span = None
    elif kind == "where":
        exclude = {t.word for t in query.terms}
        parsed = parse(text)
        spans = entity_spans(parsed, PLACE_LABELS, exclude)
        # "in Istanbul", "at the Ciragan Palace": a place where something happens, or an institution as the
        # venue: "at the World Trade Organization", "to the EU General Court"
        spans += [s for s in entity_spans(parsed, ("ORG",), exclude) if re.search(r"\bat\s+$", text[:s[0]])
                  or re.search(r"\b(?:to|before)\s+$", text[:s[0]]) and _VENUE.search(text[s[0]:s[1]])]
        premises = [s for s in entity_spans(parsed, ("ORG", "PERSON", "FAC"), exclude)
                    if _PREMISES_OF.search(text[:s[0]])]
        spans += [s for s in premises if s not in spans]
        # "in Nairobi, Kenya" does not say where for a question about Nairobi: the country only places the city
        spans = [s for s in spans if not _places_a_named_place(text[:s[0]], exclude)]
        located = [s for s in spans if re.search(r"\b(?:in|at|to|near|from)\s+(?:the\s+)?$", text[:s[0]])
                   or s in premises or _GATHERING.match(text[s[1]:]) and _AT_GATHERING.search(text[:s[0]])]
        # never a name that only describes a noun: "the new US anti-dumping duties" says nothing of where
        spans = located if strict else located or [s for s in spans if not _describes(parsed, s)]
        # "The Dutch consulate in Harrowgate is working out of ...": which consulate, not where it works
        spans = [s for s in spans if not _places_the_asked(parsed, s, exclude)] or spans
        span = pick(spans)
        if span is None:
            return None
    elif kind == "why" and not _reasons(text):
        return None
    # A "who" answer is its sentence as it stands, whether or not it names someone (nothing is typed for "who"):
    # it is not parsed for names here.
    if kind in SPAN_KINDS - {"say"} and span is None:
        return None
    sentence = _cite({doc["id"]: doc}, hit)
    if span is None:
        return sentence.quote, [sentence]
    quoted = Citation.from_document(doc, hit["start"] + span[0], hit["start"] + span[1])
    return quoted.quote, [quoted, sentence]


_FIGURE = r"\d[\d,.]*(?:\s+\d/\d)?"
_LENGTH = re.compile(_FIGURE + r"[\s-]*(?:feet|foot|ft|met(?:re|er)s?|m|km|kilomet(?:re|er)s?|(?:nautical\s+)?miles?|"
                     r"yards?|inches|cm)\b", re.I)
# Units of each measure a "how <adjective>" question asks ("how old": "(77)" after a name, "77-year-old", "aged 77").
_UNITS = {
    "length": _LENGTH,
    "old": re.compile(r"\(\d{1,3}\)|\b\d{1,3}-year-old\b|\baged\s+\d{1,3}\b|\b\d{1,3}\s+years?\s+old\b", re.I),
    "fast": re.compile(_FIGURE + r"\s*(?:mph|km/h|kph|knots|(?:miles|kilomet(?:re|er)s)\s+(?:per|an)\s+hour)\b", re.I),
    "heat": re.compile(_FIGURE + r"\s*(?:degrees|°)", re.I),
}
_MEASURE_UNIT = {"deep": "length", "far": "length", "tall": "length", "wide": "length", "close": "length",
                 "near": "length", "old": "old", "fast": "fast", "hot": "heat", "cold": "heat"}


# Words beside a length that say which length it is: "13,000 feet below" is a depth, "1,600 feet away" a distance.
_LENGTH_OF = {"deep": r"below|beneath|deep|depths?|down|under\w*",
              "far": r"away|from|off|of|north|south|east|west|distant|distance",
              "tall": r"tall|high|height", "wide": r"wide|across|width"}


def _measures(text: str, measure: str) -> list[tuple[int, int]]:
    """Figures in the unit the question's adjective asks for: "How deep?" is "13,000 feet", never "five people";
    of lengths, the ones a word beside them says are of that kind first ("13,000 feet below" for "how deep", not
    "1,600 feet away")."""
    spans = [m.span() for m in _UNITS[_MEASURE_UNIT[measure]].finditer(text)]
    return [sp for sp in spans if _measures_what(text, sp, measure)] or spans


def _measures_what(text: str, span: tuple[int, int], measure: str) -> bool:
    """Whether a word beside the length says it is the asked kind of length (any figure in other units is)."""
    kind = _LENGTH_OF.get({"close": "far", "near": "far"}.get(measure, measure))
    if kind is None:
        return True
    after = re.compile(r"(?:\s*\([^)]*\))?[\s,]*(?:" + kind + r")\b", re.I)  # "2 1/2 miles (4 km) beneath"
    return bool(after.match(text, span[1]) or re.search(r"\b(?:" + kind + r")\s+$", text[:span[0]], re.I))


def _places_a_named_place(before: str, named: set[str]) -> bool:
    """Whether a name follows one the question names and a comma ("Nairobi, Kenya"; "Independence, Missouri")."""
    last = re.search(r"([\w.'’-]+)\s*,\s*$", before)
    return bool(last) and bool(words_of(last.group(1)) & named)


def _places_the_asked(parsed, span: tuple[int, int], asked: set[str]) -> bool:
    """Whether the place says which of the things the question names is meant: "the consulate in Harrowgate"."""
    found = parsed.char_span(*span, alignment_mode="expand")
    if found is None:
        return False
    prep = found.root.head
    return prep.dep_ == "prep" and prep.head.pos_ in ("NOUN", "PROPN") and prep.head.lower_ in asked


def _describes(parsed, span: tuple[int, int]) -> bool:
    found = parsed.char_span(*span, alignment_mode="expand")
    return found is not None and describes_a_thing(parsed, found.start, found.end)


def _published(docs: dict[str, dict], hit: dict) -> str:
    return docs[hit["document_id"]].get("published") or ""


def _anchors(store, docs: dict[str, dict]) -> LazyAnchors:
    """Anchors as the briefing finds them: an undated document's copy, its own text, its corroborating source."""
    twins = store.documents({d["duplicate_of"] for d in docs.values()
                             if d.get("duplicate_of") and not d.get("published") and d["duplicate_of"] not in docs})
    return LazyAnchors([*docs.values(), *twins.values()])  # only the documents quoted from are asked for


def _resolved(found, anchors: Mapping[str, Anchor]) -> tuple[str | None, bool]:
    """The TIMEX3 value of a "when" answer's quoted span, resolved as the briefing would, and whether
    it is approximate (its document had no date of its own)."""
    from summarizer.dates.timex import find_timexes

    if not found:
        return None, False
    _, cites, hit = found
    anchor = anchors[hit["document_id"]]
    offset = cites[0].start - hit["start"]
    value = next((t.value for t in find_timexes(hit["text"], anchor.date) if t.start == offset), None)
    return value, anchor.approximate


def _placed(text: str, value: str | None, approximate: bool, source: str | None = None) -> str:
    """"Wednesday (Wed 23 Jul 2025)": a quoted date the reader cannot place without its article, placed.

    `value` is the quote's TIMEX3 value; a quote that names its year is left as it is. `source`, when
    given, goes in the same brackets: "September 3 (Wed 3 Sep 2025, Neva Business Daily)"; so does
    "proposed" for a date someone only proposed.
    """
    label = ""
    if value and not re.search(r"\b\d{4}\b", text):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
            day = dt.date.fromisoformat(value[:10])
            label = f"{day:%a} {day.day} {day:%b %Y}"
        elif re.fullmatch(r"\d{4}-\d{2}", value):
            label = f"{dt.date.fromisoformat(value + '-01'):%B %Y}"
        label += ", approximate" if label and approximate else ""
    inside = ", ".join(x for x in (label, source) if x)
    return f"{text} ({inside})" if inside else text


def _of_measured(query: Query, text: str, span: tuple[int, int]) -> bool:
    """Whether a figure is of what the question measures: "fined Apple €500 million" for the fine, not for
    the "periodic penalty payments" named a clause later."""
    near = text[max(0, span[0] - 40):span[1] + 40].lower()
    return not query.measured or any(re.search(r"\b" + re.escape(w[:max(4, len(w) - 2)]), near) for w in query.measured)


def _disputed(store, question: str, hit: dict, hits: list[dict], topics: list[str] | None
              ) -> tuple[str, list[Citation]] | None:
    """When another outlet contradicts the answer's sentence on what the question asks about ("Will Apple
    appeal?", not "What is the fine?"): what each side says, and the other side's citations.

    The other side need not hold the question's words ("Has Apple decided to appeal?" against "Apple will
    appeal"): when the answer denies something, the sentences that could assert it are looked up too.
    """
    rows = {h["id"]: h for h in hits}
    for words in denied_words(hit["text"]):
        rows.update((h["id"], h) for h in store.search_sentences_groups([[w] for w in words], limit=POOL,
                                                                         topics=topics))
    docs = store.documents({h["document_id"] for h in rows.values()})
    asked = set(stems(question))
    for c in find_contradictions(list(docs.values()), list(rows.values())):
        if c.about in asked and any(s["id"] == hit["id"] for _, s in c.citations):
            others = [Citation.from_document(d, s["start"], s["end"]) for d, s in c.citations
                      if d["id"] != hit["document_id"]]
            return c.question.split("? ", 1)[-1], others
    return None


def _reports(text: str) -> bool:
    return bool(re.search(r"\b(?:said|says|told|asked|wants?|wanted|demand\w*|urged|called|warned|rejected|"
                          r"propos\w*|insist\w*|accus\w*|den(?:y|ied)|welcomed|wrote|announced|offered)\b", text))


def _speaker_words(query: Query) -> set[str]:
    if not query.speaker:
        return set()
    # "Turkey" speaks as "Türkiye" and "Erdoğan" too, "the United States" as "Washington"
    return set(actor_group(query.speaker)).union(*(actor_words(w) for w in words_of(query.speaker)
                                                   if len(w) > 1))


def _corroborating(hit: dict, answer: str, ranked: list[tuple[float, dict]], docs: dict[str, dict]) -> list[Citation]:
    """The same statement in other documents (republications, other outlets), cited too."""
    out = []
    for _, other in ranked:
        if other["document_id"] != hit["document_id"] and answer in other["text"]:
            out.append(_cite(docs, other))
    return out


def _leaned_on(store, query: Query, hit: dict, docs: dict[str, dict]) -> list[Citation]:
    """The neighbouring sentence that holds what the question asks and the answer's own sentence does not.

    An answer is chosen with its neighbours for context ("the airline's 14 aircraft will stay on the
    ground" after "the regulator suspended Skyline Air's licence"): the reader is shown that one too.
    """
    own = words_of(hit["text"])
    lacking = [t for t in query.terms if not t.optional and not matches(own, t)]
    if not lacking or "idx" not in hit:
        return []
    return [_cite(docs, row) for row in store.sentences_around(hit["document_id"], hit["idx"], before=1, after=1)
            if row["id"] != hit["id"] and any(matches(words_of(row["text"]), t) for t in lacking)][:1]


def _cite(docs: dict[str, dict], hit: dict) -> Citation:
    return Citation.from_document(docs[hit["document_id"]], hit["start"], hit["end"])


def _unique(citations: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in citations:
        if (c.document_id, c.start, c.end) not in seen:
            seen.add((c.document_id, c.start, c.end))
            out.append(c)
    return out
