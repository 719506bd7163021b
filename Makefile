# kg - two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
KG     := $(BIN)/kg
STAMP  := $(VENV)/.installed

.PHONY: run test install browser load serve lint clean

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

## make test: install (with Debian's chromium and CJK fonts for the browser tests), lint,
## type-check src/ (mypy, configured in pyproject.toml, cached in .mypy_cache), run every test
## in parallel, one test file per worker (pytest-xdist; TEST_WORKERS=1 runs them in one process)
TEST_WORKERS ?= auto
test: install browser
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# The browser tests drive Debian's chromium; install it (and CJK fonts) when it is missing;
# the real-client tests run Comunica, which needs node and npm.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
		echo "installing chromium and fonts-noto-cjk (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		echo "installing nodejs and npm for the Comunica client test (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs >/dev/null; \
		command -v npm >/dev/null 2>&1 || \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; \
	fi

load: install
	$(KG) load

serve: install
	$(KG) serve

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache
