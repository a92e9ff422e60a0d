"""How well a passage answers a question: a few measured signals, weighed by fitted models.

Every candidate passage gets the same features (how much of the question it and its
context cover, whether it holds an answer of the asked type, whether the asked-about
actor is the one acting, how new it is...). A ranker weighs them into a score, fitted
to put a right passage first among each question's candidates; a small logistic model
turns the best passage's score and its lead over the next into the probability that
it answers, which the decline threshold reads. Nothing here rules a passage out: a
missing word or a missing date only lowers its score.

Both are fitted on development questions only (`python -m benchmarks.fit_ask`: the
AQUAINT dev stories and the team's own question set) and kept in
`ranking_weights.json` beside this file.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("ranking_weights.json")

FEATURES = (
    "cov_sentence",      # share of the question's weight in the sentence
    "cov_context",       # ... in the sentence and its neighbours
    "cov_document",      # ... in its document and title
    "cov_local",         # ... in the sentence, weighing words by how rare they are among the candidates
    "context_half",      # the sentence and its neighbours cover at least half of the question
    "document_most",     # the document covers at least three quarters of it
    "sentence_all",      # the sentence alone covers all of it
    "retrieval",         # 1 / (1 + rank / 10) in the full-text search
    "typed",             # an answer of the asked type, of what was asked ("19 members" for "how many members")
    "typed_loose",       # an answer of the asked type, of something else ("50 years" for "how many people")
    "untyped",           # the question asks for a date, figure, place, person or quote, and the passage has none
    "reason",            # a "why" question and a causal clause ("because", "arguing that")
    "speaker",           # a "what did X say" question and X (or an alias) named in the passage or just before
    "quote",             # a "what did X say" question and a quotation in the passage
    "said_by",           # ... and the quotation is X's (X named as its speaker, or "he said" after X)
    "cov_topic",         # share of the question's weight apart from the speaker's name, in the passage
    "off_topic",         # a "what did X say about Y" question and Y is not in the passage
    "actor_verb",        # the passage names the asked-about actor and the asked verb or a synonym of it
    "acts",              # the asked-about actor does the asked thing in the passage
    "other_actor",       # someone else does it, or the passage never says the actor did
    "no_action",         # a "who did X" question and the passage does not report X
    "past_for_next",     # "when is the next ..." and the date is past
    "missing_context",   # names and numbers of the question missing from the passage and its neighbours
    "missing_rare",      # rare nouns of the question missing from the whole document
    "body",              # a sentence of the article's body (not a headline, byline or teaser)
    "recency",           # 0 for the oldest candidate document, 1 for the newest
    "carried",           # share of the candidate documents that state the same figure (sums)
    "bm25",              # Okapi BM25 of the sentence over the question's words, as a share of the best candidate's
)


@lru_cache(maxsize=1)
def _model() -> dict:
    if WEIGHTS.exists():
        return json.loads(WEIGHTS.read_text(encoding="utf-8"))
    # Hand-set until fitted: coverage and an answer of the asked type count most.
    return {"weights": {"cov_sentence": 2.5, "cov_context": 1.0, "cov_document": 0.5, "cov_local": 1.5,
                        "retrieval": 0.5, "typed": 1.0, "typed_loose": 0.2, "untyped": -1.5, "reason": 0.8,
                        "speaker": 0.8, "quote": 0.5, "acts": 0.5, "other_actor": -1.5, "no_action": -1.0,
                        "past_for_next": -1.0, "missing_context": -0.8, "missing_rare": -1.0, "body": 0.5,
                        "recency": 0.2, "carried": 0.5},
            "confidence": {"score": 1.0, "margin": 1.0, "bias": -3.0}}


def score(features: dict[str, float]) -> float:
    """How well a passage answers, on the ranker's scale (higher is better; only the order matters)."""
    w = _model()["weights"]
    return sum(w.get(f, 0.0) * features.get(f, 0.0) for f in FEATURES)


OTHER_ACTOR = 0.5  # the confidence left when the best passage has someone else do it
UNTYPED = 0.5  # ... when it does not say what was asked (no date for "when", no winner for "who won")
CONFIDENCE_FEATURES = ("cov_document", "cov_context", "missing_rare", "missing_context", "untyped", "document_most",
                       "other_actor", "no_action", "past_for_next", "acts")


def confidence(best: float, runner_up: float | None, features: dict[str, float] | None = None) -> float:
    """The probability that the best passage answers: from its score, its lead over the next one,
    and what its document covers of the question.

    A passage far ahead of every other is more likely right than one in a close race; one whose
    document never names what the question is specifically about is likely about something else.
    """
    c = _model()["confidence"]
    margin = best - runner_up if runner_up is not None else c.get("alone", 1.0)
    z = c["bias"] + c["score"] * best + c["margin"] * margin
    z += sum(c.get(f, 0.0) * (features or {}).get(f, 0.0) for f in CONFIDENCE_FEATURES)
    sure = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return sure * penalty(features or {})


def penalty(f: dict[str, float]) -> float:
    """What is left of the confidence, by rules kept apart from the fit.

    A passage where someone other than the asked-about actor does it speaks of a different actor:
    "Russia launched 426 drones" does not say how many Ukraine launched. Real copy trips the role
    check often enough that the fitted weight stays small. Likewise a passage that does not say what
    was asked, though it may be the right one: a "when" or "how many" with no date or figure in it,
    a "who won" where nobody wins, a "what did X say about Y" where X says nothing of Y, a figure of something
    other than the asked ("253 people" for "how much explosive"; the feature `off_focus`, outside the fit).
    """
    left = OTHER_ACTOR if f.get("other_actor") else 1.0
    return left * (UNTYPED if f.get("untyped") or f.get("no_action") or f.get("off_topic") or f.get("off_focus")
                   else 1.0)
