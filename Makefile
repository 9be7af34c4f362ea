# `make run`: set up .venv, install nerx and its default model, extract from seeds/.
# `make test`: the same set-up, then lint, type checks and the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/nerx extract seeds/

lint: $(STAMP)
	$(BIN)/ruff check nerx tests benchmarks
	$(BIN)/mypy --strict nerx

test: lint
	bash tests/scripts/install-chromium.sh
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
