"""Thin Celery tasks: fetch by id, call a service. Routed to the "notifications" queue by name."""
from celery import shared_task

from config.celery_app import RETRY_TRANSIENT

from .app_settings import app_settings


@shared_task(name="notifications.tasks.resend_stalled_emails")
def resend_stalled_emails():
    """Every 2 minutes (beat): instant e-mails still unsent 2 minutes after their notification, whose sending task
    may have died with its worker, are sent again; each is stamped as it is sent, so never twice."""
    from core.outbox import redispatch_after

    from .emails import stalled_instant_email_ids

    stalled = stalled_instant_email_ids(older_than=redispatch_after())
    for start in range(0, len(stalled), app_settings.EMAIL_BATCH):
        send_notification_emails.delay(stalled[start:start + app_settings.EMAIL_BATCH])
    return len(stalled)


@shared_task(name="notifications.tasks.send_notification_emails", **RETRY_TRANSIENT)
def send_notification_emails(notification_ids):
    from .emails import notification_emails_send

    return notification_emails_send(notification_ids=notification_ids)


@shared_task(name="notifications.tasks.send_digests")
def send_digests(frequency):
    """Split the recipients into chunks, one task each, so a big digest run spreads over the workers."""
    from .emails import digest_recipient_ids

    ids = digest_recipient_ids(frequency=frequency)
    for start in range(0, len(ids), 500):
        send_digest_chunk.delay(frequency, ids[start:start + 500])
    return len(ids)


@shared_task(name="notifications.tasks.send_digest_chunk", **RETRY_TRANSIENT)
def send_digest_chunk(frequency, recipient_ids):
    from .emails import digests_send

    return digests_send(frequency=frequency, recipient_ids=recipient_ids)
