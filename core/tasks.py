"""The outbox's Celery tasks (queue "notifications"): thin, by id."""
from celery import shared_task

from config.celery_app import RETRYING, transient_errors


@shared_task(name="core.tasks.dispatch_outbox", ignore_result=True)
def dispatch_outbox():
    from .outbox import outbox_dispatch

    return outbox_dispatch()


@shared_task(name="core.tasks.process_events", autoretry_for=transient_errors(), ignore_result=True, **RETRYING)
def process_events(event_ids):
    from .outbox import outbox_process

    return outbox_process(event_ids=event_ids)
