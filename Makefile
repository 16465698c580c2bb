# The two commands of the README: `make run` and `make test` do every set-up step themselves.
PYTHON_BIN ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= ../shared/data
TRUST_FILES ?= $(DATA_DIR)/ods/etr_2026-07.csv $(DATA_DIR)/derived/trusts_england_2025.csv
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test bench lint setup

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

run: setup
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	@if [ -f $(DATA_DIR)/ods/etr_2026-07.csv ]; then \
		DJANGO_DEBUG=true $(PY) manage.py import_trusts $(TRUST_FILES); \
	else echo "No ../shared/data here: load your trusts with 'manage.py import_trusts etr.csv'"; fi
	DJANGO_DEBUG=true $(PY) manage.py load_demo --seed 2016
	DJANGO_DEBUG=true $(PY) manage.py recompute
	DJANGO_DEBUG=true $(PY) manage.py ensure_demo_admin
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

test: setup
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		DJANGO_DEBUG=true $(PY) -m pytest

lint: setup
	$(PY) -m ruff check .
