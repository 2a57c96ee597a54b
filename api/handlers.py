"""What recorded events send to webhook subscribers, and who hears of a paused subscription (config/reactions.py
registers them).

`webhook(type, build)` makes the reaction: `build(event)` returns (organisation ids, data) or None; each active
subscription of those organisations to `type` gets one delivery per event (unique per subscription and event),
sent after commit. Organisations hear of a listing only if, acting as themselves, they may read it
(marketplace.selectors.organisations_reading)."""
import copy
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Membership
from collaboration.models import Interest, Message
from core.outbox import Reaction
from events.models import Meeting
from marketplace.models import Listing
from marketplace.selectors import organisations_reading
from matching.models import Match
from notifications.fanout import Audience
from notifications.models import NotificationType

from .models import WebhookSubscription
from .services.webhooks import webhook_event_emit


def webhook(webhook_event, build):
    return Reaction(name=f"webhook:{webhook_event}", run=partial(_emit, webhook_event=webhook_event, build=build))


def _emit(events, *, webhook_event, build):
    # Cheap guard: most changes happen while nobody subscribes to them.
    # (In Python: JSON containment lookups do not exist on SQLite, which the demo uses.)
    active = WebhookSubscription.objects.filter(is_paused=False).values_list("events", flat=True)
    if not any(webhook_event in events for events in active):
        return
    for event in events:
        built = build(event)
        if built is not None:
            organisation_ids, data = built
            webhook_event_emit(event=webhook_event, organisation_ids=organisation_ids, data=data, source=event)


def _subscribers():
    return set(WebhookSubscription.objects.filter(is_paused=False).values_list("organisation_id", flat=True))


def _listing_data(listing):
    from .serializers.listings import ListingSerializer

    return {"listing": ListingSerializer(listing).data}


def _listing(event):
    return Listing.objects.select_related("organisation").filter(pk=event.payload.get("listing_id")).first()


def listing_published(event):
    listing = _listing(event)
    if listing is None:
        return None
    return organisations_reading(listing, _subscribers()), _listing_data(listing)


def listing_closed(event):
    listing = _listing(event)
    if listing is None or listing.published_at is None:
        return None  # gone, or a draft nobody else ever saw
    # A closed listing is its organisation's alone now: tell those who could read it while it was published.
    read_as = copy.copy(listing)
    read_as.status = Listing.Status.PUBLISHED
    return organisations_reading(read_as, _subscribers()), _listing_data(listing)


def match_created(event):
    payload = event.payload
    listings = Listing.objects.in_bulk([payload.get("need_id"), payload.get("capability_id")])
    need, capability = listings.get(payload.get("need_id")), listings.get(payload.get("capability_id"))
    if need is None or capability is None:
        return None
    parts = Match.objects.filter(pk=payload.get("match_id")).values_list("parts", flat=True).first() or {}
    data = {"match": {
        "id": payload.get("match_id"), "need_id": need.pk, "capability_id": capability.pk,
        "score": payload.get("score"), "parts": parts, "reasons_zh": payload.get("reasons_zh") or [],
        "reasons_en": payload.get("reasons_en") or [],
    }}
    # Each side hears of a match only if it may read the other side's listing.
    audience = (organisations_reading(capability, {need.organisation_id})
                | organisations_reading(need, {capability.organisation_id}))
    return audience, data


def _interest(event):
    return Interest.objects.filter(pk=event.payload.get("interest_id")).first()


def _interest_data(interest):
    return {"interest": {
        "id": interest.pk, "listing_id": interest.listing_id, "from_organisation_id": interest.from_organisation_id,
        "to_organisation_id": interest.to_organisation_id, "state": interest.state,
        "message": interest.message, "decline_reason": interest.decline_reason,
        "created_at": interest.created_at.isoformat(),
    }}


def interest_received(event):
    interest = _interest(event)
    return None if interest is None else ({interest.to_organisation_id}, _interest_data(interest))


def interest_answered(event):
    interest = _interest(event)
    return None if interest is None else ({interest.from_organisation_id}, _interest_data(interest))


def message_posted(event):
    interest = _interest(event)
    message = Message.objects.filter(pk=event.payload.get("message_id")).first()
    if interest is None or message is None:
        return None
    targets = {interest.from_organisation_id, interest.to_organisation_id} - {message.organisation_id}
    return targets, {"message": {"id": message.pk, "interest_id": interest.pk,
                                 "organisation_id": message.organisation_id, "body": message.body,
                                 "created_at": message.created_at.isoformat()}}


def _meeting(event):
    return (Meeting.objects.select_related("requester", "invitee", "slot")
            .filter(pk=event.payload.get("meeting_id")).first())


def _meeting_data(meeting):
    slot = meeting.slot
    return {"meeting": {
        "id": meeting.pk, "event_id": meeting.event_id, "state": meeting.state,
        "requester": {"participant_id": meeting.requester_id, "organisation_id": meeting.requester.organisation_id},
        "invitee": {"participant_id": meeting.invitee_id, "organisation_id": meeting.invitee.organisation_id},
        "message": meeting.message, "decline_reason": meeting.decline_reason, "score": meeting.score,
        "reasons_zh": list(meeting.reasons_zh), "reasons_en": list(meeting.reasons_en),
        "starts_at": slot.starts_at.isoformat() if slot else None,
        "ends_at": slot.ends_at.isoformat() if slot else None,
        "table": meeting.table, "link": meeting.link, "created_at": meeting.created_at.isoformat(),
    }}


def meeting_requested(event):
    meeting = _meeting(event)
    return None if meeting is None else ({meeting.invitee.organisation_id}, _meeting_data(meeting))


def meeting_answered(event):
    meeting = _meeting(event)
    return None if meeting is None else ({meeting.requester.organisation_id}, _meeting_data(meeting))


def meeting_scheduled(event):
    """A time and table given or changed: both sides."""
    meeting = _meeting(event)
    if meeting is None:
        return None
    return {meeting.requester.organisation_id, meeting.invitee.organisation_id}, _meeting_data(meeting)


def webhook_paused(event):
    """The owners of the organisation whose subscription kept failing (a notification like every other mail)."""
    subscription = (WebhookSubscription.objects.select_related("organisation")
                    .filter(pk=event.payload.get("subscription_id")).first())
    if subscription is None:
        return []
    owners = Membership.objects.filter(organisation_id=subscription.organisation_id, role=Membership.Role.OWNER)
    failures = event.payload.get("consecutive_failures")
    return [Audience(
        user_ids=list(owners.values_list("user_id", flat=True)), type=NotificationType.WEBHOOK,
        url=reverse("api:webhooks"),
        render=lambda: (
            _("Webhook paused: %(url)s") % {"url": subscription.url},
            _("Deliveries to %(url)s failed %(count)s times in a row, so the subscription of %(organisation)s is "
              "paused. Fix the receiver, then resume the subscription on the webhooks page; deliveries from the "
              "last day are sent again.")
            % {"url": subscription.url, "count": failures, "organisation": subscription.organisation},
        ),
    )]
