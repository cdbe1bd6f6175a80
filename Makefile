# `make run` builds the sample journal in entries/ into site/ with journalgen's own dependencies
# only; `make test` sets up everything the tests need (the test tools in the same .venv, Debian's
# chromium, a Java runtime, zsh and fish, the Nu HTML checker), then runs every test.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
VNU_VERSION := 26.9.27

.PHONY: run test lint serve system-deps golden docs clean

# journalgen and what it needs to run, nothing else.
$(BIN)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Also the test tools (pytest, playwright, ruff...).
$(BIN)/.installed: $(BIN)/.runtime
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.runtime
	$(BIN)/journalgen build

serve: $(BIN)/.runtime
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

# The table of journal.toml's settings in the README, from the one table in journalgen/config.py.
docs: $(BIN)/.runtime
	$(BIN)/python scripts/settings_table.py --write

clean:
	rm -rf site .journalgen-cache .pytest_cache .ruff_cache
