# The everyday commands; README.md lists them. `make test` is what CI runs (see .ci/run).
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

VENV := .venv
PYTHON := $(VENV)/bin/python
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-x -k seed"`.
PYTEST_ARGS ?=

.PHONY: help install python-deps chromium run test lint format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

install: python-deps node_modules/.package-lock.json chromium .env ## Install everything run and test need

# uv installs the locked Python dependencies. When it is missing, pip installs it; `python3 -m uv`
# covers a pip that put the uv script somewhere off PATH.
python-deps:
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv
	@echo "uv sync --frozen"
	@$$(command -v uv || echo python3 -m uv) sync --frozen

# Front-end libraries from package-lock.json; reinstalled only when the lock file changes.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The browser tests drive Debian's chromium (not a browser Playwright downloads).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
		else \
			echo "Note: /usr/bin/chromium is missing; browser tests will be skipped" \
				"until someone runs: sudo apt-get install chromium"; \
		fi; \
	fi

# Development settings for a fresh clone; an existing .env is never overwritten.
.env:
	printf 'DEBUG=true\n' > $@

run: install ## Migrate, seed the demo, then serve web, worker and beat until Ctrl-C
	$(PYTHON) manage.py migrate
	$(PYTHON) manage.py seed_demo
	@echo "Rapport: http://127.0.0.1:8000 (Ctrl-C stops web, worker and beat)"
	$(VENV)/bin/honcho start --procfile Procfile

test: install ## What CI checks: ruff, migrations in step with the models, the test suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: python-deps ## ruff lint and format checks, changing nothing
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: python-deps ## Format the code and apply ruff's safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Delete installed dependencies, caches and test output; keeps var/ (your data)
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis var/test var/staticfiles \
		tests/e2e/screenshots bench/results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# The health benchmark (bench/health_recompute.py) runs on PostgreSQL, in a database of its own so
# that it never fills a development database with its 10,000 contacts:
# `make bench BENCH_DATABASE_URL=postgres://...` picks another one (created when missing).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/rapport_bench

.PHONY: bench bench-health bench-duplicates
bench: bench-health bench-duplicates bench-dashboard ## Run every benchmark (PostgreSQL); results in bench/results/

bench-health: python-deps .env ## Time the nightly health recompute against its floor (PostgreSQL)
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PYTHON) bench/health_recompute.py

bench-duplicates: python-deps .env ## Time the duplicate finder against its floor (PostgreSQL)
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PYTHON) bench/duplicates.py

# The dashboard benchmark (bench/dashboard.py) has a database of its own, plus a copy of it named
# <name>_crowded that adds 100 other users and 1,000,000 contacts (built once, then reused).
BENCH_DASHBOARD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/rapport_bench_dashboard

.PHONY: bench-dashboard
bench-dashboard: python-deps .env ## Time dashboard, contact list and search under gunicorn vs a floor
	DATABASE_URL="$(BENCH_DASHBOARD_DATABASE_URL)" $(PYTHON) bench/dashboard.py

# The digest benchmark (bench/digests.py): a database and a Redis database of its own, so that
# its 5,000 users never land in a development database. `make bench` runs it too.
BENCH_DIGESTS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/rapport_bench_digests
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14

.PHONY: bench-digests
bench-digests: python-deps .env ## Digests for 5,000 users through a worker and Redis, against a bare smtplib loop
	DATABASE_URL="$(BENCH_DIGESTS_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" $(PYTHON) bench/digests.py

bench: bench-digests

# The import benchmark (bench/imports.py): a database of its own, emptied between runs.
BENCH_IMPORT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/rapport_bench_import

.PHONY: bench-import
bench-import: python-deps .env ## Import a 30,000-row LinkedIn export against csv + bulk_create (PostgreSQL)
	DATABASE_URL="$(BENCH_IMPORT_DATABASE_URL)" $(PYTHON) bench/imports.py

bench: bench-import
