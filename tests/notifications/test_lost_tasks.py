"""Work lost with a worker (SIGKILL, OOM kill: its Redis message comes back only after the one-hour visibility
timeout) is done again by the dispatcher, and never twice: an event handed over but never processed, instant
e-mails never sent, a batch of e-mails interrupted in the middle. Tasks run in-process here; the failure drill
(make drill) kills a real worker."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from core.models import OutboxEvent
from core.outbox import outbox_dispatch
from marketplace.models import Listing
from notifications.emails import notification_emails_send
from notifications.models import Notification
from notifications.tasks import resend_stalled_emails
from tests.factories import make_listing, make_member, make_org, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def notification_ids_mailed():
    return sorted(int(message.extra_headers["X-CTX-Notification"]) for message in mail.outbox)


def test_an_event_handed_over_but_never_processed_is_handed_over_again(django_capture_on_commit_callbacks):
    firm = make_org(kind="enterprise")
    owner = make_member(firm, role="owner")
    need = make_listing(firm, kind=Listing.Kind.NEED)
    long_ago, moments_ago = timezone.now() - timedelta(minutes=3), timezone.now() - timedelta(seconds=20)
    lost = OutboxEvent.objects.create(type="listing.published", payload={"listing_id": need.pk},
                                      dispatched_at=long_ago, attempts=1)
    in_flight = OutboxEvent.objects.create(type="listing.published", payload={"listing_id": need.pk},
                                           dispatched_at=moments_ago, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_dispatch() == 1  # the lost one only; the other may still be on its way
    lost.refresh_from_db()
    in_flight.refresh_from_db()
    assert lost.processed_at and lost.attempts == 2
    assert in_flight.processed_at is None and in_flight.attempts == 1
    assert Notification.objects.filter(event=lost, recipient=owner).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_dispatch() == 0  # processed: never handed over again
    # Handed over twice and still queued (a backlog, not a loss): the next hand-over waits 4 minutes, not 2.
    OutboxEvent.objects.filter(pk=in_flight.pk).update(attempts=2, dispatched_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_dispatch() == 0
    OutboxEvent.objects.filter(pk=in_flight.pk).update(dispatched_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_dispatch() == 1


def test_instant_emails_left_unsent_by_a_lost_task_are_sent_once(django_capture_on_commit_callbacks):
    people = [make_user() for _ in range(3)]
    stale = [Notification.objects.create(recipient=p, type="saved_search", title=f"新需求 {n}", channel="instant")
             for n, p in enumerate(people)]
    Notification.objects.filter(pk__in=[n.pk for n in stale]).update(created_at=timezone.now() - timedelta(minutes=5))
    fresh = Notification.objects.create(recipient=people[0], type="match", title="新匹配", channel="instant")
    resend_stalled_emails()
    resend_stalled_emails()
    assert notification_ids_mailed() == [n.pk for n in stale]  # each once; the fresh one is its task's to send
    assert not Notification.objects.filter(pk__in=[n.pk for n in stale], emailed_at__isnull=True).exists()
    assert Notification.objects.get(pk=fresh.pk).emailed_at is None


class FailsOnTheThirdMessage(EmailBackend):
    """The mail server (or the worker) goes away after two messages of a batch."""

    sent = 0

    def send_messages(self, messages):
        for message in messages:
            if FailsOnTheThirdMessage.sent == 2:
                FailsOnTheThirdMessage.sent += 1
                raise ConnectionError("mail server gone")
            FailsOnTheThirdMessage.sent += 1
            super().send_messages([message])
        return len(messages)


def test_a_batch_interrupted_in_the_middle_sends_each_email_once_in_the_end(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnTheThirdMessage"
    FailsOnTheThirdMessage.sent = 0
    batch = [Notification.objects.create(recipient=make_user(), type="saved_search", title=f"新需求 {n}",
                                         channel="instant") for n in range(5)]
    ids = [n.pk for n in batch]
    with pytest.raises(ConnectionError):
        notification_emails_send(notification_ids=ids)
    assert notification_ids_mailed() == ids[:2]
    assert notification_emails_send(notification_ids=ids) == 3  # the retry: only those not sent yet
    assert notification_ids_mailed() == ids
    # Should a send ever be repeated, it is the same message to mail servers: one Message-ID per notification.
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [f"<notification-{pk}@127.0.0.1>" for pk in ids]
