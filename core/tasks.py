"""The outbox's Celery tasks (queue "notifications"): thin, by id."""
from celery import shared_task

from config.celery_app import RETRY_TRANSIENT


@shared_task(name="core.tasks.dispatch_outbox")
def dispatch_outbox():
    from .outbox import outbox_dispatch

    return outbox_dispatch()


@shared_task(name="core.tasks.process_events", **RETRY_TRANSIENT)
def process_events(event_ids):
    from .outbox import outbox_process

    return outbox_process(event_ids=event_ids)
