"""The transactional outbox: record an event with the change, hand pending events to Celery.

`outbox_record` must be called inside the transaction of the change. After commit the events of that
transaction are handed over at once (seconds, not minutes); if the broker is down the rows stay pending and
`outbox_dispatch`, run by beat every 10 seconds, hands them over when the broker is back. An event handed over
but still unprocessed 2 minutes later is handed over again (then after 4, 6, ... minutes): its task may have died
with a worker (SIGKILL, OOM), and Redis would give that message back only after its one-hour visibility timeout. Consumers are idempotent, so
a double hand-over (e.g. a crash between publish and the "dispatched" stamp) costs nothing."""
import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxEvent

logger = logging.getLogger(__name__)

BATCH = 100  # events per fan-out task: one task handles many recipients with a constant number of queries
MAX_HANDOVERS = 20  # an event whose task keeps failing stops being handed over (it shows in the metrics)


def redispatch_after():
    return timedelta(seconds=getattr(settings, "NOTIFICATIONS_OUTBOX_REDISPATCH_SECONDS", 120))
_recorded = threading.local()


def outbox_record(*, type, payload):
    event = OutboxEvent.objects.create(type=type, payload=payload)
    if not hasattr(_recorded, "ids"):
        _recorded.ids = []
    _recorded.ids.append(event.pk)
    # One callback per event, but the first to run hands over everything the transaction recorded; ids of a
    # rolled-back transaction are simply not found.
    transaction.on_commit(_dispatch_recorded)
    return event


def _dispatch_recorded():
    ids, _recorded.ids = getattr(_recorded, "ids", []), []
    if ids:
        outbox_dispatch(ids=ids)


def _publish(event_ids):
    from .tasks import fan_out_events

    fan_out_events.apply_async(args=[event_ids])


def _stalled_ids(limit):
    """Events handed over but unprocessed for longer than their wait, which grows with each hand-over (2, 4, 6 ...
    minutes): an event only queued behind a backlog is not queued again and again."""
    now, step = timezone.now(), redispatch_after()
    candidates = (OutboxEvent.objects.filter(processed_at__isnull=True, attempts__lt=MAX_HANDOVERS,
                                             dispatched_at__lt=now - step)
                  .order_by("dispatched_at").values_list("pk", "attempts", "dispatched_at")[:limit])
    return [pk for pk, attempts, dispatched_at in candidates if dispatched_at < now - step * max(1, attempts)]


def outbox_dispatch(*, ids=None, limit=1000):
    """Hand pending events to Celery; returns how many were handed over. A broker outage is logged, not raised:
    the events stay pending for the next run."""
    handed = 0
    with transaction.atomic():
        pending = OutboxEvent.objects.select_for_update(skip_locked=True)
        if ids is not None:
            pending = pending.filter(pk__in=ids, dispatched_at__isnull=True)
        else:
            pending = pending.filter(Q(dispatched_at__isnull=True) | Q(pk__in=_stalled_ids(limit)))
        event_ids = list(pending.order_by("id").values_list("pk", flat=True)[:limit])
        for start in range(0, len(event_ids), BATCH):
            batch = event_ids[start:start + BATCH]
            try:
                _publish(batch)
            except Exception as error:  # broker down: keep them pending, the periodic dispatcher retries
                logger.warning("outbox: could not hand %d events to the broker: %s", len(batch), error)
                OutboxEvent.objects.filter(pk__in=event_ids[start:]).update(
                    attempts=F("attempts") + 1, last_error=str(error)[:2000]
                )
                break
            OutboxEvent.objects.filter(pk__in=batch).update(
                dispatched_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
            )
            handed += len(batch)
    return handed


def outbox_pending_count():
    return OutboxEvent.objects.filter(dispatched_at__isnull=True).count()
