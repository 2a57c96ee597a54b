"""/healthz and /readyz in each state, against the real services: everything up (ok), Elasticsearch down
(degraded: search falls back), Redis down (degraded), the index lost (degraded, repaired at once), the database
down (unavailable, 503: checked in a separate process whose database address has nothing listening)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marketplace.models import Listing
from matching.index_health import index_health
from tests.matching.test_index_health import lose_the_index
from tests.matching.test_index_sync import closed_port, indexed_ids, people, publish  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.elasticsearch]


@pytest.fixture
def broker(settings, redis_client, redis_url):
    settings.CELERY_BROKER_URL = redis_url  # the real Redis (redis_client fails the test when it is not there)
    return redis_url


@pytest.fixture
def catalogue(people, broker):  # noqa: F811
    return [publish(people, "lab", Listing.Kind.CAPABILITY, f"数字文旅能力 {n}", "文旅数字化")
            for n in range(2)]


def readyz(client):
    response = client.get("/readyz")
    assert response["Content-Type"] == "application/json" and response["Cache-Control"].startswith("max-age=0")
    return response.status_code, response.json()


def test_healthz_answers_without_touching_any_service(client, settings):
    # No database access is allowed in this test (pytest-django raises on any), the other services point nowhere.
    settings.ELASTICSEARCH_URL = settings.CELERY_BROKER_URL = "http://127.0.0.1:1"
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")  # by address, whatever ALLOWED_HOSTS says
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_ready_when_every_service_answers(client, catalogue):
    code, body = readyz(client)
    assert (code, body["status"]) == (200, "ok")
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "redis": True, "elasticsearch": True}
    index = body["checks"]["elasticsearch"]
    assert (index["published"], index["documents"], index["lag"], index["whole"]) == (2, 2, 0, True)
    assert index["last_sync_seconds"] is not None


def test_degraded_but_serving_when_elasticsearch_is_down(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    code, body = readyz(client)
    assert (code, body["status"]) == (200, "degraded")
    assert body["checks"]["elasticsearch"]["ok"] is False and "error" in body["checks"]["elasticsearch"]
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]
    # ... and the site does serve: search answers from the database.
    assert client.get("/api/v1/search/", {"q": "文旅"}).json()["count"] == 2


def test_degraded_when_redis_is_down(client, catalogue, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    code, body = readyz(client)
    assert (code, body["status"]) == (200, "degraded")
    assert body["checks"]["redis"]["ok"] is False and body["checks"]["elasticsearch"]["ok"]


def test_a_lost_index_is_reported_and_repaired_at_once(client, catalogue):
    lose_the_index()
    code, body = readyz(client)
    assert (code, body["status"]) == (200, "degraded")
    index = body["checks"]["elasticsearch"]
    assert index["needs_rebuild"] and index["documents"] == 0 and index["repair_requested"]
    # Tasks run in-process in the tests: the repair the probe asked for has run.
    assert index_health().whole and indexed_ids() == {listing.pk for listing in catalogue}
    assert readyz(client)[1]["status"] == "ok"


def test_unavailable_when_the_database_is_down(tmp_path):
    script = ("import django, json; django.setup(); from django.test import Client; "
              "r = Client().get('/readyz'); print(json.dumps({'code': r.status_code, 'body': r.json()}))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": f"postgres://ctx:ctx@127.0.0.1:{closed_port()}/ctx", "SEARCH_BACKEND": "elasticsearch"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert (answer["code"], answer["body"]["status"]) == (503, "unavailable")
    checks = answer["body"]["checks"]
    assert checks["database"]["ok"] is False and "OperationalError" in checks["database"]["error"]
    assert checks["elasticsearch"]["ok"] is None  # not checked: it needs the database's counts
