"""Who may do what at an event, on the organisation roles of accounts: owners and editors act for their
organisation (accounts.permissions.can_act_for, require_acting_member), viewers only read; staff organise events
(as may members of a verified organisation that staff allowed to) but never act as an organisation. Services
enforce these; pages use them to show only what works."""
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.permissions import ACTING_ROLES
from core.exceptions import PermissionDeniedError


def organising_organisations(user):
    """Verified organisations staff allowed to organise, where the user is an editor or owner."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        event_grant__isnull=False, verification=Organisation.Verification.VERIFIED,
        memberships__user=user, memberships__role__in=ACTING_ROLES).distinct()


def can_create_events(user):
    return getattr(user, "is_staff", False) or organising_organisations(user).exists()


def can_organise(user, event):
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    return event.organiser_id is not None and organising_organisations(user).filter(pk=event.organiser_id).exists()


def require_organiser(user, event):
    if not can_organise(user, event):
        raise PermissionDeniedError(_("Only the organisers of this event may do this."))


# --- the event's calendar ---


def event_bounds(event):
    """When the first meeting may start and the last one ends (aware datetimes)."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(event.starts_on, event.day_starts), zone)
    end = timezone.make_aware(datetime.combine(event.ends_on, event.day_ends), zone)
    return start, end


def registration_open(event, now=None):
    now = now or timezone.now()
    return event.status == event.Status.PUBLISHED and event.registration_opens <= now < event.registration_closes


def booking_open(event, now=None):
    now = now or timezone.now()
    return event.status == event.Status.PUBLISHED and event.booking_opens <= now < event.booking_closes


def event_over(event, now=None):
    return (now or timezone.now()) >= event_bounds(event)[1]


def slot_times(event):
    """[(start, end)] of every meeting slot: each day from the start to the end time, meetings of the set length
    with the set pause between them, none overlapping the break."""
    zone = timezone.get_default_timezone()
    length = timedelta(minutes=event.meeting_minutes)
    step = timedelta(minutes=event.meeting_minutes + event.gap_minutes)
    slots, day = [], event.starts_on
    while day <= event.ends_on:
        moment = datetime.combine(day, event.day_starts)
        end_of_day = datetime.combine(day, event.day_ends)
        pause = None
        if event.pause_starts and event.pause_ends:
            pause = (datetime.combine(day, event.pause_starts), datetime.combine(day, event.pause_ends))
        while moment + length <= end_of_day:
            if pause and moment < pause[1] and moment + length > pause[0]:
                moment = pause[1]
                continue
            slots.append((timezone.make_aware(moment, zone), timezone.make_aware(moment + length, zone)))
            moment += step
        day += timedelta(days=1)
    return slots
