"""Turn outbox events into notifications: who hears it, in which channel, in whose language.

Idempotent: notifications are unique per (event, recipient) and per (recipient, key), inserted with
ON CONFLICT DO NOTHING, so a redelivered event creates nothing new. A batch of events costs one query for the
people, one per notification type for their preferences and one bulk insert, plus what handlers read."""
import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User

from .models import Channel, Notification, NotificationPreference, OutboxEvent
from .preferences import resolve_channel
from .registry import handler_for
from .run_cache import run_cache

logger = logging.getLogger(__name__)


def events_fan_out(*, event_ids):
    """Create the events' notifications; returns the ids of those that still need an instant e-mail."""
    from . import handlers  # noqa: F401  registers the built-in handlers

    with transaction.atomic(), run_cache():
        events = list(OutboxEvent.objects.filter(pk__in=list(event_ids)).order_by("id"))
        deliveries = []
        for event in events:
            handler = handler_for(event.type)
            if handler is None:
                logger.warning("outbox: no handler for event type %s", event.type)
                continue
            deliveries.extend((event, audience) for audience in handler(event))
        _deliver(deliveries)
        OutboxEvent.objects.filter(pk__in=[e.pk for e in events], processed_at__isnull=True).update(
            processed_at=timezone.now()
        )
    return list(
        Notification.objects.filter(event_id__in=[e.pk for e in events], channel=Channel.INSTANT,
                                    emailed_at__isnull=True).values_list("pk", flat=True)
    )


def _deliver(deliveries):
    wanted = {(event, audience): set(audience.user_ids) - set(audience.exclude_user_ids)
              for event, audience in deliveries}
    all_ids = set().union(*wanted.values()) if wanted else set()
    if not all_ids:
        return
    languages = dict(User.objects.filter(pk__in=all_ids, is_active=True).values_list("pk", "language"))
    types = {audience.type for _event, audience in deliveries}
    stored = defaultdict(dict)
    for user_id, ntype, channel in NotificationPreference.objects.filter(
        user_id__in=list(languages), type__in=types
    ).values_list("user_id", "type", "channel"):
        stored[ntype][user_id] = channel
    rows = []
    for (event, audience), user_ids in wanted.items():
        rendered = {}
        for user_id in sorted(user_ids):
            if user_id not in languages:
                continue  # inactive or gone
            channel = resolve_channel(stored=stored[audience.type].get(user_id), suggested=audience.channel,
                                      ntype=audience.type)
            if channel == Channel.OFF:
                continue
            language = languages[user_id] or "zh-hans"
            if language not in rendered:
                with translation.override(language):
                    rendered[language] = tuple(str(part) for part in audience.render())
            title, body = rendered[language]
            rows.append(Notification(
                recipient_id=user_id, type=audience.type, event=event, key=audience.key, title=title[:300],
                body=body, url=audience.url, listing_id=audience.listing_id, channel=channel,
            ))
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
