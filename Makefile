# Overgang: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint security format messages browser-test clean bench bench-smoke backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## make run: install, migrate, load the demo municipality and serve at http://$(HOST)
run: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "Serving Overgang at http://$(HOST)/ – stop with Ctrl+C"
	DEBUG=1 OVERGANG_REQUIRE_2FA=0 OVERGANG_EVALUATION_KEY=$${OVERGANG_EVALUATION_KEY:-demo-only-evaluation-key-not-for-production} $(BIN)/python manage.py runserver $(HOST)

## make test: install what the tests need and run the whole suite (browser tests skip without Chromium)
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make lint: ruff (lint and format check) and mypy with django-stubs
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	OVERGANG_TESTING=1 $(BIN)/mypy

## make security: bandit (no high-severity finding) and pip-audit (no known vulnerability in the pins)
security: $(VENV)/.installed-dev
	$(BIN)/bandit -c pyproject.toml -r overgang scripts --severity-level high --quiet
	$(BIN)/pip-audit -r requirements-dev.txt --progress-spinner off

## make bench: pages under load (gunicorn, wrk) and the exports and digest, on PostgreSQL with the
## national data; rewrites the results in BENCHMARKS.md (settings: scripts/bench/run.py). Not in make test.
bench: $(VENV)/.installed
	BENCH_VIA_MAKE=bench $(BIN)/python scripts/bench/run.py

## make bench-smoke: the same at tiny scale with 2-second runs, into a temporary file (CI runs it)
bench-smoke: $(VENV)/.installed
	BENCH_VIA_MAKE=bench-smoke BENCH_PRESET=$${BENCH_PRESET:-tiny} BENCH_SECONDS=2 \
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/overgang_bench_smoke} \
	$(BIN)/python scripts/bench/run.py --quick --output "$$(mktemp --suffix=-bench.md)"

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make messages: update the translation catalogues and compile them
messages: $(VENV)/.installed-dev
	cd overgang && ../$(BIN)/python ../manage.py makemessages -l da -l en --no-obsolete --ignore 'static/*' --ignore 'method/tests/*'
	cd overgang && ../$(BIN)/python ../manage.py compilemessages

## make backup: pg_dump of DATABASE_URL into BACKUP_DIR (default var/backups), keeping BACKUP_KEEP dumps
backup:
	scripts/backup.sh

## make restore DUMP=var/backups/overgang-....dump TARGET=postgres://.../db [FORCE=--force]
restore:
	@test -n "$(DUMP)" -a -n "$(TARGET)" || { echo "usage: make restore DUMP=file TARGET=postgres://... [FORCE=--force]"; exit 1; }
	scripts/restore.sh $(FORCE) "$(DUMP)" "$(TARGET)"

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
