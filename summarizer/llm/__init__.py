"""The optional model engine: passages in, a strict JSON schema out, every quote verified.

Beside the offline stages: may import `text`, `facts` and `model`; the offline
engine is chosen over it by `bot.engines`, not from here.
"""

from summarizer.llm.engine import (
    DONT_KNOW,
    FAILED_VERIFICATION,
    LLMEngine,
    LLMError,
    LLMSettings,
    VerificationFailed,
)

__all__ = ["DONT_KNOW", "FAILED_VERIFICATION", "LLMEngine", "LLMError", "LLMSettings", "VerificationFailed"]
