# The README's two commands: `make run` and `make test`.
PY := .venv/bin/python
VENV_STAMP := .venv/.installed

.PHONY: run test build validate venv clean system-deps screenshots bench

# Build the graph when its inputs changed (or the dump is missing), then serve it at http://127.0.0.1:5000
run: dump/kg.nq
	$(PY) -m kg serve

dump/kg.nq: $(VENV_STAMP) $(wildcard seeds/*.yaml seeds/*.txt) ontology/dip.ttl shapes/shapes.ttl
	$(PY) -m kg build

test: $(VENV_STAMP) system-deps
	$(PY) -m pytest -q

# Debian packages the tests drive for real: rapper, Virtuoso, Chromium (installed only when missing).
system-deps:
	sh tools/system-deps.sh

build: $(VENV_STAMP)
	$(PY) -m kg build

validate: $(VENV_STAMP)
	$(PY) -m kg validate

venv: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The scale benchmark at 1k, 10k and 100k events (about 8 minutes): figures for the README, bench/scale.png
bench: .venv/.bench-installed
	$(PY) bench/bench_scale.py

.venv/.bench-installed: $(VENV_STAMP)
	$(PY) -m pip install -q -e '.[bench]'
	touch $@

screenshots: $(VENV_STAMP) system-deps
	$(PY) tools/screenshots.py

clean:
	rm -rf .venv .pytest_cache
