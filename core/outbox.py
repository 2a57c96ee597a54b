"""The transactional outbox: the one record of what happened, and the reactions that follow it.

`outbox_record` is called inside the transaction of the change. After commit the events of that transaction are
handed to Celery at once (seconds, not minutes); if the broker is down the rows stay pending and
`outbox_dispatch`, run by beat every 10 seconds, hands them over when the broker is back; an event handed over
but still unprocessed 2 minutes later is handed over again (then after 4, 6, ... minutes): its task may have died
with a worker (SIGKILL, OOM), and Redis would give that message back only after its visibility timeout.
`outbox_process` runs
each reaction the registry (settings.OUTBOX_REACTIONS, config/reactions.py) lists for the event's type, each in
a transaction of its own, and writes the reaction's receipt once its work and what it scheduled after commit went
through: a reaction that fails is retried alone, the others are not run again. Reactions are idempotent by
their own keys too (one notification per event and recipient, one webhook delivery per event and subscription),
so a double hand-over (e.g. a crash between publish and the "dispatched" stamp) costs nothing."""
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .app_settings import app_settings
from .models import OutboxEvent, OutboxReceipt

logger = logging.getLogger(__name__)

BATCH = 100  # events per task: a reaction handles many events with a constant number of queries
MAX_HANDOVERS = 20  # an event whose task keeps failing stops being handed over (it shows in the metrics)
_recorded = threading.local()


def _always(payload):
    return True


@dataclass(frozen=True, eq=False)  # hashed by identity: one registered reaction
class Reaction:
    """`run(events)` makes one consumer's effect agree with these events (a list of OutboxEvent of one type);
    `name` keys its receipts (unique among the reactions of a type); `applies(payload)` leaves out events it
    has nothing to do with, and an event no reaction applies to is settled when recorded, with no task."""

    name: str
    run: Callable
    applies: Callable = _always


def reactions_for(event_type, payload):
    reactions = import_string(app_settings.OUTBOX_REACTIONS).get(event_type, ())
    return [reaction for reaction in reactions if reaction.applies(payload)]


def outbox_record(*, type, payload):
    if not reactions_for(type, payload):
        now = timezone.now()  # kept as the record of what happened; nothing to hand over
        return OutboxEvent.objects.create(type=type, payload=payload, dispatched_at=now, processed_at=now)
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
    from .tasks import process_events

    process_events.apply_async(args=[event_ids])


def redispatch_after():
    return timedelta(seconds=app_settings.OUTBOX_REDISPATCH_SECONDS)


def _stalled_ids(limit):
    """Events handed over but unprocessed for longer than their wait, which grows with each hand-over (2, 4, 6 ...
    minutes): an event only queued behind a backlog is not queued again and again."""
    now, step = timezone.now(), redispatch_after()
    candidates = (OutboxEvent.objects.filter(processed_at__isnull=True, attempts__lt=MAX_HANDOVERS,
                                             dispatched_at__lt=now - step)
                  .order_by("dispatched_at").values_list("pk", "attempts", "dispatched_at")[:limit])
    return [pk for pk, attempts, dispatched_at in candidates if dispatched_at < now - step * max(1, attempts)]


def outbox_dispatch(*, ids=None, limit=1000):
    """Hand pending events to Celery, and again those whose task died unprocessed; returns how many were handed
    over. A broker outage is logged, not raised: the events stay pending for the next run."""
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


def outbox_process(*, event_ids):
    """Run the reactions these events still lack; stamp the events all of whose reactions are done. Raises the
    first failure after every other reaction had its turn, so that the task retries (the failed one only)."""
    events = list(OutboxEvent.objects.filter(pk__in=list(event_ids), processed_at__isnull=True).order_by("id"))
    done = set(OutboxReceipt.objects.filter(event__in=events).values_list("event_id", "reaction"))
    wanted, plan = {}, {}
    for event in events:
        reactions = reactions_for(event.type, event.payload)
        wanted[event.pk] = {reaction.name for reaction in reactions}
        for reaction in reactions:
            if (event.pk, reaction.name) not in done:
                plan.setdefault(reaction, []).append(event)
    failure = None
    for reaction, todo in plan.items():
        try:
            with transaction.atomic():
                reaction.run(todo)
            # Written after commit and after what the reaction scheduled on commit (e-mails, deliveries) went out.
            OutboxReceipt.objects.bulk_create([OutboxReceipt(event=event, reaction=reaction.name) for event in todo],
                                              ignore_conflicts=True)
            done |= {(event.pk, reaction.name) for event in todo}
        except Exception as error:
            logger.exception("outbox: reaction %s failed on events %s", reaction.name, [e.pk for e in todo])
            failure = failure or error
    finished = [pk for pk, names in wanted.items() if all((pk, name) in done for name in names)]
    OutboxEvent.objects.filter(pk__in=finished, processed_at__isnull=True).update(processed_at=timezone.now())
    if failure is not None:
        raise failure
    return len(finished)


def outbox_pending_count():
    return OutboxEvent.objects.filter(dispatched_at__isnull=True).count()
