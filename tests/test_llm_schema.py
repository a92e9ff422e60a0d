"""The strict JSON schema sent with each request, worked out once per output model."""

from __future__ import annotations

import pytest

from summarizer.llm.schema import AnswerOut, BriefOut, _strict_schema, response_format, strict_schema


@pytest.mark.parametrize("model", [AnswerOut, BriefOut])
def test_the_kept_schema_is_the_one_worked_out_afresh_and_each_caller_may_change_its_copy(model):
    fresh = _strict_schema.__wrapped__(model)
    first = strict_schema(model)
    assert first == fresh
    first["properties"].clear()  # a caller adding to or trimming its schema
    first["required"].append("injected")
    assert strict_schema(model) == fresh
    sent = response_format(model, "json_schema")["json_schema"]["schema"]
    sent["additionalProperties"] = True
    assert strict_schema(model) == fresh and strict_schema(model)["additionalProperties"] is False
