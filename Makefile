# Wegweiser: `make run` for the demo district on http://127.0.0.1:8000, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/wegweiser
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run on this many processes (pytest-xdist); 2 fits the CI machine.
TEST_WORKERS ?= 2

.PHONY: run demo-passwords test lint format messages deps clean

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Wegweiser needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

deps: $(VENV)/.runtime

run: $(VENV)/.runtime
	DEBUG=1 WEGWEISER_DEMO=1 $(PY) manage.py migrate --noinput --verbosity 0
	DEBUG=1 WEGWEISER_DEMO=1 $(PY) manage.py load_demo
	@echo "Wegweiser serves http://$(HOST):$(PORT)/ (worker running beside it; Ctrl+C stops both)"
	@DEBUG=1 WEGWEISER_DEMO=1 $(PY) manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 WEGWEISER_DEMO=1 $(BIN)/gunicorn wegweiser.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 \
		--access-logfile - --error-logfile -

# New passwords for the demo accounts; load_demo refuses to run without the demo settings (no SECRET_KEY).
demo-passwords: $(VENV)/.runtime
	DEBUG=1 WEGWEISER_DEMO=1 $(PY) manage.py load_demo --reset-passwords

test: $(VENV)/.dev
	@$(PY) scripts/browser_setup.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=wegweiser.settings_test $(PY) manage.py makemigrations --check --dry-run
	@echo "== pytest on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -n $(TEST_WORKERS) -q
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	case "$$url" in postgres*) ;; *) url="$(PG_URL)";; esac; \
	if $(PY) scripts/pg_available.py "$$url"; then \
		echo "== pytest on PostgreSQL ($$url) =="; \
		DATABASE_URL="$$url" $(BIN)/pytest -n $(TEST_WORKERS) -q || exit 1; \
	else \
		echo "PostgreSQL: skipped, none answers at $$url (the SQLite run above is complete)"; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Extract new strings into each app's German/English/... catalogues and compile them (pure Python, Babel).
messages: $(VENV)/.runtime
	DEBUG=1 $(PY) manage.py update_translations

clean:
	rm -rf $(VENV) var
