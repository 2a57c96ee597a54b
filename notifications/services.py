"""Writes of the notifications app that people trigger from pages."""
from django.utils import timezone

from .models import Channel, Notification, NotificationType
from .preferences import preference_set, preferences_for, types_for
from .tokens import read_unsubscribe_token


def notification_mark_read(*, user, notification_id):
    """Mark one of the user's notifications read; returns it (None when it is not theirs)."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification and notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_settle(*, keys):
    """Mark read, for everyone, the notices of these keys: what they asked for is done (the curators' queue is
    empty, the interest was answered). Not mailed later either: digests leave out what was read."""
    if not keys:
        return 0
    return Notification.objects.filter(key__in=list(keys), read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_update(*, user, choices):
    """choices: {type: channel}; unknown keys, and types the user is never sent, are ignored."""
    allowed = {value for value, _label in types_for(user)}
    for ntype, channel in choices.items():
        if ntype in allowed and channel in Channel.values:
            preference_set(user=user, ntype=ntype, channel=channel)


def unsubscribe(*, token):
    """Apply a one-click unsubscribe. Returns (user_id, type) or None for a forged or damaged token.

    A type's e-mail stops (it stays on the site); a digest token stops that digest for every type in it."""
    from accounts.models import User

    data = read_unsubscribe_token(token)
    if data is None:
        return None
    user_id, ntype = data
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    if ntype.startswith("digest-"):
        channel = Channel.DAILY if ntype == "digest-daily" else Channel.WEEKLY
        for value, _label, current in preferences_for(user):
            if current == channel:
                preference_set(user=user, ntype=value, channel=Channel.IN_APP)
        return data
    if ntype not in NotificationType.values:
        return None
    preference_set(user=user, ntype=ntype, channel=Channel.IN_APP)
    return data
