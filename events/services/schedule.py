"""Placing accepted meetings into slots and tables (events.scheduling does the optimising), reminders before each
meeting, and the periodic work of events: proposals when booking opens, the schedule when it closes."""
import secrets
from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.outbox import outbox_record

from .. import scheduling
from ..app_settings import app_settings
from ..models import Event, Meeting, Participant
from ..rules import event_bounds, require_organiser

S = Meeting.State


def _problem(event, meetings, keep):
    slots = list(event.slots.order_by("starts_at").values_list("pk", flat=True))
    capacity = {slot: event.slot_capacity() for slot in slots}
    unavailable = {}
    for participant_id, slot_id in Participant.unavailable_slots.through.objects.filter(
            participant__event=event).values_list("participant_id", "slot_id"):
        unavailable.setdefault(participant_id, set()).add(slot_id)
    requests = [scheduling.MeetingRequest(id=m.pk, a=m.requester_id, b=m.invitee_id, score=m.score,
                                          fixed_slot=m.slot_id if keep(m) else None)
                for m in meetings]
    return scheduling.Problem(slots=slots, capacity=capacity, unavailable=unavailable, requests=requests)


def _link(event, meeting):
    if not event.is_online or not event.meeting_link_base:
        return ""
    if meeting.link:
        return meeting.link
    return f"{event.meeting_link_base.rstrip('/')}/ctx-{meeting.pk}-{secrets.token_urlsafe(6)}"


@transaction.atomic
def event_schedule(*, event_id, replan=False, time_limit=None):
    """Place the accepted meetings of the event. Meetings already placed keep their slot and table unless
    `replan`; those that move or get a place are announced (meeting.scheduled), those left out keep a reason.
    Returns a summary for the organiser: placed, requested, left out by reason, the solver's status."""
    event = Event.objects.select_for_update().get(pk=event_id)
    now = timezone.now()
    meetings = list(Meeting.objects.filter(event=event, state=S.ACCEPTED,
                                           requester__status=Participant.Status.APPROVED,
                                           invitee__status=Participant.Status.APPROVED).select_related("slot"))
    # A meeting that has started is history: it stays where it is, even when re-planning.
    problem = _problem(event, meetings, keep=lambda m: not replan or (m.slot is not None and m.slot.starts_at <= now))
    past = set(event.slots.filter(starts_at__lte=now).values_list("pk", flat=True))
    for participant in {r.a for r in problem.requests} | {r.b for r in problem.requests}:
        problem.unavailable[participant] = problem.unavailable.get(participant, set()) | past
    limit = app_settings.SCHEDULE_TIME_LIMIT if time_limit is None else time_limit
    result = scheduling.solve(problem, time_limit=limit)
    kept = {m.pk: (m.slot_id, m.table) for m in meetings if m.slot_id}
    tables = scheduling.assign_tables(result.placed, kept=kept) if not event.is_online else {}
    for meeting in meetings:
        slot_id, previous = result.placed.get(meeting.pk), meeting.slot_id
        table = tables.get(meeting.pk)
        reason = result.unplaced.get(meeting.pk, "")
        if (slot_id, table, reason) == (meeting.slot_id, meeting.table, meeting.unplaced_reason) and (
                slot_id is None or meeting.link or not event.is_online):
            continue
        meeting.slot_id, meeting.table, meeting.unplaced_reason = slot_id, table, reason
        meeting.link = _link(event, meeting) if slot_id else ""
        meeting.save(update_fields=["slot", "table", "unplaced_reason", "link", "updated_at"])
        if slot_id != previous:
            outbox_record(type="meeting.scheduled", payload={
                "meeting_id": meeting.pk, "slot_id": slot_id, "previous_slot_id": previous})
    event.scheduled_at = now
    event.save(update_fields=["scheduled_at", "updated_at"])
    return {"placed": len(result.placed), "requested": len(meetings), "status": result.status,
            "unplaced": dict(Counter(result.unplaced.values())), "seconds": round(result.seconds, 3)}


def event_schedule_request(*, user, event, replan=False):
    """The organiser asks for a (re-)plan; it runs in the background, after this transaction commits."""
    from ..tasks import schedule_event

    require_organiser(user, event)
    transaction.on_commit(lambda: schedule_event.delay(event.pk, bool(replan)))


def meeting_reminders_send(*, now=None):
    """Announce each meeting starting within EVENTS_REMINDER_MINUTES, once per meeting and start time (a moved
    meeting is reminded again); the notifications are keyed per person, so a redelivery sends nothing twice."""
    now = now or timezone.now()
    horizon = now + timedelta(minutes=app_settings.REMINDER_MINUTES)
    due = (Meeting.objects.filter(state=S.ACCEPTED, slot__starts_at__gt=now, slot__starts_at__lte=horizon)
           .exclude(reminded_for=F("slot__starts_at")).values_list("pk", "slot__starts_at"))
    sent = 0
    for meeting_id, starts_at in due:
        with transaction.atomic():
            changed = Meeting.objects.filter(pk=meeting_id, state=S.ACCEPTED, slot__starts_at=starts_at).filter(
                Q(reminded_for__isnull=True) | ~Q(reminded_for=starts_at)).update(reminded_for=starts_at)
            if changed:
                outbox_record(type="meeting.reminder", payload={"meeting_id": meeting_id,
                                                                "starts_at": starts_at.isoformat()})
                sent += 1
    return sent


def events_housekeeping(*, now=None):
    """Every few minutes: proposals for events whose booking has opened, the first plan of those whose booking
    has closed, and the reminders. Returns what it started, for the log."""
    from ..tasks import refresh_proposals, schedule_event

    now = now or timezone.now()
    published = Event.objects.filter(status=Event.Status.PUBLISHED)
    opened = list(published.filter(booking_opens__lte=now, proposals_at__isnull=True).values_list("pk", flat=True))
    for event_id in opened:
        Event.objects.filter(pk=event_id).update(proposals_at=now)
        refresh_proposals.delay(event_id, None)
    closing = [event.pk for event in published.filter(booking_closes__lte=now, scheduled_at__isnull=True)
               if now < event_bounds(event)[1]]
    for event_id in closing:
        schedule_event.delay(event_id, False)
    return {"proposals": len(opened), "scheduled": len(closing), "reminders": meeting_reminders_send(now=now)}
