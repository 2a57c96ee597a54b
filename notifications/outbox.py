"""The transactional outbox: record an event with the change, hand pending events to Celery.

`outbox_record` must be called inside the transaction of the change. After commit it tries to hand the event
over at once (seconds, not minutes); if the broker is down the row stays pending and `outbox_dispatch`, run by
beat every few seconds, delivers it when the broker is back. Consumers are idempotent, so a double hand-over
(e.g. a crash between publish and the dispatched stamp) costs nothing."""
import logging

from django.db import transaction
from django.utils import timezone

from .models import OutboxEvent

logger = logging.getLogger(__name__)


def outbox_record(*, type, payload):
    event = OutboxEvent.objects.create(type=type, payload=payload)
    transaction.on_commit(lambda: outbox_dispatch(ids=[event.pk]))
    return event


def _publish(event_id):
    from .tasks import fan_out_event

    fan_out_event.apply_async(args=[event_id])


def outbox_dispatch(*, ids=None, limit=500):
    """Hand pending events to Celery; returns how many were handed over. Never raises for a broker outage."""
    handed = 0
    with transaction.atomic():
        pending = OutboxEvent.objects.select_for_update(skip_locked=True).filter(dispatched_at__isnull=True)
        if ids is not None:
            pending = pending.filter(pk__in=ids)
        events = list(pending.order_by("id")[:limit])
        for event in events:
            try:
                _publish(event.pk)
            except Exception as error:  # broker down: keep it pending, the periodic dispatcher retries
                logger.warning("outbox: could not hand event %s to the broker: %s", event.pk, error)
                OutboxEvent.objects.filter(pk=event.pk).update(
                    attempts=event.attempts + 1, last_error=str(error)[:2000]
                )
                break
            OutboxEvent.objects.filter(pk=event.pk).update(
                dispatched_at=timezone.now(), attempts=event.attempts + 1, last_error=""
            )
            handed += 1
    return handed


def outbox_pending_count():
    return OutboxEvent.objects.filter(dispatched_at__isnull=True).count()
