"""A first question-answering engine: full-text search with citations, and abstention.

A question is answered only when a sentence in the store covers most of what the
question is about; otherwise the answer is "not found" with the closest
sentences offered as related, never passed off as an answer.
"""

from __future__ import annotations

from summarizer.central import content_words
from summarizer.model import Answer, Citation

QUESTION_WORDS = {"who", "what", "when", "where", "why", "how", "which", "whom", "whose", "did", "does", "say", "said"}
MIN_COVERAGE = 0.6
NOT_FOUND = "I found nothing on that in the sources for this channel."


def answer_question(store, question: str, *, topics: list[str] | None = None, limit: int = 3) -> Answer:
    """Best-matching sentences (FTS5, BM25) that cover the question's content words."""
    wanted = content_words(question) - QUESTION_WORDS
    if not wanted:
        return Answer(question, None, False, [])
    hits = store.search_sentences(" ".join(sorted(wanted)), limit=50, topics=topics)
    docs = store.documents(h["document_id"] for h in hits)
    scored = []
    for rank, hit in enumerate(hits):
        words = content_words(hit["text"])
        coverage = len(wanted & _stems(words, wanted)) / len(wanted)
        scored.append((coverage, -rank, hit))
    scored.sort(key=lambda t: (-t[0], -t[1]))
    good = [h for cov, _, h in scored if cov >= MIN_COVERAGE]
    cite = lambda h: Citation.from_document(docs[h["document_id"]], h["start"], h["end"])  # noqa: E731
    if not good:
        return Answer(question, NOT_FOUND, False, [], related=[cite(h) for _, _, h in scored[:limit]])
    citations, seen = [], set()
    for hit in good:
        if hit["text"] in seen:
            continue
        seen.add(hit["text"])
        citations.append(cite(hit))
        if len(citations) == limit:
            break
    return Answer(question, citations[0].quote, True, citations)


def _stems(words: set[str], wanted: set[str]) -> set[str]:
    """Words of a sentence that match a wanted word, allowing simple inflections (talk/talks/talked)."""
    matched = set()
    for w in wanted:
        stem = w[:-1] if w.endswith("s") else w
        if any(x == w or x.startswith(stem[: max(4, len(stem) - 2)]) for x in words):
            matched.add(w)
    return matched
