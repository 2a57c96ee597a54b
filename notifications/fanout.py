"""The notifications' reaction to events: who hears it, in which channel, in whose language, then the instant
e-mails.

`notify(audiences)` makes a reaction (core.outbox.Reaction) of a function that says, for one event, who hears
what (a list of Audience); config/reactions.py registers one per event type. Idempotent: notifications are unique
per (event, recipient) and per (recipient, key), inserted with ON CONFLICT DO NOTHING, so a redelivered event
creates nothing new. A batch of events costs one query for the people, one per notification type for their
preferences and one bulk insert, plus what the audience functions read.

A regrouping audience (`regroup=True`, with a key) keeps one notice per recipient and key: a later event brings it
back unread and on top with its text refreshed, instead of adding another (one "new matches" notice per listing
however many matches arrive). `settle(keys)` is the reaction that marks such notices read once nothing is left to
do about them (the queue a curator was told about is empty, the interest was answered)."""
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models import Case, DateTimeField, F, Q, When
from django.utils import timezone, translation

from accounts.models import User
from core.outbox import Reaction

from .app_settings import app_settings
from .models import Channel, Notification, NotificationPreference
from .preferences import resolve_channel
from .run_cache import run_cache


@dataclass(eq=False)  # hashed by identity: one audience of one event
class Audience:
    user_ids: list
    type: str  # NotificationType
    render: Callable  # () -> (title, body); called once per language, inside translation.override
    url: str = ""
    key: str = ""  # collapses repeats per recipient; blank: one per event and recipient
    channel: str | None = None  # a suggestion (e.g. a saved search's frequency); stored preferences win
    exclude_user_ids: set = field(default_factory=set)
    # The listing the text names, if any: e-mails and digests go only to those who may still read it when sent.
    listing_id: int | None = None
    regroup: bool = False  # with a key: later events refresh and reopen the recipient's notice (see above)


def notify(audiences):
    """The reaction that tells people about an event: `audiences(event)` -> [Audience]."""
    return Reaction(name=f"notify:{audiences.__name__}", run=partial(events_notify, audiences=audiences))


def events_notify(events, *, audiences):
    """Create the events' notifications, then (after commit) hand their instant e-mails to the mail task."""
    from .tasks import send_notification_emails

    with run_cache():
        reopened = _deliver([(event, audience) for event in events for audience in audiences(event)])
    ids = list(Notification.objects.filter(Q(event__in=events) | Q(pk__in=reopened), channel=Channel.INSTANT,
                                           emailed_at__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(ids), app_settings.EMAIL_BATCH):
        chunk = ids[start:start + app_settings.EMAIL_BATCH]
        transaction.on_commit(lambda chunk=chunk: send_notification_emails.delay(chunk))


def settle(keys):
    """The reaction that marks notices read once what they told of is done: `keys(event)` -> [notification key]."""
    return Reaction(name=f"settle:{keys.__name__}", run=partial(events_settle, keys=keys))


def events_settle(events, *, keys):
    from .services import notifications_settle

    for event in events:
        notifications_settle(keys=keys(event))


def _deliver(deliveries):
    """Insert the notifications (and refresh the regrouped ones); returns the ids of the notices reopened."""
    wanted = {(event, audience): set(audience.user_ids) - set(audience.exclude_user_ids)
              for event, audience in deliveries}
    all_ids = set().union(*wanted.values()) if wanted else set()
    if not all_ids:
        return []
    languages = dict(User.objects.filter(pk__in=all_ids, is_active=True).values_list("pk", "language"))
    types = {audience.type for _event, audience in deliveries}
    stored = defaultdict(dict)
    for user_id, ntype, channel in NotificationPreference.objects.filter(
        user_id__in=list(languages), type__in=types
    ).values_list("user_id", "type", "channel"):
        stored[ntype][user_id] = channel
    rows, regrouped = [], []
    for (event, audience), user_ids in wanted.items():
        rendered, groups = {}, defaultdict(list)
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
            groups[(language, channel)].append(user_id)
        if audience.regroup and audience.key:
            regrouped.extend((event, audience, rendered[language], channel, ids)
                             for (language, channel), ids in groups.items())
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return [pk for item in regrouped for pk in _reopen(*item)]


def _reopen(event, audience, text, channel, user_ids):
    """Bring back the recipients' earlier notice of this key with the event's text: unread, on top, to be mailed
    again (an instant one only if it had been read: a notice still unread was mailed once, which is enough). A
    notice read after this event (a redelivery) stays read."""
    title, body = text
    notices = (Notification.objects.filter(recipient_id__in=user_ids, key=audience.key).exclude(event=event)
               .filter(Q(read_at__isnull=True) | Q(read_at__lt=event.created_at)))
    ids = list(notices.values_list("pk", flat=True))
    if ids:
        keep_mail = Case(When(read_at__isnull=True, then=F("emailed_at")), default=None, output_field=DateTimeField())
        Notification.objects.filter(pk__in=ids).update(
            title=title[:300], body=body, url=audience.url, listing_id=audience.listing_id, channel=channel,
            created_at=timezone.now(), read_at=None, email_error="",
            emailed_at=keep_mail if channel == Channel.INSTANT else None,
        )
    return ids
