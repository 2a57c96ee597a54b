"""Webhooks end to end against a real HTTP server on loopback: signed deliveries, retries with exponential
backoff after 500s, giving up after a day, pausing a subscription that keeps failing (and telling its owners),
the delivery log, the test event button, and who may manage subscriptions."""
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Membership
from api.models import WebhookDelivery, WebhookSubscription
from api.signing import verify
from api.tasks import retry_due_webhooks
from core.outbox import outbox_record
from marketplace.models import Listing
from marketplace.services import listing_close, listing_publish
from matching.models import Match
from tests.factories import make_listing, make_member

from .conftest import bearer, issue_credential, session
from .webhook_receiver import Receiver


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS = True  # the receiver listens on loopback
    with Receiver() as server:
        yield server


@pytest.fixture
def subscribed(world, receiver):
    """Organisation X subscribes the receiver to every event through the API; returns (subscription, secret)."""
    response = bearer(world.x_token).post("/api/v1/webhooks/", {
        "url": receiver.url,
        "events": ["listing.published", "listing.closed", "match.created", "interest.received",
                   "interest.answered", "message.posted"],
    })
    assert response.status_code == 201, response.content
    return WebhookSubscription.objects.get(pk=response.json()["id"]), response.json()["secret"]


def publish(world, listing, capture):
    with capture(execute=True):
        listing_publish(user=world.staff, listing=listing)


def record_match(need, capability):
    """What the matching engine records in the transaction that writes a new Match (matching.services)."""
    match = Match.objects.create(need=need, capability=capability, found_by=capability, score=0.8,
                                 parts={"text": 0.7}, reasons_zh=["共同技术"], reasons_en=["Shared technology"])
    outbox_record(type="match.created", payload={
        "match_id": match.pk, "need_id": need.pk, "capability_id": capability.pk, "score": match.score,
        "reasons_zh": match.reasons_zh, "reasons_en": match.reasons_en, "found_by_listing_id": capability.pk})


def make_due(delivery):
    """Time passes: the retry is due now."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_published_listing_is_delivered_signed(world, subscribed, receiver,
                                                 django_capture_on_commit_callbacks):
    subscription, secret = subscribed
    listing = make_listing(org=world.y, status=Listing.Status.SUBMITTED)
    publish(world, listing, django_capture_on_commit_callbacks)

    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert headers["X-CTX-Event"] == "listing.published"
    assert verify(secret, headers["X-CTX-Timestamp"], body, headers["X-CTX-Signature"])
    envelope = json.loads(body)
    assert envelope["type"] == "listing.published" and envelope["data"]["listing"]["id"] == listing.pk
    assert envelope["id"] == headers["X-CTX-Delivery"]

    delivery = subscription.deliveries.get()
    assert delivery.status == "succeeded" and delivery.response_status == 200
    assert delivery.latency_ms is not None and delivery.error == ""


def test_a_receiver_refuses_replays_and_tampering(world, subscribed, receiver, django_capture_on_commit_callbacks):
    _, secret = subscribed
    publish(world, make_listing(org=world.y, status=Listing.Status.SUBMITTED), django_capture_on_commit_callbacks)
    headers, body = receiver.received[0]
    timestamp, signature = headers["X-CTX-Timestamp"], headers["X-CTX-Signature"]
    assert not verify(secret, timestamp, body + b" ", signature)
    assert not verify("another secret", timestamp, body, signature)
    assert not verify(secret, timestamp, body, signature, now=int(timestamp) + 3600)  # an old delivery replayed


def test_listings_for_verified_organisations_are_not_sent_to_others(world, subscribed, receiver,
                                                                    django_capture_on_commit_callbacks):
    listing = make_listing(org=world.y, status=Listing.Status.SUBMITTED, visibility=Listing.Visibility.VERIFIED)
    publish(world, listing, django_capture_on_commit_callbacks)
    assert receiver.received == []  # organisation X is not verified


def test_closing_a_published_listing_is_delivered(world, subscribed, receiver, django_capture_on_commit_callbacks):
    listing = make_listing(org=world.x)
    with django_capture_on_commit_callbacks(execute=True):
        listing_close(user=world.owner, listing=listing, reason="fulfilled")
    assert [h["X-CTX-Event"] for h, _ in receiver.received] == ["listing.closed"]


def test_retries_after_500s_with_exponential_backoff(world, subscribed, receiver,
                                                     django_capture_on_commit_callbacks):
    subscription, _ = subscribed
    receiver.answers = [500, 500, 200]
    publish(world, make_listing(org=world.y, status=Listing.Status.SUBMITTED), django_capture_on_commit_callbacks)

    delivery = subscription.deliveries.get()
    first_wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert delivery.status == "retrying" and delivery.attempts == 1 and delivery.response_status == 500
    assert delivery.error == ""  # the status says it all; nothing of the answer is kept

    make_due(delivery)
    retry_due_webhooks()
    delivery.refresh_from_db()
    second_wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert delivery.status == "retrying" and delivery.attempts == 2
    assert second_wait.total_seconds() == pytest.approx(2 * first_wait.total_seconds(), rel=0.05)

    make_due(delivery)
    retry_due_webhooks()
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 3
    assert len({headers["X-CTX-Delivery"] for headers, _ in receiver.received}) == 1  # the same event three times
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0


def test_a_delivery_is_given_up_after_a_day(world, subscribed, receiver, django_capture_on_commit_callbacks):
    subscription, _ = subscribed
    receiver.always = 503
    publish(world, make_listing(org=world.y, status=Listing.Status.SUBMITTED), django_capture_on_commit_callbacks)
    delivery = subscription.deliveries.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(hours=23, minutes=59))
    make_due(delivery)
    retry_due_webhooks()
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 2 and delivery.next_attempt_at is None


def test_a_subscription_that_keeps_failing_is_paused_and_its_owners_told(world, subscribed, receiver, settings,
                                                                        django_capture_on_commit_callbacks):
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 3
    subscription, _ = subscribed
    receiver.always = 500
    for _ in range(3):
        publish(world, make_listing(org=world.y, status=Listing.Status.SUBMITTED), django_capture_on_commit_callbacks)
    subscription.refresh_from_db()
    assert subscription.is_paused and subscription.consecutive_failures == 3
    assert [message.to for message in mail.outbox if receiver.url in message.subject] == [[world.owner.email]]

    publish(world, make_listing(org=world.y, status=Listing.Status.SUBMITTED), django_capture_on_commit_callbacks)
    for delivery in subscription.deliveries.all():
        make_due(delivery)
    retry_due_webhooks()
    assert len(receiver.received) == 3  # nothing more while paused

    receiver.always = None
    with django_capture_on_commit_callbacks(execute=True):
        response = bearer(world.x_token).patch(f"/api/v1/webhooks/{subscription.pk}/", {"is_paused": False})
    assert response.status_code == 200 and response.json()["is_paused"] is False
    # The three retrying deliveries are sent again on resume.
    assert len(receiver.received) == 6
    assert set(subscription.deliveries.values_list("status", flat=True)) == {"succeeded"}


def test_the_paused_mail_is_a_notification_its_owners_may_keep_on_the_site(world, subscribed, receiver, settings,
                                                                           django_capture_on_commit_callbacks):
    from notifications.models import Notification, NotificationPreference

    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 1
    NotificationPreference.objects.create(user=world.owner, type="webhook", channel="in_app")
    receiver.always = 500
    publish(world, make_listing(org=world.y, status=Listing.Status.SUBMITTED), django_capture_on_commit_callbacks)
    note = Notification.objects.get(type="webhook")
    assert note.recipient == world.owner and receiver.url in note.title
    assert [message for message in mail.outbox if receiver.url in message.subject] == []


def test_an_event_whose_reaction_runs_again_is_delivered_once(world, subscribed, receiver,
                                                              django_capture_on_commit_callbacks):
    """A worker that died after recording the delivery, before the receipt: the retry creates no second one."""
    from core.models import OutboxEvent, OutboxReceipt
    from core.outbox import outbox_process

    subscription, _ = subscribed
    publish(world, make_listing(org=world.y, status=Listing.Status.SUBMITTED), django_capture_on_commit_callbacks)
    event = OutboxEvent.objects.get(type="listing.published")
    OutboxReceipt.objects.filter(event=event).delete()
    OutboxEvent.objects.filter(pk=event.pk).update(processed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_process(event_ids=[event.pk])
    assert subscription.deliveries.get().source == event
    assert len(receiver.received) == 1


def test_the_test_event_button_and_the_delivery_log(world, subscribed, receiver, client,
                                                    django_capture_on_commit_callbacks):
    subscription, _ = subscribed
    client.force_login(world.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/webhooks/{subscription.pk}/test/")
    assert response.status_code == 302
    assert [headers["X-CTX-Event"] for headers, _ in receiver.received] == ["ping"]
    page = client.get("/api/webhooks/").content.decode()
    assert 'data-testid="delivery" data-status="succeeded"' in page

    log = bearer(world.x_token).get(f"/api/v1/webhooks/{subscription.pk}/deliveries/").json()
    assert log["count"] == 1 and log["results"][0]["event"] == "ping" and log["results"][0]["response_status"] == 200


def test_a_failing_test_event_is_logged_without_retry(world, subscribed, receiver,
                                                      django_capture_on_commit_callbacks):
    subscription, _ = subscribed
    receiver.always = 404
    with django_capture_on_commit_callbacks(execute=True):
        response = bearer(world.x_token).post(f"/api/v1/webhooks/{subscription.pk}/test/")
    assert response.status_code == 202
    delivery = subscription.deliveries.get()
    assert delivery.status == "failed" and delivery.response_status == 404


def test_an_unreachable_receiver_is_logged(world, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS = True
    with Receiver() as gone:
        url = gone.url
    response = bearer(world.x_token).post("/api/v1/webhooks/", {"url": url, "events": ["listing.published"]})
    with django_capture_on_commit_callbacks(execute=True):
        bearer(world.x_token).post(f"/api/v1/webhooks/{response.json()['id']}/test/")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.response_status is None and delivery.error


def test_interest_and_message_events(world, subscribed, receiver, django_capture_on_commit_callbacks):
    from collaboration.services import interest_accept, interest_send, message_post

    listing = make_listing(org=world.x)
    sender = make_member(world.y, role=Membership.Role.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        interest = interest_send(user=sender, organisation=world.y, listing=listing, message="我们有相关技术")
    with django_capture_on_commit_callbacks(execute=True):
        interest_accept(user=world.owner, interest=interest)
        message_post(user=sender, interest=interest, body="何时方便通话？")
    # X receives the interest and Y's message; "answered" goes to Y (the sender), which has no subscription.
    assert [headers["X-CTX-Event"] for headers, _ in receiver.received] == ["interest.received", "message.posted"]


def test_match_created_is_delivered_to_both_organisations(world, subscribed, receiver,
                                                          django_capture_on_commit_callbacks):
    need = make_listing(org=world.x, kind=Listing.Kind.NEED)
    capability = make_listing(org=world.y, kind=Listing.Kind.CAPABILITY)
    with django_capture_on_commit_callbacks(execute=True):
        record_match(need, capability)
    headers, body = receiver.received[0]
    assert headers["X-CTX-Event"] == "match.created"
    assert json.loads(body)["data"]["match"]["capability_id"] == capability.pk
    assert json.loads(body)["data"]["match"]["parts"] == {"text": 0.7}


def test_match_created_reaches_only_organisations_that_may_read_the_other_side(world, subscribed, receiver,
                                                                             django_capture_on_commit_callbacks):
    """X (unverified) has a need; Y's capability is for verified organisations only: X's subscription must not
    learn of it; a subscription of Y (verified, reading X's public need) does."""
    with Receiver() as y_receiver:
        bearer(world.y_token).post("/api/v1/webhooks/", {"url": y_receiver.url, "events": ["match.created"]},
                                   format="json")
        need = make_listing(org=world.x, kind=Listing.Kind.NEED)
        capability = make_listing(org=world.y, kind=Listing.Kind.CAPABILITY, visibility=Listing.Visibility.VERIFIED)
        with django_capture_on_commit_callbacks(execute=True):
            record_match(need, capability)
        assert receiver.received == []
        assert [json.loads(body)["data"]["match"]["capability_id"] for _, body in y_receiver.received] == [
            capability.pk]


@pytest.mark.parametrize("role,status", [("viewer", 403), ("editor", 403), ("outsider", 403), ("owner", 201)])
def test_only_owners_and_webhook_credentials_manage_subscriptions(world, role, status):
    body = {"url": "https://partner.example.com/hooks", "events": ["listing.published"], "organisation": world.x.pk}
    assert session(getattr(world, role)).post("/api/v1/webhooks/", body).status_code == status


def test_a_credential_needs_the_webhooks_scope(world):
    _, token = issue_credential(world.x, scopes=["read", "write"], name="no webhooks")
    assert bearer(token).get("/api/v1/webhooks/").status_code == 403
    assert bearer(token).post("/api/v1/webhooks/", {"url": "https://a.example.com/", "events": ["ping"]}
                              ).status_code == 403


def test_subscriptions_of_other_organisations_are_invisible(world, subscribed):
    subscription, _ = subscribed
    assert bearer(world.y_token).get(f"/api/v1/webhooks/{subscription.pk}/").status_code == 404
    assert bearer(world.y_token).get("/api/v1/webhooks/").json()["count"] == 0
    assert bearer(world.y_token).delete(f"/api/v1/webhooks/{subscription.pk}/").status_code == 404


def test_operators_can_confine_receivers_to_known_hosts(world, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS = True
    with Receiver() as server:
        subscription = WebhookSubscription.objects.create(organisation=world.x, url=server.url, events=["ping"])
        settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.partner.example"]
        response = bearer(world.x_token).post("/api/v1/webhooks/", {"url": server.url, "events": ["listing.published"]},
                                              HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400 and "allowed webhook hosts" in response.json()["errors"]["url"][0]
        with django_capture_on_commit_callbacks(execute=True):  # subscribed before the operator confined them
            bearer(world.x_token).post(f"/api/v1/webhooks/{subscription.pk}/test/")
        assert server.received == []
    assert "allowed webhook hosts" in WebhookDelivery.objects.get().error


def test_an_owner_subscribes_on_the_page_and_sees_the_secret_once(world, client):
    client.force_login(world.owner)
    response = client.post("/api/webhooks/", {"organisation": world.x.pk, "url": "https://hooks.example.com/ctx",
                                              "events": ["listing.published", "match.created"]}, follow=True)
    subscription = WebhookSubscription.objects.get(url="https://hooks.example.com/ctx")
    assert subscription.events == ["listing.published", "match.created"]
    assert subscription.secret in response.content.decode()
    assert subscription.secret not in client.get("/api/webhooks/").content.decode()
