"""Answer: a question answered from the store by the offline engine, with cited quotes.

May import every stage to its left, `briefing` included (a deadline question is
answered with the date the briefing gives); never `llm`.
"""

from summarizer.answer.extractive import NOT_FOUND, answer_question

__all__ = ["NOT_FOUND", "answer_question"]
