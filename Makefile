# `make run`: set up .venv, install nerx and its default model, extract from seeds/.
# `make test`: the same set-up, then lint, type checks and the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint bench models words clean

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

# The fast inner loop: lint, types and the tests not marked slow (about a minute).
check: lint
	$(BIN)/python -m pytest -q -m "not slow"

test: lint
	bash tests/scripts/install-chromium.sh
	$(BIN)/python -m pytest

# Write nerx's word lists (nerx.refine.WORDS) into models/nerx-news-en/config.cfg, the copy
# `nerx extract` reads with the default model (a test fails when the two differ).
words: $(STAMP)
	$(BIN)/python models/scripts/sync_words.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Rebuild nerx's own pipelines from ../shared/data (not part of `make test`; 20 to 50 minutes
# each on one CPU core): models/nerx-news-en (GloVe vectors from PyPI; CoNLL-2003 train, the
# extra data of ../shared/data/extra with every 8th document held out as dev data, UNER EWT
# dev x10; nerx's label conventions applied by models/scripts/relabel.py), then
# models/nerx-conll-en (en_core_web_sm's NER fine-tuned on CoNLL-2003). The data are joined
# under build/ (git-ignored), never into the repository.
DATA ?= ../shared/data
VECTORS := build/glove-100k
EXTRA := $(wildcard $(DATA)/extra/crossner_*.iob2) $(wildcard $(DATA)/extra/btc_*.iob2) \
	$(DATA)/extra/wnut17.iob2
MAPS := --map LOC=GPE --map MISC=NORP
TRAIN_ARGS := $(DATA)/conll2003/train.txt $(DATA)/conll2003/dev.txt $(MAPS)
models: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[vectors]'
	$(BIN)/python models/scripts/glove_vectors.py $(VECTORS) --words 100000
	$(BIN)/python models/scripts/relabel.py $(DATA)/conll2003/train.txt \
		--output build/conll-train.iob2
	$(BIN)/python models/scripts/relabel.py $(EXTRA) --output build/extra-train.iob2 \
		--hold-out 8 --dev build/extra-dev.iob2
	cat build/conll-train.iob2 build/extra-train.iob2 > build/train-mix.iob2
	$(BIN)/nerx train build/train-mix.iob2 $(DATA)/conll2003/dev.txt $(MAPS) \
		--output models/nerx-news-en --config models/nerx-news-en.cfg \
		--vectors $(VECTORS) --extra $(DATA)/uner_en_ewt/en_ewt-ud-dev.iob2 --extra-copies 10 \
		--keep last --version 0.7.0
	$(BIN)/nerx train $(TRAIN_ARGS) --output models/nerx-conll-en \
		--config models/nerx-conll-en.cfg

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
