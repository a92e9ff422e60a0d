"""Which engine answers: the offline one, or the optional LLM engine built from the configuration."""

from __future__ import annotations

from bot.config import Config

ENGINES = ("extractive", "openai")


class EngineError(ValueError):
    """An unknown engine name, or the LLM engine asked for without what it needs."""


def build_llm(config: Config, engine: str | None = None):
    """The LLM engine when `engine` (else the config's engine) is "openai", else None (offline)."""
    name = (engine or config.engine or "extractive").lower()
    if name not in ENGINES:
        raise EngineError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
    if name == "extractive":
        return None
    llm = config.llm
    if not llm.api_key and not llm.base_url:
        raise EngineError("the openai engine needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)")
    from summarizer.llm import LLMEngine, LLMSettings

    return LLMEngine(LLMSettings(model=llm.model, base_url=llm.base_url, api_key=llm.api_key or "not-needed",
                                 timeout=llm.timeout, max_retries=llm.max_retries,
                                 context_tokens=llm.context_tokens))
