#!/usr/bin/env bash
# make test: lint (ruff check, the rules of pyproject.toml), start the real services that are not already running,
# run pytest against them, then stop ONLY the services this invocation started (also when pytest fails or is
# interrupted); exit with pytest's code.
# Services that were already up (e.g. after `make services-up`) are reused and left running.
#   scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/services.env
source scripts/services.env
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.test}"
PYTHON="${PYTHON:-.venv/bin/python}"

# Findings fail the run before any service starts.
"$PYTHON" -m ruff check .

started_file="$(mktemp "${TMPDIR:-/tmp}/ctx-started-by-us.XXXXXX")"
cleanup() {
    local rc=$? started
    trap - EXIT INT TERM
    started="$(tr '\n' ' ' <"$started_file" 2>/dev/null | xargs || true)"
    rm -f "$started_file"
    if [ -n "$started" ]; then
        echo "[test] stopping the services this run started: $started"
        SERVICES="$started" bash scripts/services.sh down || rc=${rc:-1}
    else
        echo "[test] no services were started by this run; leaving running services alone"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

STARTED_BY_US_OUT="$started_file" bash scripts/services.sh up

echo "[test] DJANGO_SETTINGS_MODULE=$DJANGO_SETTINGS_MODULE ELASTICSEARCH_URL=$ELASTICSEARCH_URL DATABASE_URL=$DATABASE_URL REDIS_URL=$REDIS_URL"
set +e
"$PYTHON" -m pytest "$@"
rc=$?
set -e
echo "[test] pytest exited with $rc"
exit "$rc"
