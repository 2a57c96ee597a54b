"""Through a real Celery worker process: the published need reaches the right people, in rows and e-mails,
exactly once however often the work is delivered."""
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from collaboration.models import SavedSearch
from core.models import OutboxEvent
from core.outbox import outbox_dispatch
from core.tasks import process_events
from marketplace.models import Listing
from marketplace.services import listing_publish, listing_submit
from notifications.models import Notification, NotificationPreference
from notifications.tasks import send_notification_emails
from tests.factories import make_listing, make_member, make_org, make_staff
from tests.fixtures.celery_worker import wait_for

pytestmark = [pytest.mark.celery, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast():
    firm = make_org(kind="enterprise")
    people = SimpleNamespace(
        firm=firm, owner=make_member(firm, role="owner"), editor=make_member(firm, role="editor"),
        staff=make_staff(), bystander=make_member(make_org()),
        searcher=make_member(make_org(kind="institute")), other_searcher=make_member(make_org()),
    )
    SavedSearch.objects.create(user=people.searcher, name="VR needs", frequency="instant",
                               query={"kind": ["need"], "q": ["museum"]})
    SavedSearch.objects.create(user=people.other_searcher, name="Capabilities", frequency="instant",
                               query={"kind": ["capability"]})
    people.need = make_listing(firm, kind=Listing.Kind.NEED, status=Listing.Status.DRAFT,
                               title="VR museum guide", summary="A museum needs a VR guide")
    return people


def all_events_done():
    return not OutboxEvent.objects.filter(processed_at__isnull=True).exists()


def instant_mail_done():
    return not Notification.objects.filter(channel="instant", emailed_at__isnull=True).exists()


def test_publishing_a_need_reaches_the_right_people_through_the_worker(celery_live, cast, client):
    listing_submit(user=cast.editor, listing=cast.need)
    listing_publish(user=cast.staff, listing=cast.need)
    # Two events: submitted and published (saved-search alerts react to the latter).
    wait_for(lambda: all_events_done() and instant_mail_done() and OutboxEvent.objects.count() == 2,
             message="the worker to process the outbox events")

    notified = {(n.recipient_id, n.type) for n in Notification.objects.all()}
    assert notified == {
        (cast.staff.pk, "moderation"),  # awaiting review, daily digest by default
        (cast.owner.pk, "listing_review"), (cast.editor.pk, "listing_review"),
        (cast.searcher.pk, "saved_search"),
    }
    expected_mail = {cast.owner.email, cast.editor.email, cast.searcher.email}
    wait_for(lambda: {m["To"] for m in celery_live.emails()} >= expected_mail, message="the e-mails")
    mails = [m for m in celery_live.emails() if m["To"] in expected_mail | {cast.staff.email,
                                                                          cast.bystander.email,
                                                                          cast.other_searcher.email}]
    assert sorted(m["To"] for m in mails) == sorted(expected_mail)
    message = next(m for m in mails if m["To"] == cast.owner.email)
    unsubscribe_link = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert "/notifications/unsubscribe/" in unsubscribe_link
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    assert cast.need.get_absolute_url() in message.get_body(("plain",)).get_content()
    # The mail client's one-click POST on that link stops this type's e-mail for this person only.
    response = client.post(urlsplit(unsubscribe_link).path)
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=cast.owner).channel == "in_app"
    assert not NotificationPreference.objects.filter(user=cast.editor).exists()


def test_duplicate_deliveries_make_no_duplicate_notification_or_email(celery_live, cast):
    listing_submit(user=cast.editor, listing=cast.need)
    listing_publish(user=cast.staff, listing=cast.need)
    wait_for(lambda: all_events_done() and instant_mail_done() and OutboxEvent.objects.count() == 2,
             message="the first delivery")
    rows_before = Notification.objects.count()
    event = OutboxEvent.objects.get(type="listing.published")
    # The same event handed over again: by hand, and by a dispatcher that lost its "dispatched" stamp.
    for _ in range(3):
        process_events.delay([event.pk])
    OutboxEvent.objects.filter(pk=event.pk).update(dispatched_at=None)
    assert outbox_dispatch() == 1
    send_notification_emails.delay(list(Notification.objects.values_list("pk", flat=True)))
    # Tasks on one queue run in order on the solo worker: once this marker is processed, so are the above.
    marker = OutboxEvent.objects.create(type="test.marker", payload={})
    process_events.delay([marker.pk])
    wait_for(lambda: OutboxEvent.objects.get(pk=marker.pk).processed_at, message="the marker task")

    assert Notification.objects.count() == rows_before
    recipients = [m["To"] for m in celery_live.emails() if m["To"] in {cast.owner.email, cast.editor.email}]
    assert sorted(recipients) == sorted([cast.owner.email, cast.editor.email])


def test_one_bad_message_in_a_batch_costs_no_retry_and_the_rest_go_out(celery_live):
    from accounts.models import User
    from tests.factories import make_user

    first, last = make_user(), make_user()
    bad = User.objects.create(email="bad\r\naddress@example.com")  # no mail library takes it
    notes = [Notification.objects.create(recipient=user, type="match", title="A new need\rfits",
                                         channel="instant", url="/listings/1/") for user in (first, bad, last)]
    task = send_notification_emails.delay([n.pk for n in notes])
    wait_for(lambda: f"{task.id}] succeeded" in celery_live.log_tail(400), message="the e-mail task to succeed")

    assert sorted(m["To"] for m in celery_live.emails() if m["To"] in {first.email, last.email}) == sorted(
        [first.email, last.email])
    assert not Notification.objects.filter(pk__in=[n.pk for n in notes], emailed_at__isnull=True).exists()
    assert Notification.objects.get(recipient=bad).email_error
    assert f"{task.id}] retry" not in celery_live.log_tail(400)
