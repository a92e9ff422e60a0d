"""One structured chat completion, with bounded retries, a timeout and the json_object fallback.

The openai client's own retry loop is switched off (max_retries=0): it honours
Retry-After for up to two minutes and retries timeouts too, which is too long for
a chat command, and its sleeps cannot be observed or skipped in tests. Here:
429/5xx/connection errors are retried up to `max_retries` times with exponential
backoff (Retry-After honoured up to `MAX_WAIT`, beyond that we give up at once);
a timeout is not retried (the caller has an extractive answer ready).

Structured output goes through `chat.completions.create` with an explicit
`response_format` rather than `.parse(response_format=Model)`: `.parse` sends
pydantic's schema with `$defs`/`$ref`, which some compatible servers reject, and
both modes then share one validation path (pydantic on `message.content`).
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass

import openai
from pydantic import BaseModel, ValidationError

from summarizer.llm.schema import response_format, strict_schema

BACKOFF_BASE = 0.5
BACKOFF_MAX = 8.0
MAX_WAIT = 30.0  # a Retry-After longer than this means: fall back now
SCHEMA_WORDS = ("response_format", "json_schema", "structured output")


class LLMError(Exception):
    """The engine could not produce a valid result; the caller falls back to the extractive engine.

    `reason` is the short form a footer shows ("timeout", "rate limited", "tool call"...).
    """

    def __init__(self, message: str, report=None, *, reason: str = "error"):
        super().__init__(message)
        self.report = report
        self.reason = reason


@dataclass
class CallStats:
    mode: str = "json_schema"
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0


def request_structured(client: openai.OpenAI, *, model: str, system: Callable[[str, dict], str], user: str,
                       out: type[BaseModel], stats: CallStats, max_retries: int, timeout: float,
                       sleep: Callable[[float], None] = time.sleep) -> BaseModel:
    """The validated `out` object; raises LLMError when it gives up. `system(mode, schema)` builds the system prompt."""
    schema = strict_schema(out)
    retries = 0
    while True:
        stats.attempts += 1
        started = time.monotonic()
        try:
            completion = client.chat.completions.create(
                model=model,
                messages=[{"role": "system", "content": system(stats.mode, schema)},
                          {"role": "user", "content": user}],
                response_format=response_format(out, stats.mode),
                temperature=0,
                timeout=timeout,
            )
        except openai.APITimeoutError as err:
            raise LLMError(f"no reply within {timeout:g} s", reason="timeout") from err
        except (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError) as err:
            wait = _retry_wait(err, retries)
            if retries >= max_retries or wait is None:
                raise LLMError(f"giving up after {stats.attempts} attempts: {_describe(err)}",
                               reason=_transient_reason(err)) from err
            retries += 1
            sleep(wait)
            continue
        except openai.BadRequestError as err:
            if stats.mode == "json_schema" and _rejects_schema(err):
                stats.mode = "json_object"
                continue
            raise LLMError(f"request rejected: {_describe(err)}", reason="request rejected") from err
        except openai.APIStatusError as err:
            raise LLMError(f"request failed: {_describe(err)}", reason=f"HTTP {err.status_code}") from err
        except (openai.OpenAIError, ValueError) as err:  # e.g. a 200 whose body is not JSON at all
            raise LLMError(f"unusable reply: {_describe(err)}", reason="unusable reply") from err
        finally:
            stats.latency_s += time.monotonic() - started
        _count_usage(completion, stats)
        content = _content(completion)
        try:
            return out.model_validate_json(content)
        except ValidationError as err:
            # Either the model broke the schema or the server ignored json_schema:
            # one more try with the schema spelled out in the prompt, then give up.
            if stats.mode == "json_schema":
                stats.mode = "json_object"
                continue
            raise LLMError(f"reply is not valid {out.__name__} JSON ({err.error_count()} errors)",
                           reason="invalid JSON") from err


def _content(completion) -> str:
    if not completion.choices:
        raise LLMError("reply has no choices", reason="empty reply")
    choice = completion.choices[0]
    if getattr(choice.message, "refusal", None):
        raise LLMError("the model refused", reason="refused")
    if choice.finish_reason == "length":
        raise LLMError("reply cut off at the output token limit", reason="reply cut off")
    if choice.finish_reason == "content_filter":
        raise LLMError("reply withheld by the content filter", reason="content filter")
    # We offer no tools; a model (or a server's chat template) may call one anyway. Its arguments are not
    # the JSON asked for, and saying "not valid JSON" would send whoever reads the log the wrong way.
    if getattr(choice.message, "tool_calls", None) or getattr(choice.message, "function_call", None) \
            or choice.finish_reason in ("tool_calls", "function_call"):
        raise LLMError("the model answered with a tool call, not with the JSON asked for", reason="tool call")
    return _unfence(choice.message.content or "")


def _transient_reason(err: openai.APIError) -> str:
    if isinstance(err, openai.RateLimitError):
        return "rate limited"
    if isinstance(err, openai.InternalServerError):
        return f"HTTP {err.status_code}"
    return "no connection"


def _unfence(content: str) -> str:
    """Some local models wrap JSON in a markdown fence even in JSON mode."""
    text = content.strip()
    if text.startswith("```") and text.endswith("```"):
        text = text[3:-3]
        text = text[4:] if text.lower().startswith("json") else text
    return text


def _count_usage(completion, stats: CallStats) -> None:
    usage = getattr(completion, "usage", None)
    if usage is not None:
        stats.prompt_tokens += usage.prompt_tokens or 0
        stats.completion_tokens += usage.completion_tokens or 0


def _retry_wait(err: openai.APIError, retries: int) -> float | None:
    """Seconds to wait before the next try: Retry-After when given, else backoff; None: not worth waiting."""
    backoff = min(BACKOFF_BASE * 2**retries, BACKOFF_MAX)
    response = getattr(err, "response", None)
    if response is None:
        return backoff
    after = _retry_after(response.headers)
    if after is None:
        return backoff
    return after if after <= MAX_WAIT else None


def _retry_after(headers) -> float | None:
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return max(float(ms) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(email.utils.parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _rejects_schema(err: openai.BadRequestError) -> bool:
    text = f"{err.message} {err.body}".lower()
    return any(word in text for word in SCHEMA_WORDS)


def _describe(err: openai.APIError) -> str:
    """Status and the server's message, shortened; never request headers (the key lives there)."""
    status = getattr(err, "status_code", None)
    message = " ".join(str(getattr(err, "message", err)).split())[:200]
    return f"{status} {message}" if status else f"{type(err).__name__}: {message}"
