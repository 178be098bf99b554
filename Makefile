# Everything runs inside .venv, created and filled on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TL_CORPUS ?= $(abspath ../shared/corpus)

.PHONY: generate test test-fast check typecheck bench diff fuzz setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/tlgen generate

test: $(STAMP)
	TL_CORPUS=$(TL_CORPUS) $(BIN)/python -m pytest

# The inner loop: unit and golden tests but the ones marked slow, no corpus, seconds.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" tests/unit tests/golden

# Lint, format and types: ruff, black --check, mypy --strict (CI runs it). templates/runtime/ is
# shipped in every generated package: linted and kept black's output too.
check: $(STAMP)
	$(BIN)/ruff check generator tests bench templates/runtime
	$(BIN)/black --check --quiet generator tests bench templates/runtime
	$(BIN)/mypy --strict generator

typecheck: $(STAMP)
	$(BIN)/mypy --strict generator
	MYPYPATH=generated $(BIN)/mypy --strict generated/tl

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	TL_CORPUS=$(TL_CORPUS) $(BIN)/python bench/run.py

# Fuzz the generated decoder: make fuzz [CASES=100000]
CASES ?= 100000
fuzz: $(STAMP)
	$(BIN)/python tests/fuzz/fuzz_decode.py --cases $(CASES)

# Review a schema change: make diff OLD=origin/main:schema/api.tl NEW=schema/api.tl [FORMAT=markdown]
FORMAT ?= text
diff: $(STAMP)
	@test -n "$(OLD)" -a -n "$(NEW)" || (echo "usage: make diff OLD=old.tl|REV:path NEW=new.tl|REV:path [FORMAT=text|markdown|json|github]"; exit 2)
	$(BIN)/tlgen diff "$(OLD)" "$(NEW)" --format $(FORMAT)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .hypothesis build dist *.egg-info
