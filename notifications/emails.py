"""E-mail for notifications: one instant message per notification, and daily/weekly digests.

Exactly one e-mail per notification: the rows are locked (skip_locked, so two workers never take the same row),
`emailed_at` is stamped in the same transaction as the send; a redelivered task finds it stamped and sends
nothing. A message the server refuses is stamped too, with `email_error`, and the others still go; if the
server goes away midway, what was sent stays stamped and the task retries the rest. A notification naming a
listing its recipient may no longer read (closed, withdrawn, made visible to verified organisations only since)
is not sent; it is stamped all the same, as settled."""
from collections import defaultdict
from urllib.parse import urlsplit

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.app_settings import app_settings
from core.mail import MailServerUnavailable, compose, in_language_of, open_connection, send_each, send_one
from marketplace.models import Listing
from marketplace.selectors import readers_of

from .models import Channel, Notification, NotificationType
from .tokens import unsubscribe_token


def _mail_domain():
    return urlsplit(app_settings.SITE_URL).hostname or "localhost"


def _unsubscribe_url(user_id, ntype):
    token = unsubscribe_token(user_id=user_id, ntype=ntype)
    return app_settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def _message(*, recipient, subject, template, context, unsubscribe_url, headers=None):
    context = {**context, "recipient": recipient, "site_url": app_settings.SITE_URL,
               "unsubscribe_url": unsubscribe_url, "site_name": _(app_settings.SITE_NAME)}  # in the reader's language
    return compose(to=[recipient.email], subject=subject, text=render_to_string(f"email/{template}.txt", context),
                   html=render_to_string(f"email/{template}.html", context), unsubscribe_url=unsubscribe_url,
                   headers=headers)


def _unreadable(notifications):
    """Ids of the notifications whose recipient may not read the listing they name, as of now."""
    named = defaultdict(list)
    for notification in notifications:
        if notification.listing_id:
            named[notification.listing_id].append(notification)
    listings = Listing.objects.in_bulk(list(named))
    unreadable = set()
    for listing_id, items in named.items():
        readers = readers_of(listings[listing_id], {n.recipient_id for n in items}) if listing_id in listings else set()
        unreadable |= {n.pk for n in items if n.recipient_id not in readers}
    return unreadable


def notification_emails_send(*, notification_ids):
    """Send the instant e-mails of these notifications that were not sent yet; returns how many were sent.

    One transaction per e-mail: the stamp commits as its message is handed to the mail server, so a worker
    killed in the middle of a batch leaves at most the message in flight to be sent again (with the same
    Message-ID), not the part of the batch it had already sent. A refused message keeps its stamp with the
    reason; MailServerUnavailable rolls back only the message in hand and reaches the task, which retries."""
    sent = 0
    connection = open_connection()
    try:
        for notification_id in notification_ids:
            with transaction.atomic():
                notification = (
                    Notification.objects.select_for_update(skip_locked=True, of=("self",)).select_related("recipient")
                    .filter(pk=notification_id, emailed_at__isnull=True, channel=Channel.INSTANT).first()
                )
                if notification is None:
                    continue  # sent already, or another worker holds it
                # Stamped before the send, in the same transaction: a failed send rolls the stamp back, and a
                # worker killed after the send leaves only the commit undone (the narrowest window there is).
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
                recipient = notification.recipient
                if not recipient.email or not recipient.is_active or _unreadable([notification]):
                    continue
                with in_language_of(recipient):
                    message = _message(
                        recipient=recipient, subject=notification.title, template="notification",
                        context={"notification": notification,
                                 "link": app_settings.SITE_URL + (notification.url or "/"),
                                 "type_label": NotificationType(notification.type).label},
                        unsubscribe_url=_unsubscribe_url(recipient.pk, notification.type),
                        # One Message-ID per notification: should a send be repeated (a worker killed between
                        # the send and its commit), mail servers and clients see the same message.
                        headers={"X-CTX-Notification": str(notification.pk),
                                 "Message-ID": f"<notification-{notification.pk}@{_mail_domain()}>"},
                    )
                error = send_one(message, connection=connection)
                if error is None:
                    sent += 1
                else:
                    Notification.objects.filter(pk=notification.pk).update(email_error=_reason(error))
    finally:
        connection.close()
    return sent


def _reason(error):
    return f"{type(error).__name__}: {error}"[:300]


def _send_and_stamp(batch, *, nobody, connection=None):
    """Send each (message, notification ids) of the batch; stamp the notifications of each message sent, of each
    message refused (with the reason: it is not tried again) and those with `nobody` to write to. Returns (how
    many were sent, MailServerUnavailable or None); the caller raises the latter once its transaction has
    committed, so that the stamps of what went out are kept and a retry sends only the rest."""
    done, refused, sent, unavailable = list(nobody), {}, 0, None
    try:
        results = send_each([m for m, _ids in batch], connection=connection)
        for (_message, ids), (_sent, error) in zip(batch, results, strict=True):
            if error is None:
                done.extend(ids)
                sent += 1
            else:
                refused.setdefault(_reason(error), []).extend(ids)
    except MailServerUnavailable as error:
        unavailable = error
    now = timezone.now()
    Notification.objects.filter(pk__in=done).update(emailed_at=now)
    for reason, ids in refused.items():
        Notification.objects.filter(pk__in=ids).update(emailed_at=now, email_error=reason)
    return sent, unavailable


def stalled_instant_email_ids(*, older_than, limit=1000):
    """Instant notifications still without their e-mail well after they were made: the task that should have
    sent it died with its worker (Redis gives such a message back only after its visibility timeout)."""
    return list(
        Notification.objects.filter(channel=Channel.INSTANT, emailed_at__isnull=True,
                                    created_at__lt=timezone.now() - older_than)
        .order_by("id").values_list("pk", flat=True)[:limit]
    )


def digest_recipient_ids(*, frequency):
    channel = Channel.DAILY if frequency == "daily" else Channel.WEEKLY
    return list(
        Notification.objects.filter(channel=channel, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True).distinct().order_by("recipient_id")
    )


def digests_send(*, frequency, recipient_ids, connection=None):
    """One digest per recipient of their pending daily (or weekly) notifications; returns how many were sent."""
    channel = Channel.DAILY if frequency == "daily" else Channel.WEEKLY
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(recipient_id__in=list(recipient_ids), channel=channel, emailed_at__isnull=True)
            .order_by("recipient_id", "-created_at")
        )
        by_recipient = {}
        unreadable = _unreadable(pending)
        # What its reader has already read on the site (or what was settled meanwhile) is no news in a digest.
        seen = {notification.pk for notification in pending if notification.read_at}
        for notification in pending:
            if notification.pk not in unreadable | seen:
                by_recipient.setdefault(notification.recipient_id, []).append(notification)
        batch, nobody = [], list(unreadable | seen)
        for items in by_recipient.values():
            recipient = items[0].recipient
            if not recipient.email or not recipient.is_active:
                nobody.extend(n.pk for n in items)
                continue
            with in_language_of(recipient):
                subject = (_("Your daily digest: %(count)d new") if frequency == "daily"
                           else _("Your weekly digest: %(count)d new")) % {"count": len(items)}
                batch.append((_message(
                    recipient=recipient, subject=subject, template="digest",
                    context={"items": items, "frequency": frequency,
                             "notifications_url": app_settings.SITE_URL + reverse("notifications:list")},
                    unsubscribe_url=_unsubscribe_url(recipient.pk, f"digest-{frequency}"),
                ), [n.pk for n in items]))
        sent, unavailable = _send_and_stamp(batch, nobody=nobody, connection=connection)
    if unavailable:
        raise unavailable
    return sent
