"""Turn one outbox event into notifications: who hears it, in which channel, in whose language.

Idempotent: notifications are unique per (event, recipient) and per (recipient, key), inserted with
ON CONFLICT DO NOTHING, so a redelivered event creates nothing new. Queries do not grow with the number of
recipients except for the bulk insert itself."""
import logging

from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User

from .models import Channel, Notification, OutboxEvent
from .preferences import resolve_channel, stored_preferences
from .registry import handler_for

logger = logging.getLogger(__name__)

EMAIL_CHANNELS = (Channel.INSTANT,)


def event_fan_out(*, event_id):
    """Create the event's notifications; returns the ids of those that need an instant e-mail."""
    from . import handlers  # noqa: F401  registers the built-in handlers

    with transaction.atomic():
        event = OutboxEvent.objects.filter(pk=event_id).first()
        if event is None:
            return []
        handler = handler_for(event.type)
        audiences = handler(event) if handler else []
        if handler is None:
            logger.warning("outbox: no handler for event type %s", event.type)
        for audience in audiences:
            _deliver(event, audience)
        if event.processed_at is None:
            OutboxEvent.objects.filter(pk=event.pk).update(processed_at=timezone.now())
    return list(
        Notification.objects.filter(event_id=event_id, channel=Channel.INSTANT, emailed_at__isnull=True)
        .values_list("pk", flat=True)
    )


def _deliver(event, audience):
    user_ids = set(audience.user_ids) - set(audience.exclude_user_ids)
    if not user_ids:
        return
    users = list(User.objects.filter(pk__in=user_ids, is_active=True).only("pk", "language"))
    stored = stored_preferences(user_ids=[u.pk for u in users], ntype=audience.type)
    rendered = {}
    rows = []
    for user in users:
        channel = resolve_channel(stored=stored.get(user.pk), suggested=audience.channel, ntype=audience.type)
        if channel == Channel.OFF:
            continue
        language = user.language or "zh-hans"
        if language not in rendered:
            with translation.override(language):
                rendered[language] = tuple(str(part) for part in audience.render())
        title, body = rendered[language]
        rows.append(Notification(
            recipient_id=user.pk, type=audience.type, event=event, key=audience.key, title=title[:300],
            body=body, url=audience.url, channel=channel,
        ))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
