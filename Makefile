# The two commands of the README: `make run` and `make test` do every set-up step themselves.
PYTHON_BIN ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= ../shared/data
TRUST_FILES ?= $(DATA_DIR)/ods/etr_2026-07.csv $(DATA_DIR)/derived/trusts_england_2025.csv
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test faults bench lint setup chromium assets assets-check

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

# The NHS.UK design system, compiled with our settings (no CDN fonts) and kept in the repository
# (SPEC §10: a server needs Python only). `make assets` rebuilds it from package-lock.json with
# Node; `make assets-check` fails when the committed files differ from a fresh build.
NHSUK_DIST := node_modules/nhsuk-frontend/dist/nhsuk
NHSUK_OUT ?= static/vendor/nhsuk
# The page icons of base.html; the CSS's own icons are found in the compiled CSS.
NHSUK_ICONS := favicon.ico favicon.svg

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json static/scss/nhsuk.scss
	rm -rf $(NHSUK_OUT) && mkdir -p $(NHSUK_OUT)/assets/images
	npx sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps \
		static/scss/nhsuk.scss $(NHSUK_OUT)/nhsuk-frontend.min.css
	sed 's|//# sourceMappingURL=.*||' $(NHSUK_DIST)/nhsuk-frontend.min.js > $(NHSUK_OUT)/nhsuk-frontend.min.js
	for image in $(NHSUK_ICONS) $$(grep -o 'assets/images/[a-z0-9-]*\.svg' $(NHSUK_OUT)/nhsuk-frontend.min.css \
		| sed 's|assets/images/||' | sort -u); do cp $(NHSUK_DIST)/assets/images/$$image $(NHSUK_OUT)/assets/images/; done

assets-check:
	fresh=$$(mktemp -d) && $(MAKE) --no-print-directory assets NHSUK_OUT=$$fresh \
		&& diff -r static/vendor/nhsuk $$fresh; status=$$?; rm -rf $$fresh; \
		[ $$status -eq 0 ] || (echo "static/vendor/nhsuk is out of date: run 'make assets' and commit it"; exit 1)

# The browser tests drive Debian's headless Chromium (no browser downloads).
chromium:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

run: setup
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	@if [ -f $(DATA_DIR)/ods/etr_2026-07.csv ]; then \
		DJANGO_DEBUG=true $(PY) manage.py import_trusts $(TRUST_FILES); \
	else echo "No ../shared/data here: load your trusts with 'manage.py import_trusts etr.csv'"; fi
	DJANGO_DEBUG=true $(PY) manage.py load_demo --seed 2016
	DJANGO_DEBUG=true $(PY) manage.py recompute
	@DJANGO_DEBUG=true DJANGO_SUPERUSER_PASSWORD=$${DJANGO_SUPERUSER_PASSWORD:-admin} $(PY) manage.py \
		createsuperuser --noinput --username admin --email admin@localhost 2>/dev/null \
		&& echo "Made the local administrator 'admin'." || true
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

# The browser tests check accessibility with axe-core, a Node package.
test: setup chromium node_modules/.package-lock.json
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		DJANGO_DEBUG=true $(PY) -m pytest

# Only the fault tests (`make test` runs them too): each starts its own PostgreSQL cluster, Redis,
# workers and gunicorn on ports 19120-19122, kills or restarts them, and stops them after.
faults: setup
	$(PY) -m pytest -m faults tests/faults

bench: setup
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py

# Security checks: Django's deploy checks with production settings, bandit over our code, and
# pip-audit over the pinned requirements when PyPI's vulnerability data covers them (it cannot
# from a machine whose packages come from a mirror PyPI does not know: see the README).
PRODUCTION_ENV := DJANGO_DEBUG=false DJANGO_HTTPS=true DJANGO_ALLOWED_HOSTS=planner.example.nhs.uk \
	DJANGO_SECRET_KEY=lint-only-$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))")
lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_DEBUG=true $(PY) -m mypy
	$(PRODUCTION_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) -m bandit --quiet -c pyproject.toml -r .
	@if $(PY) -c "import django, urllib.request; urllib.request.urlopen(f'https://pypi.org/pypi/Django/{django.__version__}/json', timeout=5)" 2>/dev/null; \
	then $(PY) -m pip_audit --strict --progress-spinner off -r requirements.txt; \
	else echo "pip-audit skipped: PyPI's vulnerability data does not reach these pinned versions from here."; fi
