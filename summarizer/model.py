"""The data a briefing and an answer are made of, and their JSON shapes (DESIGN.md contracts).

Engines produce these; renderers and adapters consume them. Every item carries
citations whose quote is a verbatim slice of a stored document's cleaned text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


FAILED_VERIFICATION = "failed verification"  # the `llm` block's failure when the model's output did not check out


class CitationError(ValueError):
    """A quote that is not a verbatim slice of its document: the item must not be shown."""


@dataclass(frozen=True)
class Citation:
    document_id: str
    source: str
    quote: str
    start: int
    end: int

    @classmethod
    def from_document(cls, document: dict, start: int, end: int) -> Citation:
        """Cite document text[start:end]; the only way engines should build a citation."""
        text = document["text"]
        if not (0 <= start < end <= len(text)):
            raise CitationError(f"offsets {start}:{end} outside document {document['id'][:12]}")
        return cls(document["id"], source_name(document), text[start:end], start, end)

    def verify(self, document: dict) -> None:
        if document["text"][self.start : self.end] != self.quote:
            raise CitationError(f"quote not found verbatim in {self.document_id[:12]} at {self.start}:{self.end}")


def source_name(document: dict) -> str:
    return document.get("source") or document.get("title") or document["id"][:12]


@dataclass
class Position:
    actor: str
    stance: str
    citations: list[Citation]
    aliases: list[str] = field(default_factory=list)
    sources: int = 1
    demands: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)  # what it puts on the table: "3.5 percent over two years"
    story: str | None = None


@dataclass
class Deadline:
    what: str
    due: str | None
    due_text: str
    status: str  # "upcoming" | "today" | "passed" | "void" (a newer report says it no longer holds) | "unknown"
    citations: list[Citation]
    due_end: str | None = None  # last day when the date is a period ("next week", "early September")
    anchor: str | None = None  # the date the relative expression was resolved from
    approximate: bool = False
    # Other dates other sources give for the same thing; {"superseded": True} marks an older reading a newer
    # report says was revised ("revised from 3 March").
    conflicts: list[dict] = field(default_factory=list)
    sources: int = 1
    story: str | None = None
    # Where it was first reported: the earliest-arrived sentence of every one that gives it
    # (displayed or not, main date or conflict), {"document_id", "start", "end"}. Reminders
    # key on it, so a better-worded copy arriving later does not make it a new deadline.
    first_report: dict | None = None
    # For a "void" deadline: the newer reports that say it no longer holds (one per source family).
    voided_by: list[Citation] = field(default_factory=list)


@dataclass
class OpenQuestion:
    question: str
    citations: list[Citation]
    story: str | None = None
    # A newer report that seems to settle it ("The two sides reached an agreement on Tuesday"): shown beside
    # the question, which is then ranked after the ones still open.
    answered_by: list[Citation] = field(default_factory=list)


@dataclass
class Development:
    summary: str
    citations: list[Citation]
    sources: int = 1
    story: str | None = None


@dataclass
class Briefing:
    topic: str
    generated_at: str
    since: str | None
    until: str
    documents: int
    positions: list[Position] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    developments: list[Development] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    duplicates: int = 0
    undated: int = 0
    engine: str = "extractive"
    stories: list[dict] = field(default_factory=list)
    # What the model engine did, when it was asked (LLMReport.to_json: model, passages sent and left out,
    # items kept and dropped, the failure that sent the offline engine in); None when it was not.
    llm: dict | None = None

    def to_json(self) -> dict:
        return {
            "topic": self.topic,
            "generated_at": self.generated_at,
            "window": {"since": self.since, "until": self.until},
            "documents": self.documents,
            "positions": [asdict(p) for p in self.positions],
            "deadlines": [asdict(d) for d in self.deadlines],
            "open_questions": [asdict(q) for q in self.open_questions],
            "developments": [asdict(d) for d in self.developments],
            "stories": self.stories,
            "engine": self.engine,
            "llm": self.llm,
        }

    def is_empty(self) -> bool:
        return not (self.positions or self.deadlines or self.open_questions or self.developments)


@dataclass
class Answer:
    question: str
    answer: str | None
    answerable: bool
    citations: list[Citation]
    related: list[Citation] = field(default_factory=list)
    engine: str = "extractive"
    confidence: float | None = None  # the offline engine's score of its best passage, 0..1 (None: not scored)
    llm: dict | None = None  # as Briefing.llm

    def to_json(self) -> dict:
        out = {
            "question": self.question,
            "answer": self.answer,
            "answerable": self.answerable,
            "citations": [asdict(c) for c in self.citations],
            "related": [asdict(c) for c in self.related],
            "engine": self.engine,
            "llm": self.llm,
        }
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        return out
