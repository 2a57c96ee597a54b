# Thin wrappers: the logic lives in scripts/services.sh (real Elasticsearch/PostgreSQL/Redis) and scripts/test.sh.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: venv services-up services-down services-status lint test demo bench-api drill

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -r requirements-dev.txt
	touch $@

# A developer's services: Elasticsearch, PostgreSQL, Redis, plus a Celery worker and beat against them.
# (The test suite starts its own worker on a separate Redis database.)
services-up: venv
	bash scripts/services.sh up
	bash scripts/celery.sh start

services-down:
	bash scripts/celery.sh stop
	bash scripts/services.sh down

services-status:
	bash scripts/services.sh status
	bash scripts/celery.sh status

# The linter alone (test runs it too): the rules of pyproject.toml's [tool.ruff].
lint: venv
	$(VENV)/bin/python -m ruff check .

# Lints, then starts only the services not already running, runs pytest, stops only what it started; pytest's exit code.
test: venv
	bash scripts/test.sh $(PYTEST_ARGS)

# Zero-service demo (SQLite, database search backend). PORT reaches the settings: e-mail links use it.
demo: venv
	@command -v msgfmt >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y gettext; } || echo "gettext (msgfmt) not available: skipping compilemessages"
	export DJANGO_SETTINGS_MODULE=config.settings.demo PORT=$(PORT) && \
	if command -v msgfmt >/dev/null 2>&1; then $(VENV)/bin/python manage.py compilemessages --ignore=.venv --ignore=.cache; fi && \
	$(VENV)/bin/python manage.py migrate --noinput && \
	$(VENV)/bin/python manage.py load_demo && \
	$(VENV)/bin/python manage.py runserver 127.0.0.1:$(PORT)

# Benchmarks print JSON; they are run on purpose, never by the test suite.
bench-api: venv
	bash scripts/bench_api.sh

# The failure drill: 2-node Elasticsearch, PostgreSQL, Redis, gunicorn, two workers, traffic and faults; JSON.
drill: venv
	bash scripts/drill.sh
