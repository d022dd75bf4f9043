# make run   – everything installed, embedded PostgreSQL/Redis unless configured, demo data, web + worker + beat
# make test  – everything installed, linters, migrations check, the production smoke (scripts/smoke.py),
#              the full suite including browser tests
# make bench / make loadtest – national synthetic data in <db>_bench, figures (see README)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SERVICES := $(PY) scripts/services.py

.DEFAULT_GOAL := help
.PHONY: help install run test lint format shell clean bench loadtest lock

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev,embedded]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed ## Install Python and npm dependencies

run: install ## Start web (http://127.0.0.1:8000), worker and beat with demo data
	@mkdir -p var
	$(SERVICES) run -- sh -c '$(PY) manage.py migrate --noinput && $(PY) manage.py seed_demo && exec $(VENV)/bin/honcho --procfile Procfile.dev start'

test: install ## Linters, import contracts, migrations check, production smoke, the full suite with browser tests
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(SERVICES) test -- sh -c 'DJANGO_SETTINGS_MODULE=alisvest.settings.test $(PY) manage.py makemigrations --check --dry-run && $(PY) scripts/smoke.py && $(VENV)/bin/pytest -n 2 --dist worksteal $(PYTEST_ARGS)'

bench: install ## Every page at demo size and national scale in one run: ratios in bench/results.json
	$(PY) -m pip install --quiet ".[bench]"
	$(SERVICES) test -- $(PY) bench/run.py

loadtest: install ## gunicorn (2 workers) + Locust at 20 and 200 users on 127.0.0.1: bench/loadtest.json
	$(PY) -m pip install --quiet ".[bench]"
	$(SERVICES) test -- $(PY) bench/loadtest.py

lint: install ## Format code and templates
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	find . -path ./node_modules -prune -o -path ./.venv -prune -o -name '*.html' -print | xargs $(VENV)/bin/djhtml

lock: install ## Pin the image's Python packages with hashes (requirements.txt) from pyproject.toml
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file=requirements.txt pyproject.toml

shell: install ## Django shell against the same servers as make run
	$(SERVICES) run -- $(PY) manage.py shell

clean: ## Remove the virtualenv, node_modules and local data (var/)
	rm -rf $(VENV) node_modules var staticfiles
