"""gunicorn as production runs it (config/gunicorn.py, production settings, two workers): /metrics adds up the
requests every worker answered, /readyz answers, and every log line is a JSON object."""
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.fixtures.celery_worker import free_port, wait_for
from tests.ops.test_metrics import database_url_named, sessions_gone

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def gunicorn(tmp_path, redis_url):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PROMETHEUS_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production", "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url_named("ops-gunicorn"), "CELERY_BROKER_URL": redis_url,
        "REDIS_URL": redis_url, "SEARCH_BACKEND": "database", "PORT": str(port), "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
    })
    log = open(tmp_path / "gunicorn.log", "w+")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        def answers_or_exited():
            return process.poll() is not None or (_listening(port) and get(base + "/healthz")[0] == 200)

        wait_for(answers_or_exited, timeout=60, message="gunicorn to answer")
        assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
        yield base, tmp_path / "gunicorn.log"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        wait_for(lambda: sessions_gone("ops-gunicorn"), timeout=30, message="gunicorn's database sessions to end")


def _listening(port):
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_gunicorn_workers_share_their_metrics_and_log_json(gunicorn):
    base, log_path = gunicorn
    for _ in range(6):
        assert get(base + "/")[0] == 200
    status, text = get(base + "/metrics")
    assert status == 200
    counts = {tuple(sorted(s.labels.items())): s.value for family in text_string_to_metric_families(text)
              for s in family.samples if s.name == "ctx_http_request_duration_seconds_count"}
    assert counts[(("method", "GET"), ("status", "2xx"), ("view", "marketplace:home"))] == 6

    status, body = get(base + "/readyz")
    assert status == 200 and json.loads(body)["checks"]["database"]["ok"]

    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line, gunicorn's and the application's
    assert {"time", "level", "name", "message"} <= set(records[0])
    access = [r for r in records if r["name"] == "ctx.access" and r.get("view") == "marketplace:home"]
    assert len(access) == 6 and all(r["status"] == 200 and r["duration_ms"] >= 0 for r in access)
    assert len({r["process"] for r in records if r["name"] == "gunicorn.error"}) >= 1
