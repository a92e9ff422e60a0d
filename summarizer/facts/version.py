"""Which rules wrote a document's stored facts: the engine's version and the aliases they were read with.

Apart from `document` so that a command that only asks whether stored facts are current
(`briefbot deadlines`) does not import, and compile the patterns of, every rule that derives them.
"""

from __future__ import annotations

import hashlib
import json

ENGINE = 76  # bump whenever a rule that derives facts changes: stored facts are then read again


def aliases_key(aliases: dict[str, list[str]] | None) -> str:
    """Which configured aliases facts were read with (statements depend on them)."""
    if not aliases:
        return ""
    canonical = json.dumps({k: sorted(v) for k, v in sorted(aliases.items())}, ensure_ascii=False)
    return hashlib.sha1(canonical.encode()).hexdigest()[:12]
