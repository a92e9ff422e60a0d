"""What the LLM must return, as pydantic models, and the strict JSON schema sent for them.

pydantic emits nested models as `$defs` + `$ref`, which several OpenAI-compatible
servers (and grammar-constrained decoders) reject or ignore, so `strict_schema`
inlines every reference and applies the strict-mode rules itself (every property
required, no additional properties). The models stay flat: no unions, no Optional,
no defaults; "unknown" is an empty string, never null.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")  # json_object mode: stray keys are harmless, missing ones are not


class QuoteOut(_Out):
    passage: int
    quote: str


class AnswerOut(_Out):
    answer: str
    answerable: bool
    citations: list[QuoteOut]


class PositionOut(_Out):
    actor: str
    stance: str
    citations: list[QuoteOut]


class DeadlineOut(_Out):
    what: str
    due: str  # YYYY-MM-DD, or "" when the sources give no resolvable date
    due_text: str
    citations: list[QuoteOut]


class QuestionOut(_Out):
    question: str
    citations: list[QuoteOut]


class DevelopmentOut(_Out):
    summary: str
    citations: list[QuoteOut]


class BriefOut(_Out):
    positions: list[PositionOut]
    deadlines: list[DeadlineOut]
    open_questions: list[QuestionOut]
    developments: list[DevelopmentOut]


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with every `$ref` inlined, strict-mode ready, titles removed.

    Worked out once per model (pydantic builds a schema in a few milliseconds, and every request asks for
    it three times); each caller gets its own copy to change.
    """
    return copy.deepcopy(_strict_schema(model))


@lru_cache(maxsize=None)
def _strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    raw = model.model_json_schema()
    defs = raw.pop("$defs", {})

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(n, seen) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name in seen:
                raise ValueError(f"recursive model {name} cannot be inlined")
            merged = {**copy.deepcopy(defs[name]), **{k: v for k, v in node.items() if k != "$ref"}}
            return walk(merged, (*seen, name))
        out = {k: walk(v, seen) for k, v in node.items() if k not in ("title", "default", "properties")}
        if "properties" in node:  # field names are keys here, not schema keywords: keep them all
            out["properties"] = {name: walk(v, seen) for name, v in node["properties"].items()}
        if out.get("type") == "object":
            out["additionalProperties"] = False
            out["required"] = list(out.get("properties", {}))
        return out

    return walk(raw, ())


def response_format(model: type[BaseModel], mode: str) -> dict[str, Any]:
    """The `response_format` request field for a mode ("json_schema" or "json_object")."""
    if mode == "json_object":
        return {"type": "json_object"}
    return {"type": "json_schema", "json_schema": {"name": model.__name__, "strict": True,
                                                     "schema": strict_schema(model)}}
