"""Which channel each notification type uses for a user: a default per type, overridden by stored rows."""
from .models import Channel, NotificationPreference, NotificationType

T = NotificationType

DEFAULTS = {
    T.LISTING_REVIEW: Channel.INSTANT,
    T.MATCH: Channel.DAILY,  # one notice per listing, gathered in the daily digest (instant stays a choice)
    T.SAVED_SEARCH: Channel.INSTANT,  # refined by each saved search's own frequency
    T.INTEREST: Channel.INSTANT,
    T.MESSAGE: Channel.INSTANT,
    T.OUTCOME: Channel.INSTANT,
    T.VERIFICATION: Channel.INSTANT,
    T.MODERATION: Channel.DAILY,
    T.MEETING: Channel.INSTANT,
    T.WEBHOOK: Channel.INSTANT,
}


# Types only staff are ever sent: nobody else is shown them.
STAFF_ONLY = frozenset({T.MODERATION})


def types_for(user):
    """[(type, label)] of the notifications this user can receive."""
    staff = getattr(user, "is_staff", False)
    return [(value, label) for value, label in T.choices if staff or value not in STAFF_ONLY]


def default_channel(ntype):
    return DEFAULTS.get(ntype, Channel.IN_APP)


def resolve_channel(*, stored, suggested, ntype):
    """A stored choice wins; otherwise the event's suggestion (a saved search's frequency), then the default."""
    if stored:
        if stored in (Channel.OFF, Channel.IN_APP) or not suggested:
            return stored
        return stored if ntype != T.SAVED_SEARCH else suggested
    return suggested or default_channel(ntype)


def preferences_for(user):
    """[(type, label, channel)] for the preferences page."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("type", "channel"))
    return [(value, label, stored.get(value, default_channel(value))) for value, label in types_for(user)]


def preference_set(*, user, ntype, channel):
    if ntype not in T.values or channel not in Channel.values:
        raise ValueError(f"unknown type or channel: {ntype}/{channel}")
    if channel == default_channel(ntype):
        NotificationPreference.objects.filter(user=user, type=ntype).delete()
    else:
        NotificationPreference.objects.update_or_create(user=user, type=ntype, defaults={"channel": channel})
