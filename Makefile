# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
export PORT

.PHONY: run test bench bench-reliability lint format install clean

run: $(STAMP) ## Set up, initialise the database with the demo, and serve on 127.0.0.1:$PORT
	$(BIN)/survey init
	$(BIN)/survey demo
	$(BIN)/survey serve --port $(PORT)

test: $(STAMP) ## Lint, check formatting, layering and types, and run the test suite (browser tests need Chromium)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		echo "NOTE: no Chromium found, so the browser tests will be SKIPPED (apt-get install chromium)."
	$(BIN)/pytest -n auto

bench: $(STAMP) ## Benchmarks, printed as tables (takes several minutes)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.submission
	$(BIN)/python -m bench.engine
	$(BIN)/python -m bench.stance_prior
	$(BIN)/python -m bench.stance_sentences
	$(BIN)/python -m bench.coding
	$(BIN)/python -m bench.report
	$(BIN)/python -m bench.pseudonymisation

bench-reliability: $(STAMP) ## Load and fault test: lost or duplicated responses under a killed worker and a backup
	$(BIN)/python -m bench.reliability

lint: $(STAMP) ## Lint, layering contracts and types, without the tests
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: $(STAMP) ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean: ## Remove the virtualenv and caches (keeps instance/ and its data)
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache build dist *.egg-info
