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

# A local trial over plain http: a secret key of this machine (kept in .data/, made once) unless
# SECRET_KEY is set, and the HTTPS-only protections switched off explicitly. Production gets them
# by default (cadre_portal/settings.py); so does any manage.py run without these variables.
DEV_KEY := .data/secret_key
RUN_ENV = SECRET_KEY="$${SECRET_KEY:-$$(cat $(DEV_KEY))}" SECURE_SSL_REDIRECT=false \
	SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0

$(DEV_KEY):
	mkdir -p .data
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: install $(DEV_KEY)
	$(RUN_ENV) $(PY) manage.py run_portal --host $(HOST) --port $(PORT)

# Browser tests need Debian's chromium and a CJK font: installed through apt when root, else a
# one-line hint and a failure (scripts/ensure_test_deps.sh). Tests close connections after each
# request (no connection outlives a thread, so the test database can be dropped) and use their
# own cache key prefix (never the dev server's entries).
test: install
	scripts/ensure_test_deps.sh
	CONN_MAX_AGE=0 CACHE_KEY_PREFIX=cadre-test $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
