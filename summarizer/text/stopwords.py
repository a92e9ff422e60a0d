"""spaCy's English stop words, read without importing spaCy.

`import spacy` costs about 0.6 s; a digest built from stored facts needs the stop
word list but no pipeline, so the list's own module is executed on its own. It is
plain data (a set and its contractions), with no imports.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _load() -> frozenset[str]:
    spec = importlib.util.find_spec("spacy")  # a top-level package: found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("spaCy is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    namespace: dict = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return frozenset(namespace["STOP_WORDS"])


STOP_WORDS = _load()
