# `make run` runs the bot (no token: the local console); `make test` runs the whole suite.
# Both create the virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run console test lint format translations bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m bot.catalogues compile
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot

console: $(STAMP)
	$(BIN)/python -m bot console

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m bot.catalogues check
	rm -f .coverage .coverage.*
	scripts/with-postgres $(BIN)/coverage run -m pytest -n 2
	$(BIN)/coverage combine --quiet
	$(BIN)/coverage report

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

translations: $(STAMP)
	$(BIN)/python -m bot.catalogues english
	$(BIN)/python -m bot.catalogues compile
	$(BIN)/python -m bot.catalogues check

bench: $(STAMP)
	scripts/with-postgres sh -c '$(BIN)/python bench/updates.py && $(BIN)/python bench/statements.py && $(BIN)/python bench/broadcast.py && $(BIN)/python bench/latency.py'

clean:
	rm -rf $(VENV) .coverage
