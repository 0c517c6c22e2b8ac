# ccsim: the two commands a fresh machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEMO_PATHS ?= 4000

.PHONY: setup demo test lint typecheck bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[all]"
	touch $(STAMP)

setup: $(STAMP)

# one simulation: the summary, the per-path table and the board pack from the same paths
demo: setup
	$(VENV)/bin/ccsim run --paths $(DEMO_PATHS) --seed 2026 --out demo-out --report --quiet

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: setup lint
	$(PY) -m pytest -q -p no:cacheprovider --doctest-modules src tests

bench: setup
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) demo-out .pytest_cache .mypy_cache .ruff_cache
