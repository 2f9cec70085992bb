# The README's two commands: `make run` and `make test`; `make help` lists every target.
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
FAST := not slow and not e2e

.PHONY: run test test-fast lint figures build validate venv clean system-deps screenshots bench bench-endpoint help

HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

# Let Python cache compiled modules (and pytest its rewritten tests) even where the shell turns that off:
# without the cache every run recompiles the project and its tests, about 2 s of each test run.
unexport PYTHONDONTWRITEBYTECODE
# The page tests save a screenshot of a failing test's page only (KG_SCREENSHOTS=1 keeps every test's)
export KG_SCREENSHOTS ?= failed

# Build the graph if its inputs changed, then serve it at http://HOST:PORT (make run PORT=8080 HOST=0.0.0.0 WORKERS=4)
run: dump/kg.nq
	$(PY) -m kg serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

dump/kg.nq: $(VENV_STAMP) $(wildcard seeds/*.yaml seeds/*.txt) ontology/dip.ttl shapes/shapes.ttl
	$(PY) -m kg build

# Everything, as CI runs it: install what the tests drive, lint, then the whole suite on both cores
test: $(VENV_STAMP) system-deps lint
	$(PY) -m pytest -q -n 2 --dist loadscope --no-loadscope-reorder

# The in-process tests, the inner loop (11–16 s): no servers, browsers, stock commands or slow parities.
# Work stealing balances the two cores better than one module per core here (no servers to share).
test-fast: $(VENV_STAMP)
	$(PY) -m pytest -q -m "$(FAST)" -n 2 --dist worksteal

# ruff (lint and format) and mypy, as the pre-commit hooks run them
lint: $(VENV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pre_commit validate-config .pre-commit-config.yaml

# Debian packages the tests drive for real: rapper, Virtuoso, Chromium (installed only when missing).
system-deps:
	sh tools/system-deps.sh

# Build, reason, validate and write dump/, then the README's counts from it
build: $(VENV_STAMP)
	$(PY) -m kg build
	$(PY) -m tools.readme_figures

# Rewrite the README's counts from dump/ (a test fails when they are stale)
figures: $(VENV_STAMP)
	$(PY) -m tools.readme_figures

# Validate dump/kg.ttl with the shapes
validate: $(VENV_STAMP)
	$(PY) -m kg validate

# The virtual environment .venv with the project and its test tools
venv: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The scale benchmark at 1k, 10k and 100k events (10 minutes or more): figures for the README, bench/scale.png
bench: .venv/.bench-installed
	$(PY) -m bench.bench_scale

# Ours, Oxigraph's server, rdflib-endpoint and a Flask hello-world side by side under wrk (about 4 minutes)
bench-endpoint: .venv/.bench-installed
	command -v wrk >/dev/null || { [ "$$(id -u)" -eq 0 ] || S=sudo; $$S apt-get install -y -qq wrk; }
	$(PY) -m bench.bench_endpoint

.venv/.bench-installed: $(VENV_STAMP)
	$(PY) -m pip install -q -e '.[bench]'
	touch $@

# The README's screenshots, docs/*.png, from the real server in headless Chromium
screenshots: $(VENV_STAMP) system-deps
	$(PY) -m tools.screenshots

# Remove the venv, the caches, screenshots/ and build leftovers (not dump/, which is committed)
clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache .hypothesis screenshots build dist *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# List the targets with what each does
help:
	@awk '/^# /{if (!doc) doc = substr($$0, 3); next} /^[a-z][a-z-]*:/{if (doc) printf "make %-12s %s\n", substr($$1, 1, length($$1) - 1), doc} {doc = ""}' $(MAKEFILE_LIST)
