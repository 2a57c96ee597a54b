"""Creating, changing and publishing events; staff allowing organisations to organise them."""
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core.audit import audit_record
from core.exceptions import ApplicationError, PermissionDeniedError

from ..models import Event, OrganiserGrant, Slot
from ..rules import organising_organisations, require_organiser, slot_times

FIELDS = {
    "title_zh", "title_en", "description_zh", "description_en", "format", "venue", "tables", "meeting_link_base",
    "online_cap", "starts_on", "ends_on", "day_starts", "day_ends", "pause_starts", "pause_ends", "meeting_minutes",
    "gap_minutes", "registration_opens", "registration_closes", "booking_opens", "booking_closes", "capacity",
    "requires_approval", "max_requests", "max_meetings",
}
TIMING = {"starts_on", "ends_on", "day_starts", "day_ends", "pause_starts", "pause_ends", "meeting_minutes",
          "gap_minutes"}
MAX_DAYS = 14


def _check(event):
    """The rules a form cannot see alone: titles, the order of the dates and windows, something to schedule."""
    if not (event.title_zh or "").strip():
        raise ApplicationError(_("Give the event's title in Chinese."), field="title_zh")
    if event.format not in Event.Format.values:
        raise ApplicationError(_("Choose on site or online."), field="format")
    if event.ends_on < event.starts_on:
        raise ApplicationError(_("The last day comes before the first day."), field="ends_on")
    if (event.ends_on - event.starts_on).days >= MAX_DAYS:
        raise ApplicationError(_("An event lasts at most %(days)d days.") % {"days": MAX_DAYS}, field="ends_on")
    if event.day_ends <= event.day_starts:
        raise ApplicationError(_("Meetings must end after they start."), field="day_ends")
    if bool(event.pause_starts) != bool(event.pause_ends) or (
            event.pause_starts and event.pause_ends <= event.pause_starts):
        raise ApplicationError(_("Give the break's start and a later end, or neither."), field="pause_ends")
    if event.registration_closes <= event.registration_opens:
        raise ApplicationError(_("Registration must close after it opens."), field="registration_closes")
    if event.booking_closes <= event.booking_opens:
        raise ApplicationError(_("Booking must close after it opens."), field="booking_closes")
    if event.booking_opens < event.registration_opens:
        raise ApplicationError(_("Booking cannot open before registration does."), field="booking_opens")
    if not event.is_online and not event.tables:
        raise ApplicationError(_("An event on site needs at least one table."), field="tables")
    if not slot_times(event):
        raise ApplicationError(_("No meeting fits into these hours: lengthen the day or shorten the meetings."),
                               field="day_ends")


def _apply(event, fields):
    unknown = set(fields) - FIELDS - {"sectors"}
    if unknown:
        raise ApplicationError(_("Unknown field: %(field)s") % {"field": sorted(unknown)[0]}, field=sorted(unknown)[0])
    for name, value in fields.items():
        if name != "sectors":
            setattr(event, name, value.strip() if isinstance(value, str) else value)


def _write_slots(event):
    """The slots follow the timing, as long as no meeting sits in one."""
    wanted = slot_times(event)
    existing = {slot.starts_at: slot for slot in event.slots.all()}
    if set(existing) == {start for start, _ in wanted}:
        return
    if event.meetings.filter(slot__isnull=False).exists():
        raise ApplicationError(_("Meetings are already scheduled: the days and hours can no longer change."),
                               field="starts_on")
    event.slots.all().delete()
    Slot.objects.bulk_create([Slot(event=event, starts_at=start, ends_at=end) for start, end in wanted])


@transaction.atomic
def event_create(*, user, organiser=None, sectors=(), **fields):
    """Staff create events for the platform; members of an organisation staff allowed create them for it."""
    if organiser is not None:
        if not organising_organisations(user).filter(pk=organiser.pk).exists():
            raise PermissionDeniedError(_("Staff have not allowed %(organisation)s to organise events.")
                                        % {"organisation": organiser})
    elif not getattr(user, "is_staff", False):
        raise PermissionDeniedError(_("Only platform staff and allowed organisations may create events."))
    event = Event(organiser=organiser, created_by=user)
    _apply(event, fields)
    _check(event)
    event.save()
    event.sectors.set(sectors)
    _write_slots(event)
    audit_record(actor=user, action="event.create", target=event)
    return event


@transaction.atomic
def event_update(*, user, event, sectors=None, **fields):
    event = Event.objects.select_for_update().get(pk=event.pk)
    require_organiser(user, event)
    _apply(event, fields)
    _check(event)
    event.save()
    if sectors is not None:
        event.sectors.set(sectors)
    if TIMING & set(fields):
        _write_slots(event)
    audit_record(actor=user, action="event.update", target=event)
    return event


@transaction.atomic
def event_publish(*, user, event):
    event = Event.objects.select_for_update().get(pk=event.pk)
    require_organiser(user, event)
    if event.status == Event.Status.CANCELLED:
        raise ApplicationError(_("A cancelled event cannot be published."))
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    audit_record(actor=user, action="event.publish", target=event)
    return event


def organiser_grant(*, user, organisation):
    """Staff allow a verified organisation to organise events."""
    if not getattr(user, "is_staff", False):
        raise PermissionDeniedError(_("Only platform staff may do this."))
    if organisation.verification != Organisation.Verification.VERIFIED:
        raise ApplicationError(_("Only verified organisations may organise events."))
    grant, _created = OrganiserGrant.objects.get_or_create(organisation=organisation, defaults={"granted_by": user})
    return grant
