"""The Celery app's contract: JSON only, late acks, one message at a time, time limits, named queues, and a
beat schedule whose tasks exist."""
import pytest

from config.celery_app import app


def test_the_app_is_configured_for_safe_delivery():
    conf = app.conf
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit


@pytest.mark.parametrize("task, queue", [
    ("core.tasks.process_events", "notifications"),
    ("collaboration.tasks.remind_unanswered_interests", "notifications"),
    ("matching.tasks.listing_sync", "indexing"),
    ("api.tasks.deliver_webhook", "webhooks"),
])
def test_tasks_are_routed_to_their_queue_by_name(task, queue):
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"core.tasks.dispatch_outbox", "notifications.tasks.send_digests",
            "collaboration.tasks.remind_unanswered_interests", "marketplace.tasks.expire_listings",
            "matching.tasks.search_reconcile_task", "api.tasks.retry_due_webhooks"} <= scheduled
    assert scheduled <= set(app.tasks)
    assert scheduled <= set(app.tasks)
    assert app.conf.beat_schedule["dispatch-outbox"]["schedule"] <= 15


def test_transient_errors_are_retried_with_backoff_and_jitter():
    task = app.tasks["core.tasks.process_events"]
    assert task.autoretry_for and task.retry_backoff and task.retry_jitter and task.max_retries
