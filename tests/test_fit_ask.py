"""The held-out curve of `python -m benchmarks.fit_ask` reads each body of questions under a model fitted without it."""

from __future__ import annotations

from benchmarks.fit_ask import held_out_curves
from summarizer.answer.ranking import FEATURES


def _asked(story: str, score: float, right: bool) -> tuple[dict, list]:
    return {"story": story, "expected": ["x"]}, [([0.0] * len(FEATURES), right, score)]


def test_each_body_is_read_under_a_confidence_model_fitted_without_it():
    # In story "a" a high score means a right answer; in story "b" it means a wrong one. Fitted on "b" (and
    # a neutral team set), the model trusts low scores, so on "a" it answers the ten wrong ones and none of
    # the right ones; fitted on both stories it would trust neither and answer nothing at 0.6.
    a = [_asked("a", 5.0, True) for _ in range(10)] + [_asked("a", -5.0, False) for _ in range(10)]
    b = [_asked("b", 5.0, False) for _ in range(10)] + [_asked("b", -5.0, True) for _ in range(10)]
    team = [_asked("team", 0.0, True), _asked("team", 0.0, False)]
    held = held_out_curves(a + b, team)
    assert set(held) == {"a", "b", "team questions"}
    by_threshold = {round(row[0], 2): row for row in held["a"]}
    _, correct, answerable, declined, unanswerable, wrong = by_threshold[0.6]
    assert (correct, wrong, answerable) == (0, 10, 20)
