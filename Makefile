# Set-up is part of every target: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: setup demo test lint bench bench-adaptive bench-peers clean

setup: $(STAMP) $(NODE_STAMP)
	@$(PY) -m extractor.browser --install

# The npm packages: the reference extractors (Readability.js, jsdom) and the consent-manager rules (autoconsent);
# node and npm first, from apt if missing.
$(NODE_STAMP): package.json package-lock.json | $(STAMP)
	@$(PY) -m extractor.reference --install --quiet
	@npm ci --silent --no-audit --no-fund
	@touch $(NODE_STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,ray]'
	@touch $(STAMP)

demo: setup
	@$(VENV)/bin/extractor demo

# The tests open one headed window (`extractor login`) on a virtual display: Debian's xvfb, when missing.
test: setup
	@$(PY) tests/support/display.py --install
	$(PY) -m pytest -q
	$(MAKE) --no-print-directory lint

lint: $(STAMP)
	$(VENV)/bin/ruff check extractor tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

bench: setup
	$(PY) bench/bench.py --pages 50 --concurrency 1,2,4,8

# Adaptive rendering (render.browser: auto) against rendering every page: served, state, scripted and mixed sites.
bench-adaptive: setup
	$(PY) bench/adaptive.py --pages 80 --concurrency 4 --rounds 2

# Peers for the benchmark (Crawlee, scrapy-playwright) live in their own virtualenv, outside the project.
PEERS := bench/.peers-venv
$(PEERS)/bin/python:
	@$(PYTHON) -m venv $(PEERS)
	@$(PEERS)/bin/pip install --quiet --disable-pip-version-check "crawlee[playwright]" scrapy-playwright parsel

bench-peers: setup $(PEERS)/bin/python
	$(PY) bench/bench.py --pages 50 --concurrency 1,2,4,8 --peers $(PEERS)/bin/python
