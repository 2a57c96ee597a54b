#!/usr/bin/env bash
# `make bench-api`: the partner API under gunicorn on PostgreSQL and Elasticsearch with a large catalogue
# (100,000 listings by default, generated once into a scratch database and index). Prints JSON; not a test.
#   BENCH_LISTINGS=20000 bash scripts/bench_api.sh --requests 500
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.env
PY=.venv/bin/python
: "${BENCH_API_DB:=ctx_api_bench}"
: "${BENCH_LISTINGS:=100000}"
export DATABASE_URL="postgres://ctx:ctx@127.0.0.1:${PG_PORT}/${BENCH_API_DB}"
export SEARCH_INDEX_PREFIX=ctx-apibench SEARCH_BACKEND=elasticsearch DJANGO_SETTINGS_MODULE=config.settings.test
"$PY" - <<PYEOF
import psycopg
with psycopg.connect("postgres://ctx:ctx@127.0.0.1:${PG_PORT}/postgres", autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", ["${BENCH_API_DB}"]).fetchone():
        connection.execute('CREATE DATABASE "${BENCH_API_DB}"')
PYEOF
"$PY" manage.py migrate --noinput -v0
exec "$PY" manage.py benchmark_api --listings "$BENCH_LISTINGS" "$@"
