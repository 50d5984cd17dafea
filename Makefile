# Khedmat's front door. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test schema-check lint format bench worker beat migrate demo messages makemessages \
        system-deps browser-deps install install-dev clean

## run: install into .venv, migrate, load the demo and serve http://127.0.0.1:8000
## (DEBUG off: the Persian 404/500 pages; `DEBUG=1 make run` for Django's technical pages;
## links in receipts and SMS follow HOST and PORT unless SITE_BASE_URL is set)
run: export SITE_BASE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),localhost,$(HOST)):$(PORT)
run: install system-deps messages migrate demo
	$(MANAGE) runserver --insecure $(HOST):$(PORT)

## test: the same set-up, then the whole suite (PostgreSQL, Redis, Chromium)
test: install-dev system-deps browser-deps messages
	$(VENV)/bin/pytest -n 2 --dist loadfile

## schema-check: schemathesis, every check and 100 examples per operation of /api/v1/schema/
## against a live server, anonymous and with a staff token (`make test` runs 10, fewer checks)
schema-check: install-dev system-deps messages
	SCHEMATHESIS_MAX_EXAMPLES=100 SCHEMATHESIS_ALL_CHECKS=1 \
		$(VENV)/bin/pytest tests/cms_site/test_api_schema.py -p no:cacheprovider

## lint: ruff, lint and format check
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: every benchmark under bench/ (audit, faults, pipeline, receipt, scale, submit; JSON in
## bench/results/, one summary line each)
bench: install-dev system-deps messages
	@mkdir -p bench/results
	@found=0; for script in bench/*.py; do \
		[ -e "$$script" ] || continue; found=1; \
		echo "== $$script"; $(PY) "$$script" || exit 1; \
	done; \
	[ $$found = 1 ] || echo "No benchmarks yet: they arrive with the form builder (bench/submit.py) and receipts (bench/receipt.py)."

## worker / beat: Celery, when CELERY_BROKER_URL is set (e.g. redis://127.0.0.1:6379/0)
worker: install
	$(VENV)/bin/celery -A cms_site worker --loglevel=info --concurrency=2 --prefetch-multiplier=1

beat: install
	$(VENV)/bin/celery -A cms_site beat --loglevel=info

migrate: install
	$(MANAGE) migrate --noinput

demo: install
	$(MANAGE) seed_demo

## messages: compile our Persian catalogues (and the Wagtail admin supplement)
messages: install system-deps
	$(MANAGE) compilemessages --ignore '.venv' --ignore 'node_modules' >/dev/null

## makemessages: refresh locale/fa from our code (templates and Python)
makemessages: install system-deps
	$(MANAGE) makemessages -l fa -l en --no-obsolete --ignore '.venv/*' --ignore 'tests/*' \
		--ignore 'cms_site/wagtail_locale/*' --ignore 'staticfiles/*'
	$(MANAGE) makemessages -d djangojs -l fa -l en --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*'

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## system-deps: Debian packages the app needs, installed when missing (we run as root)
SYSTEM_PACKAGES := gettext libharfbuzz-subset0 libmagic1 libpango-1.0-0 libpangoft2-1.0-0
system-deps:
	@bash scripts/apt-ensure.sh $(SYSTEM_PACKAGES)

## browser-deps: Debian's Chromium for the Playwright browser tests, and poppler's
## pdftotext, with which the tests read receipts in logical (not visual) order
browser-deps:
	@bash scripts/apt-ensure.sh chromium fonts-dejavu-core poppler-utils

clean:
	rm -rf staticfiles .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name '*.mo' -print -delete
