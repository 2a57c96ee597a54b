"""Domain events -> webhook deliveries. Receivers run inside the transaction that changed the data, so the
delivery rows (our outbox) commit or roll back with it. Apps that may not exist are connected defensively."""
import copy
import logging

from marketplace.models import Listing
from marketplace.selectors import organisations_reading

from .models import WebhookEvent, WebhookSubscription
from .services.webhooks import webhook_event_emit

logger = logging.getLogger(__name__)


def _any_subscription(event):
    # Cheap guard: most changes happen while nobody subscribes to them.
    # (In Python: JSON containment lookups do not exist on SQLite, which the demo uses.)
    active = WebhookSubscription.objects.filter(is_paused=False).values_list("events", flat=True)
    return any(event in events for events in active)


def _subscribers():
    return set(WebhookSubscription.objects.filter(is_paused=False).values_list("organisation_id", flat=True))


def listing_data(listing):
    from .serializers.listings import ListingSerializer

    return {"listing": ListingSerializer(listing).data}


def on_listing_changed(sender, listing, action, actor=None, **kwargs):
    event = {"published": WebhookEvent.LISTING_PUBLISHED, "closed": WebhookEvent.LISTING_CLOSED}.get(action)
    if event is None or not _any_subscription(event):
        return
    read_as = listing
    if event == WebhookEvent.LISTING_CLOSED:
        if listing.published_at is None:
            return  # a draft nobody else ever saw
        # A closed listing is its organisation's alone now: tell those who could read it while it was published.
        read_as = copy.copy(listing)
        read_as.status = Listing.Status.PUBLISHED
    webhook_event_emit(event=event, organisation_ids=organisations_reading(read_as, _subscribers()),
                       data=listing_data(listing))


def on_match_created(sender, match, **kwargs):
    if not _any_subscription(WebhookEvent.MATCH_CREATED):
        return
    need = Listing.objects.get(pk=match.need_id)
    capability = Listing.objects.get(pk=match.capability_id)
    data = {"match": {
        "id": match.pk, "need_id": need.pk, "capability_id": capability.pk, "score": float(match.score),
        "parts": getattr(match, "parts", {}) or {}, "reasons_zh": list(getattr(match, "reasons_zh", []) or []),
        "reasons_en": list(getattr(match, "reasons_en", []) or []),
    }}
    # Each side hears of a match only if it may read the other side's listing.
    audience = (organisations_reading(capability, {need.organisation_id})
                | organisations_reading(need, {capability.organisation_id}))
    webhook_event_emit(event=WebhookEvent.MATCH_CREATED, organisation_ids=audience, data=data)


def _interest_data(interest):
    return {
        "id": interest.pk, "listing_id": interest.listing_id, "from_organisation_id": interest.from_organisation_id,
        "to_organisation_id": interest.to_organisation_id, "state": interest.state,
        "message": interest.message, "decline_reason": getattr(interest, "decline_reason", ""),
        "created_at": interest.created_at.isoformat(),
    }


MEETING_EVENTS = {"meeting.requested": WebhookEvent.MEETING_REQUESTED, "meeting.answered": WebhookEvent.MEETING_ANSWERED,
                  "meeting.scheduled": WebhookEvent.MEETING_SCHEDULED}


def _meeting_data(meeting):
    slot = meeting.slot
    return {
        "id": meeting.pk, "event_id": meeting.event_id, "state": meeting.state,
        "requester": {"participant_id": meeting.requester_id, "organisation_id": meeting.requester.organisation_id},
        "invitee": {"participant_id": meeting.invitee_id, "organisation_id": meeting.invitee.organisation_id},
        "message": meeting.message, "decline_reason": meeting.decline_reason, "score": meeting.score,
        "reasons_zh": list(meeting.reasons_zh), "reasons_en": list(meeting.reasons_en),
        "starts_at": slot.starts_at.isoformat() if slot else None, "ends_at": slot.ends_at.isoformat() if slot else None,
        "table": meeting.table, "link": meeting.link, "created_at": meeting.created_at.isoformat(),
    }


def on_meeting_event(instance):
    """Matchmaking events record meeting events in the outbox too: requested (to the invitee), answered (to the
    requester), scheduled (a time and table given or changed, to both)."""
    event = MEETING_EVENTS[instance.type]
    if not _any_subscription(event):
        return
    try:
        from events.models import Meeting
    except ImportError:
        return
    meeting = (Meeting.objects.select_related("requester", "invitee", "slot")
               .filter(pk=instance.payload.get("meeting_id")).first())
    if meeting is None:
        return
    targets = {WebhookEvent.MEETING_REQUESTED: {meeting.invitee.organisation_id},
               WebhookEvent.MEETING_ANSWERED: {meeting.requester.organisation_id}}.get(
        event, {meeting.requester.organisation_id, meeting.invitee.organisation_id})
    webhook_event_emit(event=event, organisation_ids=targets, data={"meeting": _meeting_data(meeting)})


def on_outbox_event(sender, instance, created, **kwargs):
    """The collaboration and events apps record their events in the notifications outbox; the same rows drive
    webhooks."""
    if created and instance.type in MEETING_EVENTS:
        return on_meeting_event(instance)
    if not created or instance.type not in {"interest.sent", "interest.answered", "interest.message"}:
        return
    event = {"interest.sent": WebhookEvent.INTEREST_RECEIVED, "interest.answered": WebhookEvent.INTEREST_ANSWERED,
             "interest.message": WebhookEvent.MESSAGE_POSTED}[instance.type]
    if not _any_subscription(event):
        return
    try:
        from collaboration.models import Interest, Message
    except ImportError:
        return
    interest = Interest.objects.filter(pk=instance.payload.get("interest_id")).first()
    if interest is None:
        return
    if event == WebhookEvent.INTEREST_RECEIVED:
        targets, data = {interest.to_organisation_id}, {"interest": _interest_data(interest)}
    elif event == WebhookEvent.INTEREST_ANSWERED:
        targets, data = {interest.from_organisation_id}, {"interest": _interest_data(interest)}
    else:
        message = Message.objects.filter(pk=instance.payload.get("message_id")).first()
        if message is None:
            return
        targets = {interest.from_organisation_id, interest.to_organisation_id} - {message.organisation_id}
        data = {"message": {"id": message.pk, "interest_id": interest.pk, "organisation_id": message.organisation_id,
                            "body": message.body, "created_at": message.created_at.isoformat()}}
    webhook_event_emit(event=event, organisation_ids=targets, data=data)


def connect():
    from django.db.models.signals import post_save

    from marketplace.signals import listing_changed

    listing_changed.connect(on_listing_changed, dispatch_uid="api.webhooks.listing_changed")
    try:
        from matching.signals import match_created
    except ImportError:
        match_created = None
    if match_created is not None:
        match_created.connect(on_match_created, dispatch_uid="api.webhooks.match_created")
    try:
        from notifications.models import OutboxEvent
    except ImportError:
        OutboxEvent = None
    if OutboxEvent is not None:
        post_save.connect(on_outbox_event, sender=OutboxEvent, dispatch_uid="api.webhooks.outbox")
