"""Prometheus metrics: request latency by view, Celery task outcomes counted in a real worker, backlogs and index
lag read at scrape time, and who may scrape."""
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.models import WebhookDelivery, WebhookSubscription
from core.models import OutboxEvent
from tests.factories import make_listing, make_org
from tests.fixtures import celery_worker as worker_fixtures
from tests.fixtures.celery_worker import Worker, free_port, use_broker, wait_for

pytestmark = [pytest.mark.postgres]


def samples(text):
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def scrape(client, **extra):
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    return samples(response.content.decode())


def home_count(figures):
    key = ("ctx_http_request_duration_seconds_count", (("method", "GET"), ("status", "2xx"),
                                                       ("view", "marketplace:home")))
    return figures.get(key, 0)


def test_request_latency_is_counted_by_view(client, db):
    before = home_count(scrape(client))
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert home_count(scrape(client)) == before + 2


def test_backlogs_and_index_lag_are_read_when_scraped(client, db, settings):
    settings.SEARCH_BACKEND = "database"
    OutboxEvent.objects.create(type="listing.published", payload={})
    OutboxEvent.objects.create(type="listing.published", payload={}, dispatched_at="2026-01-01T00:00Z")
    org = make_org()
    subscription = WebhookSubscription.objects.create(organisation=org, url="https://partner.example/hook",
                                                      events=["ping"], secret="s")
    for status in ("pending", "retrying", "retrying", "succeeded"):
        WebhookDelivery.objects.create(subscription=subscription, event="ping", status=status)
    figures = scrape(client)
    assert figures[("ctx_outbox_backlog", (("state", "undispatched"),))] == 1
    assert figures[("ctx_outbox_backlog", (("state", "unprocessed"),))] == 1
    assert figures[("ctx_webhook_backlog", (("status", "pending"),))] == 1
    assert figures[("ctx_webhook_backlog", (("status", "retrying"),))] == 2
    assert figures[("ctx_dependency_up", (("dependency", "database"),))] == 1


@pytest.mark.elasticsearch
def test_index_lag_counts_published_listings_missing_from_the_index(client, db, use_elasticsearch):
    make_listing(make_org())  # published in the database, never indexed (its on-commit sync never ran)
    figures = scrape(client)
    assert figures[("ctx_search_published_listings", ())] == 1
    assert figures[("ctx_search_index_lag", ())] == 1
    assert figures[("ctx_dependency_up", (("dependency", "elasticsearch"),))] == 1


def test_only_allowed_addresses_or_the_token_may_scrape(client, db, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404
    settings.METRICS_ALLOWED_NETWORKS = ["203.0.113.0/24"]
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 200
    settings.METRICS_TOKEN = "scrape-secret"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret").status_code == 200


@pytest.mark.celery
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_counts_its_tasks_succeeded_and_failed(celery_broker_url, django_db_blocker, tmp_path, monkeypatch):
    from config.celery_app import app

    port = free_port()
    monkeypatch.setenv("CELERY_METRICS_PORT", str(port))
    worker = Worker(name="metrics", broker_url=celery_broker_url, mail_dir=tmp_path / "mail",
                    log_path=tmp_path / "worker.log")
    with django_db_blocker.unblock():
        worker.start(database_url=database_url_named("ops-metrics-worker"))
    previous, eager = app.conf.broker_url, app.conf.task_always_eager
    use_broker(celery_broker_url)
    app.conf.task_always_eager = False
    try:
        app.send_task("core.tasks.dispatch_outbox")
        app.send_task("core.tasks.process_events", args=[None])  # a TypeError: not retried, fails

        def counted():
            try:
                text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
            except OSError:
                return None
            figures = samples(text)
            done = figures.get(("ctx_celery_tasks_total", (("outcome", "succeeded"),
                                                           ("task", "core.tasks.dispatch_outbox"))))
            failed = figures.get(("ctx_celery_tasks_total", (("outcome", "failed"),
                                                             ("task", "core.tasks.process_events"))))
            return (done, failed) if done and failed else None

        assert wait_for(counted, timeout=60, message="the worker's task counts") == (1.0, 1.0)
    finally:
        app.conf.task_always_eager = eager
        use_broker(previous)
        worker.stop()
        wait_for(lambda: sessions_gone("ops-metrics-worker"), timeout=30, message="the worker's sessions to end")


def database_url_named(name):
    """The test database's URL for a process of ours, its sessions named so that we can wait for them to end."""
    return f"{worker_fixtures.test_database_url()}?application_name={name}"


def sessions_gone(name):
    """A stopped process's database sessions end a moment after it (else dropping the test database fails)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [name])
        return cursor.fetchone()[0] == 0
