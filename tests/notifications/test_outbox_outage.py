"""The broker goes away (a private redis-server, never the shared one): the changes still succeed, their
events wait in the outbox, and after the broker returns the dispatcher delivers each exactly once."""
import json
from collections import Counter

import pytest

from core.models import OutboxEvent
from core.outbox import outbox_dispatch, outbox_pending_count
from marketplace.models import Listing
from marketplace.services import listing_publish
from notifications.models import Notification
from tests.factories import make_listing, make_member, make_org, make_staff
from tests.fixtures.celery_worker import redis_up, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LISTINGS = 5


def test_events_written_during_a_broker_outage_are_delivered_once_it_returns(outage_worker, private_redis):
    staff = make_staff()
    firms = [make_org(kind="enterprise") for _ in range(LISTINGS)]
    members = {firm.pk: [make_member(firm, role="owner"), make_member(firm)] for firm in firms}
    needs = [make_listing(firm, kind=Listing.Kind.NEED, status=Listing.Status.SUBMITTED) for firm in firms]

    private_redis.stop()
    assert not redis_up(private_redis.url)
    for need in needs:
        listing_publish(user=staff, listing=need)  # succeeds; its on-commit hand-over fails quietly
    assert Listing.objects.filter(status="published").count() == LISTINGS
    written = OutboxEvent.objects.filter(created_at__isnull=False).count()
    pending_during_outage = outbox_pending_count()
    assert pending_during_outage == written > 0
    assert not Notification.objects.exists()

    private_redis.start()
    outage_worker.wait_ready(timeout=120)  # the worker reconnects by itself
    handed = 0
    while outbox_pending_count():
        handed += outbox_dispatch()
    wait_for(lambda: not OutboxEvent.objects.filter(processed_at__isnull=True).exists()
             and not Notification.objects.filter(channel="instant", emailed_at__isnull=True).exists(),
             timeout=120, message="delivery after the outage")

    expected = {member.email for group in members.values() for member in group}
    per_event_recipient = Counter(Notification.objects.values_list("event_id", "recipient_id"))
    wait_for(lambda: set(Counter(m["To"] for m in outage_worker.emails())) >= expected, message="the e-mails")
    emails = Counter(m["To"] for m in outage_worker.emails())
    duplicates = (sum(n - 1 for n in per_event_recipient.values() if n > 1)
                  + sum(n - 1 for n in emails.values() if n > 1))
    reviewed = Notification.objects.filter(type="listing_review").values_list("recipient__email", flat=True)
    assert set(reviewed) == expected
    assert set(emails) == expected
    assert duplicates == 0
    print("OUTAGE " + json.dumps({"events_written_during_outage": pending_during_outage, "handed_over_after": handed,
                                  "events_delivered": OutboxEvent.objects.filter(processed_at__isnull=False).count(),
                                  "notifications": Notification.objects.count(), "emails": sum(emails.values()),
                                  "duplicates": duplicates}))
