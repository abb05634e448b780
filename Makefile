# Two commands: `make run` (the whole portal) and `make test` (the whole suite). See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install lint format bench-cadres clean-data

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py run_portal --host $(HOST) --port $(PORT)

# Tests close connections after each request (no connection outlives a thread, so the test
# database can be dropped) and use their own cache key prefix (never the dev server's entries).
test: install
	CONN_MAX_AGE=0 CACHE_KEY_PREFIX=cadre-test $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
