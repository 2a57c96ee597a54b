"""Webhook subscriptions and deliveries. A recorded event (core.outbox) becomes one WebhookDelivery row per
subscription (api.handlers); a Celery task sends it after commit, signed, and retries with exponential backoff for
a day. A subscription that keeps failing is paused and its owners are told."""
import http.client
import json
import secrets
import time
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.exceptions import ApplicationError
from core.outbox import outbox_record

from ..app_settings import app_settings
from ..models import WebhookDelivery, WebhookEvent, WebhookSubscription
from ..signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from ..webhook_targets import RefusedTarget, UnresolvedTarget, failure_text, post, target_check
from .credentials import require_owner

SUBSCRIBABLE = [e for e in WebhookEvent.values if e != WebhookEvent.PING]
D = WebhookDelivery.Status


# ---- subscriptions ----------------------------------------------------------------------------------------------

def _check_url(url):
    """The delivery checks again, address by address; this tells the subscriber early. A name that does not
    resolve yet is accepted: its deliveries fail (and are retried) until it resolves to a public address."""
    try:
        target_check(url)
    except UnresolvedTarget:
        pass
    except RefusedTarget as refusal:
        raise ApplicationError(str(refusal), field="url") from refusal


def _clean_events(events):
    events = sorted(set(events or []))
    if not events or any(event not in SUBSCRIBABLE for event in events):
        raise ApplicationError(_("Choose at least one event among: %(events)s") % {"events": ", ".join(SUBSCRIBABLE)},
                               field="events")
    return events


@transaction.atomic
def subscription_create(*, user, organisation, url, events, credential=None):
    """Returns the subscription; its secret is shown to the subscriber once, at creation."""
    if credential is None or credential.organisation_id != organisation.pk:
        require_owner(user=user, organisation=organisation)
    _check_url(url)
    events = _clean_events(events)
    subscription = WebhookSubscription.objects.create(
        organisation=organisation, url=url, events=events, secret=secrets.token_hex(24),
        created_by=user if getattr(user, "pk", None) else None,
    )
    audit_record(actor=user, action="webhook.subscribe", target=subscription, data={"events": events})
    return subscription


@transaction.atomic
def subscription_update(*, user, subscription, credential=None, url=None, events=None, paused=None):
    if credential is None or credential.organisation_id != subscription.organisation_id:
        require_owner(user=user, organisation=subscription.organisation)
    if url is not None and url != subscription.url:
        _check_url(url)
        subscription.url = url
    if events is not None:
        subscription.events = _clean_events(events)
    resumed = paused is False and subscription.is_paused
    if paused is not None:
        subscription.is_paused = paused
        subscription.paused_at = timezone.now() if paused else None
    if resumed:
        subscription.consecutive_failures = 0
        # Whoever resumes it answers for it from now on (creator_rights: it lives as long as their right).
        subscription.created_by = user if getattr(user, "pk", None) else subscription.created_by
    subscription.save()
    if resumed:
        _requeue_outstanding(subscription)
    return subscription


@transaction.atomic
def subscription_delete(*, user, subscription, credential=None):
    if credential is None or credential.organisation_id != subscription.organisation_id:
        require_owner(user=user, organisation=subscription.organisation)
    audit_record(actor=user, action="webhook.unsubscribe", target=subscription)
    subscription.delete()


def _requeue_outstanding(subscription):
    """After a resume, what is still inside its day is sent again."""
    cutoff = timezone.now() - app_settings.RETRY_WINDOW
    outstanding = WebhookDelivery.objects.filter(subscription=subscription, status__in=[D.PENDING, D.RETRYING],
                                                 created_at__gte=cutoff)
    outstanding.update(next_attempt_at=timezone.now())
    for delivery_id in outstanding.values_list("pk", flat=True):
        _schedule(delivery_id)


# ---- events -> deliveries ---------------------------------------------------------------------------------------

def _schedule(delivery_id, countdown=0):
    from ..tasks import deliver_webhook

    def send():
        if countdown and deliver_webhook.app.conf.task_always_eager:
            return  # eager mode has no clock: the periodic sweep (webhooks_retry_due) sends retries
        # Long ETAs outlive the broker's visibility timeout; the task re-checks the due time, the sweep is the net.
        deliver_webhook.apply_async(args=[delivery_id], countdown=min(countdown, 3000))

    transaction.on_commit(send)


def envelope(delivery):
    return {"id": str(delivery.event_id), "type": delivery.event, "created_at": delivery.created_at.isoformat(),
            "data": delivery.payload}


def webhook_event_emit(*, event, organisation_ids, data, source):
    """Record one delivery per active subscription of these organisations to this event, once per recorded
    event (`source`, a core.models.OutboxEvent): a reaction that runs again creates none."""
    subscriptions = WebhookSubscription.objects.filter(organisation_id__in=set(organisation_ids), is_paused=False)
    created = []
    for subscription in subscriptions:
        if event not in subscription.events:
            continue
        delivery, is_new = WebhookDelivery.objects.get_or_create(
            subscription=subscription, source=source,
            defaults={"event": event, "payload": data, "next_attempt_at": timezone.now()})
        if is_new:  # one already there is sent by its own task, or by the sweep (webhooks_retry_due)
            _schedule(delivery.pk)
            created.append(delivery)
    return created


@transaction.atomic
def webhook_send_test(*, user, subscription, credential=None):
    if credential is None or credential.organisation_id != subscription.organisation_id:
        require_owner(user=user, organisation=subscription.organisation)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event=WebhookEvent.PING, next_attempt_at=timezone.now(),
        payload={"message": "This is a test event from CultureTech Exchange.", "subscription_id": subscription.pk},
    )
    _schedule(delivery.pk)
    return delivery


# ---- sending ------------------------------------------------------------------------------------------------------

def _post(subscription, delivery):
    """-> (status, latency in ms, error): the receiver's status code and our own words, never its answer."""
    body = json.dumps(envelope(delivery), cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "CultureTech-Exchange-Webhooks/1",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.event_id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(subscription.secret, timestamp, body),
    }
    started = time.monotonic()
    status, error = None, ""
    with translation.override("en"):  # the log keeps one language, as the HTTP library's own errors
        try:
            status = post(subscription.url, body=body, headers=headers, timeout=app_settings.TIMEOUT_SECONDS)
        except (RefusedTarget, OSError, http.client.HTTPException) as failure:
            error = failure_text(failure)
    if status is not None and 300 <= status < 400:
        error = "A redirect is not followed: subscribe the URL that answers 2xx."
    return status, int((time.monotonic() - started) * 1000), error[:500]


def webhook_delivery_attempt(*, delivery_id):
    """Send one delivery if it is due; idempotent against duplicate task runs."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in {D.SUCCEEDED, D.FAILED}:
        return None
    subscription = delivery.subscription
    now = timezone.now()
    if subscription.is_paused:
        return delivery  # kept; sent again if the subscription is resumed within the day
    if delivery.next_attempt_at and delivery.next_attempt_at > now + timedelta(seconds=1):
        _schedule(delivery.pk, countdown=(delivery.next_attempt_at - now).total_seconds())
        return delivery
    # Claim the attempt so that a duplicate task arriving meanwhile does nothing.
    claimed = WebhookDelivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts,
                                             status__in=[D.PENDING, D.RETRYING]).update(
        attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=None)
    if not claimed:
        return delivery
    status, latency, error = _post(subscription, delivery)
    delivery.refresh_from_db()
    delivery.response_status, delivery.latency_ms, delivery.error = status, latency, error
    with transaction.atomic():
        if status is not None and 200 <= status < 300:
            delivery.status, delivery.delivered_at = D.SUCCEEDED, timezone.now()
            delivery.save()
            WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
            return delivery
        delay = app_settings.RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1)
        due = timezone.now() + timedelta(seconds=delay)
        if delivery.event == WebhookEvent.PING or due > delivery.created_at + app_settings.RETRY_WINDOW:
            delivery.status = D.FAILED
        else:
            delivery.status, delivery.next_attempt_at = D.RETRYING, due
            _schedule(delivery.pk, countdown=delay)
        delivery.save()
        _count_failure(subscription)
    return delivery


def _count_failure(subscription):
    WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    subscription.refresh_from_db()
    if not subscription.is_paused and subscription.consecutive_failures >= app_settings.PAUSE_AFTER_FAILURES:
        subscription.is_paused, subscription.paused_at = True, timezone.now()
        subscription.save(update_fields=["is_paused", "paused_at"])
        audit_record(actor=None, action="webhook.pause", target=subscription,
                     data={"consecutive_failures": subscription.consecutive_failures})
        # The owners are told through the notifications (api.handlers.webhook_paused), like every other mail.
        outbox_record(type="webhook.paused", payload={"subscription_id": subscription.pk,
                                                      "consecutive_failures": subscription.consecutive_failures})


def webhooks_due(*, now=None, limit=500):
    """Deliveries whose (re)try is due: the periodic sweep's input, and the safety net for lost tasks."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(status__in=[D.PENDING, D.RETRYING], next_attempt_at__lte=now,
                                       subscription__is_paused=False)
        .order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
