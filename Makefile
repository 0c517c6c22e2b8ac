# ccsim: the two commands a fresh machine needs are `make demo` and `make test`;
# `make check` is the quick loop while editing (ruff, then every test not marked slow);
# `make notebooks` re-executes the notebooks so they are stored with their outputs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEMO_PATHS ?= 4000
# test processes (pytest-xdist); `make test PYTEST_WORKERS=0` runs in this process
PYTEST_WORKERS ?= auto

.PHONY: setup demo check test lint typecheck bench clean notebooks

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

# the quick loop: ruff, then the tests and doctests not marked slow (each slow one takes
# over ~3 s alone; `make test` runs them). The board-pack doctest is the one slow doctest.
check: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) -m "not slow" --doctest-modules src tests \
		--deselect src/ccsim/present/report.py::ccsim.present.report.write_report

# the full suite CI runs: lint, type-check, the layers contract, every test and doctest
test: setup lint
	$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --doctest-modules src tests

bench: setup
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) demo-out .pytest_cache .mypy_cache .ruff_cache

# execute the notebooks in place so they are stored with their outputs (figures included);
# each runs at its own default path count (a minute or two); see notebooks/refresh.py
notebooks: setup
	$(PY) notebooks/refresh.py
