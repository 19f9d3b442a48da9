# One entry point for every task. `make serve` sets everything up and serves the handbook;
# `make test` runs every test (unit, golden, build, JavaScript, end-to-end in Chromium).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve setup build test check format browser diagrams bench bench-scale lighthouse \
	screenshot clean

serve: setup  ## set up and serve the handbook with live reload at http://127.0.0.1:8000/
	$(BIN)/kpi-handbook serve $(if $(ADDRESS),--dev-addr $(ADDRESS))

setup: $(VENV)/.installed node_modules/.installed  ## Python venv and npm packages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build: setup  ## build the site into site/ (atomic: a failed build keeps the old site)
	$(BIN)/kpi-handbook build

browser:  ## Chromium for the end-to-end tests: Debian's when possible, else Playwright's own
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else $(BIN)/playwright install chromium; fi

check: setup  ## lint, type-check and validate the catalog
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/kpi-handbook validate catalog.yaml

test: setup browser check  ## every test
	node --test tests/js/
	$(BIN)/pytest -q

format: setup
	$(BIN)/ruff format

diagrams: setup browser  ## draw the ```mermaid blocks of content/ again after editing one
	$(BIN)/python scripts/render_diagrams.py

bench: setup browser  ## calculator timings against bare Pyodide
	$(BIN)/python scripts/bench_calculator.py

bench-scale: setup  ## build synthetic catalogs of 200, 1,000 and 5,000 KPIs; times and sizes
	$(BIN)/python scripts/bench_scale.py $(if $(SIZES),--sizes $(SIZES))

lighthouse: setup browser  ## mobile Lighthouse scores of home, a goal, a KPI, a guide (slow)
	$(BIN)/python scripts/lighthouse.py

screenshot: setup browser  ## the README's screenshot of a KPI page, from a fresh build
	$(BIN)/python scripts/screenshot.py

clean:
	rm -rf site .site.* $(VENV) node_modules
