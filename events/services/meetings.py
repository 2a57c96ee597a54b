"""Meeting requests and their answers, and what each side records after the event. Each write checks who may do
it, moves the state and records the outbox event that tells the other side, in one transaction."""
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.permissions import can_act_for, require_acting_member
from collaboration import services as collaboration
from collaboration.models import Interest
from core.exceptions import ApplicationError, PermissionDeniedError
from core.outbox import outbox_record
from marketplace.models import Listing

from ..models import Event, Meeting, MeetingReport, Participant, Proposal
from ..rules import booking_open, event_bounds

S = Meeting.State
OPEN = (S.REQUESTED, S.ACCEPTED)


def _locked(meeting):
    return (Meeting.objects.select_for_update(of=("self",))
            .select_related("event", "requester__organisation", "invitee__organisation", "slot").get(pk=meeting.pk))


def _acting_side(user, meeting):
    """The user's side of the meeting (a participant whose organisation they edit or own), or refuse."""
    for participant in (meeting.requester, meeting.invitee):
        if can_act_for(user, participant.organisation):
            return participant
    raise PermissionDeniedError(_("Only editors and owners of the two organisations of this meeting may do this."))


def _proposal(requester, invitee):
    a, b = sorted([requester, invitee], key=lambda p: p.pk)
    return Proposal.objects.filter(a=a, b=b).first()


def _schedule_later(event):
    """Once the organiser has planned (or booking has closed), each accepted meeting is placed at once."""
    from ..tasks import schedule_event

    transaction.on_commit(lambda: schedule_event.delay(event.pk, False))


@transaction.atomic
def meeting_request(*, user, requester, invitee, message, invitee_listing=None):
    require_acting_member(user, requester.organisation)
    event = Event.objects.get(pk=requester.event_id)
    if invitee.event_id != event.pk or requester.pk == invitee.pk:
        raise ApplicationError(_("Choose another participant of this event."), field="invitee")
    if requester.organisation_id == invitee.organisation_id:
        raise ApplicationError(_("Choose another participant of this event."), field="invitee")
    if requester.status != Participant.Status.APPROVED or invitee.status != Participant.Status.APPROVED:
        raise ApplicationError(_("Both organisations must be registered participants."), field="invitee")
    if not booking_open(event):
        raise ApplicationError(_("Meetings can be requested only while booking is open."))
    message = (message or "").strip()
    if not message:
        raise ApplicationError(_("Write a short message: who you are and what you would like to discuss."),
                               field="message")
    if invitee_listing is not None and not invitee.listings.filter(pk=invitee_listing.pk).exists():
        raise ApplicationError(_("Choose one of the listings they bring."), field="invitee_listing")
    pair = Q(requester=requester, invitee=invitee) | Q(requester=invitee, invitee=requester)
    if Meeting.objects.filter(pair, state__in=OPEN).exists():
        raise ApplicationError(_("A meeting between your organisations is already requested or agreed."))
    sent = Meeting.objects.filter(requester=requester).exclude(state=S.CANCELLED).count()
    if sent >= event.max_requests:
        raise ApplicationError(_("You have sent the %(count)d requests this event allows.") % {"count": sent})
    proposal = _proposal(requester, invitee)
    mine_is_a = proposal is not None and proposal.a_id == requester.pk
    values = {}
    if proposal is not None:
        values = {"score": proposal.score, "reasons_zh": proposal.reasons_zh, "reasons_en": proposal.reasons_en,
                  "requester_listing_id": proposal.a_listing_id if mine_is_a else proposal.b_listing_id,
                  "invitee_listing_id": proposal.b_listing_id if mine_is_a else proposal.a_listing_id}
    if invitee_listing is not None:
        values["invitee_listing_id"] = invitee_listing.pk
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(event=event, requester=requester, invitee=invitee, message=message[:2000],
                                             requested_by=user, **values)
    except IntegrityError:  # a concurrent double submit
        raise ApplicationError(_("A meeting between your organisations is already requested or agreed.")) from None
    outbox_record(type="meeting.requested", payload={"meeting_id": meeting.pk, "actor_id": user.pk})
    return meeting


def _unanswered(user, meeting):
    meeting = _locked(meeting)
    require_acting_member(user, meeting.invitee.organisation)
    if meeting.state != S.REQUESTED:
        raise ApplicationError(_("This request has already been answered."))
    return meeting


def _answer(user, meeting, state):
    meeting.state, meeting.answered_by, meeting.answered_at = state, user, timezone.now()
    meeting.save()
    outbox_record(type="meeting.answered", payload={"meeting_id": meeting.pk, "actor_id": user.pk})
    return meeting


def _accepted_count(participant):
    return Meeting.objects.filter(Q(requester=participant) | Q(invitee=participant), state=S.ACCEPTED).count()


@transaction.atomic
def meeting_accept(*, user, meeting):
    meeting = _unanswered(user, meeting)
    event = meeting.event
    if timezone.now() >= event_bounds(event)[0]:
        raise ApplicationError(_("The event has started: new meetings can no longer be agreed."))
    for participant in (meeting.invitee, meeting.requester):
        if _accepted_count(participant) >= event.max_meetings:
            raise ApplicationError(_("%(organisation)s already has the %(count)d meetings this event allows.")
                                   % {"organisation": participant.organisation, "count": event.max_meetings})
    meeting = _answer(user, meeting, S.ACCEPTED)
    if event.scheduled_at is not None or timezone.now() >= event.booking_closes:
        _schedule_later(event)
    return meeting


@transaction.atomic
def meeting_decline(*, user, meeting, reason, note=""):
    meeting = _unanswered(user, meeting)
    if reason not in Interest.DeclineReason.values:
        raise ApplicationError(_("Choose a reason: the requester will see it."), field="reason")
    note = (note or "").strip()
    if reason == Interest.DeclineReason.OTHER and not note:
        raise ApplicationError(_("Explain the reason in a few words."), field="note")
    meeting.decline_reason, meeting.decline_note = reason, note[:2000]
    return _answer(user, meeting, S.DECLINED)


@transaction.atomic
def meeting_cancel(*, user, meeting):
    """Either side calls a meeting off before it starts; its slot is freed and the other side is told."""
    meeting = _locked(meeting)
    _acting_side(user, meeting)
    if meeting.state not in OPEN:
        raise ApplicationError(_("Only a requested or agreed meeting can be cancelled."))
    if meeting.slot is not None and timezone.now() >= meeting.slot.starts_at:
        raise ApplicationError(_("This meeting has started: record what happened instead."))
    meeting.state, meeting.slot, meeting.table, meeting.link = S.CANCELLED, None, None, ""
    meeting.save()
    outbox_record(type="meeting.cancelled", payload={"meeting_id": meeting.pk, "actor_id": user.pk})
    return meeting


@transaction.atomic
def meeting_report(*, user, meeting, held, outcome="", note=""):
    """One side records whether the meeting took place and what came of it (again to correct it)."""
    meeting = _locked(meeting)
    side = _acting_side(user, meeting)
    if meeting.state != S.ACCEPTED or meeting.slot is None or timezone.now() < meeting.slot.starts_at:
        raise ApplicationError(_("Record a meeting once its time has come."))
    if outcome and outcome not in MeetingReport.Outcome.values:
        raise ApplicationError(_("Choose an outcome."), field="outcome")
    if not held:
        outcome = ""
    report, _created = MeetingReport.objects.update_or_create(
        meeting=meeting, participant=side,
        defaults={"held": bool(held), "outcome": outcome, "note": (note or "").strip()[:2000], "recorded_by": user})
    return report


def _their_listing(meeting, side):
    """The other side's listing the meeting was about, or else one of the published listings it brought."""
    other = meeting.other_side(side)
    listing = meeting.invitee_listing if other.pk == meeting.invitee_id else meeting.requester_listing
    if listing is None or listing.status != Listing.Status.PUBLISHED:
        listing = other.listings.filter(status=Listing.Status.PUBLISHED).order_by("pk").first()
    return listing


@transaction.atomic
def meeting_to_interest(*, user, meeting):
    """One click after a held meeting: an expression of interest in the other side's listing, through the
    collaboration workflow (the other side answers it there). An open interest already sent is reused."""
    meeting = _locked(meeting)
    side = _acting_side(user, meeting)
    if meeting.interest_id:
        return meeting.interest
    if not MeetingReport.objects.filter(meeting=meeting, held=True).exists():
        raise ApplicationError(_("Record first that the meeting took place."))
    listing = _their_listing(meeting, side)
    if listing is None:
        raise ApplicationError(_("%(organisation)s brought no published listing: write to them from their "
                                 "organisation's page instead.") % {"organisation": meeting.other_side(side)})
    interest = Interest.objects.filter(listing=listing, from_organisation=side.organisation,
                                       state__in=Interest.OPEN_STATES).first()
    if interest is None:
        with translation.override(user.language or None):
            message = _("Following our meeting at “%(event)s” on %(date)s, we would like to take this further.") % {
                "event": meeting.event.title(), "date": f"{timezone.localtime(meeting.slot.starts_at):%Y-%m-%d}"}
        interest = collaboration.interest_send(user=user, organisation=side.organisation, listing=listing,
                                               message=message)
    meeting.interest = interest
    meeting.save(update_fields=["interest", "updated_at"])
    return interest
