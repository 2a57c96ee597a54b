"""Organisations registering for an event, what they bring, when they cannot meet, and the organiser's decision."""
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.permissions import require_acting_member
from core.exceptions import ApplicationError
from core.outbox import outbox_record
from marketplace.models import Listing

from ..models import Event, Meeting, Participant
from ..rules import registration_open, require_organiser

P = Participant.Status
PROFILE_MAX = 2000


def _clean_bring(*, organisation, listings, attendees, offer, seek):
    listings = list(listings or [])
    foreign = [listing for listing in listings if listing.organisation_id != organisation.pk]
    if foreign:
        raise ApplicationError(_("Bring only your own organisation's listings."), field="listings")
    if any(listing.status != Listing.Status.PUBLISHED for listing in listings):
        raise ApplicationError(_("Only published listings can be brought to an event."), field="listings")
    offer, seek = (offer or "").strip()[:PROFILE_MAX], (seek or "").strip()[:PROFILE_MAX]
    if not listings and not offer and not seek:
        raise ApplicationError(_("Bring at least one listing, or say in a few words what you offer or seek."),
                               field="listings")
    attendees = list(attendees or [])
    members = set(Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True))
    if any(person.pk not in members for person in attendees):
        raise ApplicationError(_("Only members of your organisation can attend for it."), field="attendees")
    return listings, attendees, offer, seek


def _refresh_proposals_later(participant):
    from ..tasks import refresh_proposals

    transaction.on_commit(lambda: refresh_proposals.delay(participant.event_id, participant.pk))


@transaction.atomic
def participant_register(*, user, event, organisation, listings=(), attendees=None, offer="", seek=""):
    """Register an organisation (owners and editors); admitted at once unless the organiser validates each.
    `attendees`: the members it sends (by default the person registering; none: all members hear)."""
    require_acting_member(user, organisation)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not registration_open(event):
        raise ApplicationError(_("Registration for this event is not open."))
    listings, attendees, offer, seek = _clean_bring(organisation=organisation, listings=listings,
                                                    attendees=[user] if attendees is None else attendees,
                                                    offer=offer, seek=seek)
    current = Participant.objects.filter(event=event, organisation=organisation).first()
    if current is not None and current.status != P.WITHDRAWN:
        raise ApplicationError(_("%(organisation)s is already registered for this event.")
                               % {"organisation": organisation})
    taken = event.participants.filter(status__in=[P.PENDING, P.APPROVED]).count()
    if event.capacity is not None and taken >= event.capacity:
        raise ApplicationError(_("This event is full."))
    status = P.PENDING if event.requires_approval else P.APPROVED
    try:
        with transaction.atomic():
            participant = current or Participant(event=event, organisation=organisation)
            participant.status, participant.registered_by = status, user
            participant.offer, participant.seek, participant.decision_note = offer, seek, ""
            participant.save()
    except IntegrityError:  # a concurrent double submit
        raise ApplicationError(_("%(organisation)s is already registered for this event.")
                               % {"organisation": organisation}) from None
    participant.listings.set(listings)
    participant.attendees.set(attendees)
    outbox_record(type="event.registered", payload={"participant_id": participant.pk, "actor_id": user.pk})
    if status == P.APPROVED:
        _refresh_proposals_later(participant)
    return participant


@transaction.atomic
def participant_update(*, user, participant, listings=(), attendees=None, offer="", seek=""):
    require_acting_member(user, participant.organisation)
    if participant.status == P.WITHDRAWN:
        raise ApplicationError(_("Register again first."))
    listings, attendees, offer, seek = _clean_bring(organisation=participant.organisation, listings=listings,
                                                    attendees=[user] if attendees is None else attendees,
                                                    offer=offer, seek=seek)
    participant.offer, participant.seek = offer, seek
    participant.save(update_fields=["offer", "seek", "updated_at"])
    participant.listings.set(listings)
    participant.attendees.set(attendees)
    if participant.status == P.APPROVED:
        _refresh_proposals_later(participant)
    return participant


@transaction.atomic
def participant_decide(*, user, participant, approve, note=""):
    """The organiser admits a pending participant or turns it away (with a note it will read)."""
    participant = Participant.objects.select_for_update().select_related("event").get(pk=participant.pk)
    require_organiser(user, participant.event)
    if participant.status not in (P.PENDING, P.APPROVED, P.REJECTED):
        raise ApplicationError(_("This registration was withdrawn."))
    note = (note or "").strip()
    if not approve and not note:
        raise ApplicationError(_("Say briefly why: the organisation will read it."), field="note")
    participant.status = P.APPROVED if approve else P.REJECTED
    participant.decision_note = note[:2000]
    participant.save(update_fields=["status", "decision_note", "updated_at"])
    if not approve:
        _close_open_meetings(participant, user)
    outbox_record(type="event.decided", payload={"participant_id": participant.pk, "actor_id": user.pk})
    if approve:
        _refresh_proposals_later(participant)
    return participant


def _close_open_meetings(participant, user):
    open_meetings = Meeting.objects.filter(Q(requester=participant) | Q(invitee=participant),
                                           state__in=[Meeting.State.REQUESTED, Meeting.State.ACCEPTED])
    for meeting_id in open_meetings.values_list("pk", flat=True):
        Meeting.objects.filter(pk=meeting_id).update(state=Meeting.State.CANCELLED, slot=None, table=None)
        outbox_record(type="meeting.cancelled", payload={"meeting_id": meeting_id, "actor_id": user.pk})


@transaction.atomic
def participant_withdraw(*, user, participant):
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    require_acting_member(user, participant.organisation)
    participant.status = P.WITHDRAWN
    participant.save(update_fields=["status", "updated_at"])
    _close_open_meetings(participant, user)
    participant.event.proposals.filter(Q(a=participant) | Q(b=participant)).delete()
    return participant


@transaction.atomic
def availability_set(*, user, participant, unavailable_slots):
    """The slots the participant cannot attend; a slot holding one of its meetings must stay free."""
    require_acting_member(user, participant.organisation)
    slots = list(unavailable_slots)
    if any(slot.event_id != participant.event_id for slot in slots):
        raise ApplicationError(_("Choose slots of this event."), field="unavailable_slots")
    booked = Meeting.objects.filter(Q(requester=participant) | Q(invitee=participant), state=Meeting.State.ACCEPTED,
                                    slot__in=slots).select_related("slot").first()
    if booked is not None:
        raise ApplicationError(_("You have a meeting at %(time)s: cancel it before marking that time unavailable.")
                               % {"time": f"{timezone.localtime(booked.slot.starts_at):%Y-%m-%d %H:%M}"},
                               field="unavailable_slots")
    participant.unavailable_slots.set(slots)
    return participant
