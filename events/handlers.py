"""Who hears about registrations, meeting requests, answers, placements, cancellations and reminders
(config/reactions.py registers them). Meetings go to the people an organisation sends to the event, or to all its
members when it named nobody."""
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.permissions import ACTING_ROLES
from collaboration.models import Interest
from notifications.fanout import Audience
from notifications.handlers import member_ids, staff_ids
from notifications.models import NotificationType as T

from .models import Meeting, Participant, Slot


def _people(participant):
    attendees = list(participant.attendees.values_list("pk", flat=True))
    return attendees or member_ids(participant.organisation_id)


def _organisers(event):
    if event.organiser_id:
        return list(Membership.objects.filter(organisation_id=event.organiser_id, role__in=ACTING_ROLES)
                    .values_list("user_id", flat=True))
    return [event.created_by_id] if event.created_by_id else staff_ids()


def _meeting(event):
    return (Meeting.objects.select_related("event", "requester__organisation", "invitee__organisation", "slot")
            .filter(pk=event.payload.get("meeting_id")).first())


def _participant(event):
    return (Participant.objects.select_related("event", "organisation")
            .filter(pk=event.payload.get("participant_id")).first())


def _when(slot):
    local = timezone.localtime(slot.starts_at)
    return f"{local:%Y-%m-%d %H:%M}"


def _place(meeting):
    if meeting.event.is_online:
        return meeting.link or ""
    if meeting.table:
        return _("%(venue)s, table %(table)s") % {"venue": meeting.event.venue, "table": meeting.table}
    return meeting.event.venue


def _name(participant):
    return participant.organisation.display_name()


def participant_registered(event):
    participant = _participant(event)
    if participant is None or participant.status != Participant.Status.PENDING:
        return []
    return [Audience(
        user_ids=_organisers(participant.event), type=T.MEETING, url=participant.event.get_absolute_url(),
        render=lambda: (_("%(organisation)s asks to take part in “%(event)s”")
                        % {"organisation": _name(participant), "event": participant.event.title()},
                        _("Admit or turn it away on the event's page.")),
    )]


def participant_decided(event):
    participant = _participant(event)
    if participant is None:
        return []
    admitted = participant.status == Participant.Status.APPROVED

    def render():
        values = {"event": participant.event.title()}
        if admitted:
            return _("You are registered for “%(event)s”") % values, _(
                "When booking opens you will see the meetings we propose, with the reasons.")
        return _("You were not admitted to “%(event)s”") % values, participant.decision_note

    return [Audience(user_ids=member_ids(participant.organisation_id), type=T.MEETING,
                     url=participant.event.get_absolute_url(), render=render)]


def meeting_requested(event):
    meeting = _meeting(event)
    if meeting is None:
        return []
    return [Audience(
        user_ids=member_ids(meeting.invitee.organisation_id), type=T.MEETING, url=meeting.get_absolute_url(),
        render=lambda: (_("%(organisation)s asks to meet you at “%(event)s”")
                        % {"organisation": _name(meeting.requester), "event": meeting.event.title()},
                        meeting.message),
    )]


def meeting_answered(event):
    meeting = _meeting(event)
    if meeting is None:
        return []

    def render():
        values = {"organisation": _name(meeting.invitee), "event": meeting.event.title()}
        if meeting.state == Meeting.State.DECLINED:
            reason = str(Interest.DeclineReason(meeting.decline_reason).label) if meeting.decline_reason else ""
            body = _("Reason: %(reason)s") % {"reason": reason}
            if meeting.decline_note:
                body += "\n" + meeting.decline_note
            return _("%(organisation)s declined your meeting request at “%(event)s”") % values, body
        return (_("%(organisation)s accepted your meeting request at “%(event)s”") % values,
                _("The schedule will give it a time and a table."))

    return [Audience(user_ids=member_ids(meeting.requester.organisation_id), type=T.MEETING,
                     url=meeting.get_absolute_url(), render=render)]


def meeting_scheduled(event):
    """A meeting got its time, or moved: both sides hear it (keyed by the time, so a repeat says nothing new)."""
    meeting = _meeting(event)
    if meeting is None or meeting.slot is None or meeting.state != Meeting.State.ACCEPTED:
        return []
    moved = bool(event.payload.get("previous_slot_id"))
    previous = Slot.objects.filter(pk=event.payload.get("previous_slot_id")).first() if moved else None
    audiences = []
    for side in (meeting.requester, meeting.invitee):
        other = meeting.other_side(side)

        def render(other=other):
            values = {"organisation": _name(other), "event": meeting.event.title(), "when": _when(meeting.slot)}
            where = _place(meeting)
            if previous is not None:
                title = _("Your meeting with %(organisation)s moved to %(when)s") % values
                body = _("It was at %(when)s.") % {"when": _when(previous)}
            else:
                title = _("Your meeting with %(organisation)s: %(when)s") % values
                body = meeting.event.title()
            return title, f"{body}\n{where}" if where else body

        audiences.append(Audience(user_ids=_people(side), type=T.MEETING, url=meeting.get_absolute_url(),
                                  key=f"meeting-slot:{meeting.pk}:{meeting.slot_id}", render=render))
    return audiences


def meeting_cancelled(event):
    meeting = _meeting(event)
    if meeting is None:
        return []
    actor_id = event.payload.get("actor_id")
    actor_orgs = set(Membership.objects.filter(user_id=actor_id).values_list("organisation_id", flat=True))
    audiences = []
    for side in (meeting.requester, meeting.invitee):
        if side.organisation_id in actor_orgs:
            continue
        other = meeting.other_side(side)
        audiences.append(Audience(
            user_ids=_people(side), type=T.MEETING, url=meeting.event.get_absolute_url(),
            exclude_user_ids={actor_id},
            render=lambda other=other: (_("The meeting with %(organisation)s at “%(event)s” is cancelled")
                                        % {"organisation": _name(other), "event": meeting.event.title()}, ""),
        ))
    return audiences


def meeting_reminder(event):
    meeting = _meeting(event)
    if meeting is None or meeting.slot is None or meeting.state != Meeting.State.ACCEPTED:
        return []
    starts = event.payload.get("starts_at", "")
    audiences = []
    for side in (meeting.requester, meeting.invitee):
        other = meeting.other_side(side)
        audiences.append(Audience(
            user_ids=_people(side), type=T.MEETING, url=meeting.get_absolute_url(),
            key=f"meeting-reminder:{meeting.pk}:{starts}",
            render=lambda other=other: (
                _("Soon: your meeting with %(organisation)s at %(when)s")
                % {"organisation": _name(other), "when": _when(meeting.slot)}, _place(meeting)),
        ))
    return audiences
