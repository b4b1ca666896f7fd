# Overgang: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint security format messages browser-test clean

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
	DEBUG=1 OVERGANG_REQUIRE_2FA=0 $(BIN)/python manage.py runserver $(HOST)

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

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make messages: update the translation catalogues and compile them
messages: $(VENV)/.installed-dev
	cd overgang && ../$(BIN)/python ../manage.py makemessages -l da -l en --no-obsolete --ignore 'static/*' --ignore 'method/tests/*'
	cd overgang && ../$(BIN)/python ../manage.py compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
