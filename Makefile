# Everything runs inside .venv, created and filled on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TL_CORPUS ?= $(abspath ../shared/corpus)
SCHEMA := schema/api.tl schema/mtproto.tl

.PHONY: generate test typecheck bench setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/tlgen parse $(SCHEMA)

test: $(STAMP)
	TL_CORPUS=$(TL_CORPUS) $(BIN)/python -m pytest

typecheck: $(STAMP)
	$(BIN)/mypy --strict generator

bench: $(STAMP)
	TL_CORPUS=$(TL_CORPUS) $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .hypothesis
