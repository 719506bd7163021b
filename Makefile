# kg - two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
KG     := $(BIN)/kg
STAMP  := $(VENV)/.installed

.PHONY: run test install load serve lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, load the ontology and curated data (only when they changed), serve on :8000
run: install
	$(KG) load --if-changed
	$(KG) serve

## make test: install and run the whole test suite
test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

load: install
	$(KG) load

serve: install
	$(KG) serve

lint: install
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) var .pytest_cache
