# `make run` builds the sample journal into site/; `make test` runs the whole test suite.
# Each sets up what it needs first (a virtual environment in .venv, and for the tests
# Debian's chromium, a Java runtime and the Nu HTML checker).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
VNU_VERSION := 26.9.27

.PHONY: run test lint serve system-deps golden clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/journalgen build

serve: $(BIN)/.installed
	$(BIN)/journalgen serve

system-deps:
	sh scripts/system-deps.sh

.tools/node_modules/vnu-jar/build/dist/vnu.jar:
	npm install --silent --no-audit --no-fund --prefix .tools vnu-jar@$(VNU_VERSION)

lint: $(BIN)/.installed
	$(BIN)/ruff check journalgen tests bench
	$(BIN)/ruff format --check journalgen tests bench

test: $(BIN)/.installed system-deps .tools/node_modules/vnu-jar/build/dist/vnu.jar lint
	$(BIN)/pytest -q -n 2

golden: $(BIN)/.installed
	$(BIN)/python tests/golden.py

clean:
	rm -rf site .journalgen-cache .pytest_cache .ruff_cache
