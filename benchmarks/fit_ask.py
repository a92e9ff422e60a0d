"""Fit the answer ranker's weights on development questions only: `python -m benchmarks.fit_ask`.

Training data: the AQUAINT development stories (benchmarks/data/questions.jsonl, split
"dev") and the team's own question set (tests/fixtures/qa/questions.json). Every
candidate passage the engine reads for a question is one example, labelled by
whether it shows one of the question's expected strings. A logistic regression
(L2, plain gradient descent; deterministic) gives the weights written to
summarizer/answer/ranking_weights.json, and the script prints the development
precision/recall curve the decline threshold is read from. The test half is never
read here.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.questions import (
    build_store,
    contains_expected,
    load_questions,
    story_days,
)
from summarizer.answer import extractive, ranking
from summarizer.answer.ranking import (
    CONFIDENCE_FEATURES,
    FEATURES,
    WEIGHTS,
    penalty,
)

ROOT = Path(__file__).resolve().parent.parent
QA = ROOT / "tests" / "fixtures" / "qa"
L2_CHOICES = (0.5, 1.0, 2.0, 4.0)  # the ranker's L2 is the one that generalises best from one dev story to the other


def _examples(store, items: list[dict], day_of) -> list[tuple[dict, list[tuple[list[float], bool]]]]:
    """Per question: its candidates' feature vectors and labels."""
    out = []
    by_id = {q["id"]: q for q in items if "id" in q}
    said: dict[str, str] = {}
    for item in items:
        context, prev = [], item.get("follow_up_of")
        while prev:
            context.insert(0, by_id[prev]["question"])
            prev = by_id[prev].get("follow_up_of")
        scored: dict = {}
        parses = extractive.StoredParses(store)
        with extractive.stored_parses(parses):  # as answer_question reads them
            answer = extractive._answer(store, item["question"], topics=None, limit=3, today=day_of(item),
                                        context=context or None,
                                        previous_answer=said.get(item.get("follow_up_of") or ""),
                                        scored=scored, parses=parses)
        if "id" in item:
            said[item["id"]] = " ".join([answer.answer or ""] + [c.quote for c in answer.citations[:2]])
        rows = []
        for choice in scored.get("choices", []):  # in the engine's own order: the first is its answer
            text, _, hit = choice.found
            label = bool(item.get("expected")) and contains_expected(item, [text, hit["text"]])
            rows.append(([choice.features.get(f, 0.0) for f in FEATURES], label, choice.score))
        out.append((item, rows))
    return out


def fit_ranker(examples, l2: float) -> np.ndarray:
    """Weights that put a right passage first: softmax over each question's candidates (listwise), L2."""
    groups = [(np.array([f for f, _, _ in rows]), np.array([lab for _, lab, _ in rows], dtype=float))
              for _, rows in examples if rows and any(lab for _, lab, _ in rows)]
    w = np.zeros(len(FEATURES))
    for _ in range(3000):
        grad = l2 * w
        for x, y in groups:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = p * y / (p * y).sum()  # the softmax restricted to right passages
            grad -= x.T @ (q - p)
        w -= 0.05 * grad / len(groups)
    return w


def first_right(examples, w: np.ndarray) -> int:
    """How many questions the weights answer with a right passage first."""
    return sum(1 for _, rows in examples
               if rows and rows[int(np.argmax(np.array([f for f, _, _ in rows]) @ w))][1])


def pick_l2(examples, team_examples) -> tuple[float, dict]:
    """The L2 under which weights fitted on all but one body of questions (each dev story, the team's
    own set) put a right passage first most often in the one left out: the ranker has about as many
    features as a story has questions, and a strength that only fits the questions it was fitted on
    would not carry to new stories."""
    bodies = [[e for e in examples if e[0]["story"] == story] for story in sorted({i["story"] for i, _ in examples})]
    bodies.append(team_examples)
    held_out = {}
    for l2 in L2_CHOICES:
        held_out[l2] = sum(first_right(body, fit_ranker([e for other in bodies if other is not body for e in other],
                                                        l2))
                           for body in bodies)
    best = max(held_out.values())
    return max(l2 for l2 in L2_CHOICES if held_out[l2] == best), held_out


def fit_confidence(examples) -> tuple[dict, list]:
    """A logistic model of "the engine's answer is right": the top passage's score, its lead over the
    next one, and what its document covers of the question (CONFIDENCE_FEATURES). A question with no
    candidate is declined."""
    rows = []
    for item, cands in examples:
        if not cands:
            rows.append((item, None, False, {}))
            continue
        features, ok, best = cands[0]
        margin = best - cands[1][2] if len(cands) > 1 else 1.0
        named = dict(zip(FEATURES, features))
        rows.append((item, [best, margin] + [named[f] for f in CONFIDENCE_FEATURES],
                     bool(item.get("expected")) and ok, named))
    x = np.array([r[1] for r in rows if r[1] is not None])
    y = np.array([r[2] for r in rows if r[1] is not None], dtype=float)
    a, b = np.zeros(x.shape[1]), 0.0
    for _ in range(20000):
        p = 1 / (1 + np.exp(-(x @ a + b)))
        a -= 0.1 * (x.T @ (p - y) / len(y) + 0.01 * a)
        b -= 0.1 * float(np.mean(p - y))
    names = ["score", "margin", *CONFIDENCE_FEATURES]
    model = {n: round(float(v), 4) for n, v in zip(names, a)} | {"bias": round(float(b), 4), "alone": 1.0}
    return model, rows


def curve(rows, model) -> list[tuple[float, int, int, int, int, int]]:
    """(threshold, correct, answerable, declined, unanswerable, wrong) for the top passage of each question."""
    names = ["score", "margin", *CONFIDENCE_FEATURES]
    tops = []
    for item, x, ok, named in rows:
        p = 0.0 if x is None else 1 / (1 + np.exp(-(model["bias"] + sum(model[n] * v for n, v in zip(names, x)))))
        p *= penalty(named) if x is not None else 1.0
        tops.append((p, ok, bool(item.get("expected"))))
    answerable = sum(a for *_, a in tops)
    out = []
    for thr in [x / 20 for x in range(1, 20)]:
        correct = sum(1 for p, ok, ans in tops if ans and ok and p >= thr)
        wrong = sum(1 for p, ok, ans in tops if p >= thr and not (ans and ok))
        declined = sum(1 for p, ok, ans in tops if not ans and p < thr)
        out.append((thr, correct, answerable, declined, len(tops) - answerable, wrong))
    return out


def held_out_curves(examples, team_examples) -> dict[str, list]:
    """The curve of each body of questions (each dev story, the team's own set) under a confidence model
    fitted without it: what a threshold does on questions the model has not seen, which the in-sample
    curve flatters (it was fitted on the very answers it is read on)."""
    bodies = {story: [e for e in examples if e[0]["story"] == story] for story in sorted({i["story"] for i, _ in examples})}
    bodies["team questions"] = team_examples
    out = {}
    for name, body in bodies.items():
        model, _ = fit_confidence([e for other, b in bodies.items() if other != name for e in b])
        out[name] = curve(fit_confidence(body)[1], model)
    return out


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="briefbot-fit-"))
    store = build_store(work / "newswire")
    if store is None:
        print("needs ../shared/corpus/tbaq", file=sys.stderr)
        return 1
    # The candidates each question reads depend on the ranker's first pass: fit from the hand-set weights,
    # so that a refit reproduces the same file.
    WEIGHTS.unlink(missing_ok=True)
    ranking._model.cache_clear()
    days = story_days()
    dev = [q for q in load_questions() if q["split"] == "dev"]
    examples = _examples(store, dev, lambda item: days[item["story"]])
    sys.path.insert(0, str(ROOT / "tests"))
    from test_answer import TODAY
    from test_answer import build_store as qa_store

    team = qa_store(work / "qa")
    qa = json.loads((QA / "questions.json").read_text(encoding="utf-8"))
    team_items = qa["answerable"] + [dict(q, expected=[]) for q in qa["unanswerable"]]
    team_examples = _examples(team, team_items, lambda item: TODAY)
    l2, held_out = pick_l2(examples, team_examples)
    print("right passage first in the body of questions left out, by L2: "
          + ", ".join(f"{k}: {v}" for k, v in held_out.items()) + f" -> {l2}")
    w = fit_ranker(examples + team_examples, l2)
    weights = {f: round(float(v), 4) for f, v in zip(FEATURES, w)}
    WEIGHTS.write_text(json.dumps({"weights": weights, "confidence": ranking._model()["confidence"]}))
    ranking._model.cache_clear()
    # The confidence model reads the engine's own answers, ranked with the weights just fitted.
    examples = _examples(store, dev, lambda item: days[item["story"]])
    team_examples = _examples(team, team_items, lambda item: TODAY)
    model, _ = fit_confidence(examples + team_examples)
    WEIGHTS.write_text(json.dumps({"fitted": dt.date.today().isoformat(), "l2": l2, "weights": weights,
                                   "confidence": model}, indent=1) + "\n")
    ranking._model.cache_clear()
    print(f"wrote {WEIGHTS}")
    print("threshold  correct/answerable  declined/unanswerable  wrong/all")
    for name, ex in (("AQUAINT dev", examples), ("team questions", team_examples)):
        print(name)
        for thr, c, a, d, u, wr in curve(fit_confidence(ex)[1], model):
            print(f"  {thr:.2f}  {c}/{a}  {d}/{u}  {wr}/{a + u}")
    # The threshold (extractive.ANSWER_AT) is read from these: each body under a model fitted on the others.
    held = held_out_curves(examples, team_examples)
    print("held out: threshold  AQUAINT dev stories (summed)  |  team questions")
    dev_curves = [c for name, c in held.items() if name != "team questions"]
    for i, (thr, *_) in enumerate(held["team questions"]):
        c, a, d, u, wr = (sum(cv[i][k] for cv in dev_curves) for k in range(1, 6))
        _, tc, ta, td, tu, tw = held["team questions"][i]
        print(f"  {thr:.2f}  {c}/{a}  {d}/{u}  {wr}/{a + u}  |  {tc}/{ta}  {td}/{tu}  {tw}/{ta + tu}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
