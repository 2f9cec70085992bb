# The README's two commands: `make run` and `make test`.
PY := .venv/bin/python
VENV_STAMP := .venv/.installed

.PHONY: run test build validate venv clean

run: build
	$(PY) -m kg examples

test: $(VENV_STAMP)
	$(PY) -m pytest -q

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

clean:
	rm -rf .venv .pytest_cache
