"""A participant's agenda as an iCalendar file (RFC 5545, through the `icalendar` library): one event per placed
meeting, with a stable UID so that a calendar app updates a moved meeting instead of adding a second one."""
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.app_settings import app_settings

from .selectors import agenda_for


def _host():
    return app_settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "culturetech.example"


def _where(meeting):
    event = meeting.event
    if event.is_online:
        return meeting.link or _("Online")
    if meeting.table:
        return _("%(venue)s, table %(table)s") % {"venue": event.venue, "table": meeting.table}
    return event.venue


def agenda_ics(*, participant, language=None):
    """The .ics bytes of the participant's agenda, written in `language`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        event = participant.event
        calendar = Calendar()
        calendar.add("prodid", "-//CultureTech Exchange//Matchmaking events//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", event.title())
        for meeting in agenda_for(participant=participant):
            other = meeting.other_side(participant)
            entry = CalendarEvent()
            entry.add("uid", f"meeting-{meeting.pk}@{_host()}")
            entry.add("dtstamp", timezone.now())
            entry.add("last-modified", meeting.updated_at)
            entry.add("dtstart", meeting.slot.starts_at)
            entry.add("dtend", meeting.slot.ends_at)
            entry.add("summary", _("Meeting with %(organisation)s") % {
                "organisation": other.organisation.display_name()})
            entry.add("location", _where(meeting))
            reasons = "; ".join(meeting.reasons())
            description = event.title() + ("\n" + _("Why you meet: %(reasons)s") % {"reasons": reasons}
                                           if reasons else "")
            entry.add("description", description)
            if meeting.link:
                entry.add("url", meeting.link)
            calendar.add_component(entry)
        return calendar.to_ical()
