#!/usr/bin/env bash
# A developer's Celery worker (queues celery, indexing, notifications, webhooks) and beat, under
# config.settings.local against the Redis, PostgreSQL and Elasticsearch of scripts/services.env (the test suite
# starts a worker of its own under config.settings.test: tests/fixtures/celery_worker.py). Idempotent; stops
# only the processes it started (by their pid files).
#   scripts/celery.sh start|stop|status
# Production runs the same two commands under its process manager:
#   celery -A config worker -Q celery,indexing,notifications,webhooks --concurrency=N --loglevel=INFO
#   celery -A config beat --loglevel=INFO --schedule=/var/lib/ctx/celerybeat-schedule
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/services.env
source scripts/services.env
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"
export CELERY_TASK_ALWAYS_EAGER=false
# DEBUG keeps every query of a long-lived worker in memory (Celery warns of the leak): off unless asked for.
export DJANGO_DEBUG="${DJANGO_DEBUG:-false}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-$REDIS_URL}"
PYTHON="${PYTHON:-.venv/bin/python}"
RUN_DIR="${CELERY_RUN_DIR:-.cache/celery}"
QUEUES="celery,indexing,notifications,webhooks"
mkdir -p "$RUN_DIR"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
    if alive "$RUN_DIR/worker.pid"; then
        echo "[celery] worker already running (pid $(cat "$RUN_DIR/worker.pid"))"
    else
        "$PYTHON" -m celery -A config worker -Q "$QUEUES" --concurrency="${CELERY_CONCURRENCY:-2}" \
            -n "ctx-dev@%h" --loglevel=INFO --detach \
            --pidfile="$RUN_DIR/worker.pid" --logfile="$RUN_DIR/worker.log"
        echo "[celery] worker starting (log $RUN_DIR/worker.log)"
    fi
    if alive "$RUN_DIR/beat.pid"; then
        echo "[celery] beat already running (pid $(cat "$RUN_DIR/beat.pid"))"
    else
        "$PYTHON" -m celery -A config beat --loglevel=INFO --detach --schedule="$RUN_DIR/beat-schedule" \
            --pidfile="$RUN_DIR/beat.pid" --logfile="$RUN_DIR/beat.log"
        echo "[celery] beat starting (log $RUN_DIR/beat.log)"
    fi
    for _ in $(seq 1 60); do
        if "$PYTHON" -m celery -A config inspect ping -d "ctx-dev@$(hostname)" --timeout 1 >/dev/null 2>&1; then
            echo "[celery] worker answers"
            return 0
        fi
        sleep 1
    done
    echo "[celery] the worker did not answer within 60 s; see $RUN_DIR/worker.log" >&2
    return 1
}

stop() {
    for name in beat worker; do
        if alive "$RUN_DIR/$name.pid"; then
            pid="$(cat "$RUN_DIR/$name.pid")"
            kill -TERM "$pid"
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
            echo "[celery] $name stopped"
        fi
        rm -f "$RUN_DIR/$name.pid"
    done
}

status() {
    echo "settings: $DJANGO_SETTINGS_MODULE"
    for name in worker beat; do
        if alive "$RUN_DIR/$name.pid"; then echo "$name: running (pid $(cat "$RUN_DIR/$name.pid"))"
        else echo "$name: stopped"; fi
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
