"""E-mail for notifications: one instant message per notification, and daily/weekly digests.

Exactly one e-mail per notification: the rows are locked (skip_locked, so two workers never take the same row),
`emailed_at` is stamped in the same transaction as the send; a redelivered task finds it stamped and sends
nothing."""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .app_settings import site_url
from .models import Channel, Notification, NotificationType
from .tokens import unsubscribe_token


def _mail_domain():
    return urlsplit(site_url()).hostname or "localhost"


def _unsubscribe_url(user_id, ntype):
    return site_url() + reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=user_id, ntype=ntype)])


def _message(*, recipient, subject, template, context, unsubscribe_url, headers=None):
    context = {**context, "recipient": recipient, "site_url": site_url(), "unsubscribe_url": unsubscribe_url,
               "site_name": settings.SITE_NAME}
    text = render_to_string(f"email/{template}.txt", context)
    html = render_to_string(f"email/{template}.html", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    message = EmailMultiAlternatives(
        subject=(prefix + subject).replace("\n", " ")[:250], body=text, to=[recipient.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_emails_send(*, notification_ids):
    """Send the instant e-mails of these notifications that were not sent yet; returns how many were sent.

    One transaction per e-mail: the stamp commits as its message is handed to the mail server, so a worker
    killed in the middle of a batch leaves at most the message in flight to be sent again (with the same
    Message-ID), not the part of the batch it had already sent."""
    sent = 0
    connection = get_connection(fail_silently=False)
    try:
        for notification_id in notification_ids:
            with transaction.atomic():
                notification = (
                    Notification.objects.select_for_update(skip_locked=True, of=("self",)).select_related("recipient")
                    .filter(pk=notification_id, emailed_at__isnull=True, channel=Channel.INSTANT).first()
                )
                if notification is None:
                    continue  # sent already, or another worker holds it
                recipient = notification.recipient
                # Stamped before the send, in the same transaction: a failed send rolls the stamp back, and a
                # worker killed after the send leaves only the commit undone (the narrowest window there is).
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
                if recipient.email and recipient.is_active:
                    with translation.override(recipient.language or settings.LANGUAGE_CODE):
                        message = _message(
                            recipient=recipient, subject=notification.title, template="notification",
                            context={"notification": notification, "link": site_url() + (notification.url or "/"),
                                     "type_label": NotificationType(notification.type).label},
                            unsubscribe_url=_unsubscribe_url(recipient.pk, notification.type),
                            # One Message-ID per notification: should a send be repeated (a worker killed
                            # between the send and its commit), mail servers and clients see the same message.
                            headers={"X-CTX-Notification": str(notification.pk),
                                     "Message-ID": f"<notification-{notification.pk}@{_mail_domain()}>"},
                        )
                    connection.send_messages([message])
                    sent += 1
    finally:
        connection.close()
    return sent


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
        for notification in pending:
            by_recipient.setdefault(notification.recipient_id, []).append(notification)
        messages = []
        for items in by_recipient.values():
            recipient = items[0].recipient
            if not recipient.email or not recipient.is_active:
                continue
            with translation.override(recipient.language or settings.LANGUAGE_CODE):
                subject = (_("Your daily digest: %(count)d new") if frequency == "daily"
                           else _("Your weekly digest: %(count)d new")) % {"count": len(items)}
                messages.append(_message(
                    recipient=recipient, subject=subject, template="digest",
                    context={"items": items, "frequency": frequency,
                             "notifications_url": site_url() + reverse("notifications:list")},
                    unsubscribe_url=_unsubscribe_url(recipient.pk, f"digest-{frequency}"),
                ))
        if messages:
            (connection or get_connection(fail_silently=False)).send_messages(messages)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return len(messages)
