"""The agenda e-mail: each person an organisation sends to the event gets its meetings, in their language, with
the .ics file attached. The organiser sends it (again after changes: the calendar file updates the meetings)."""
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.app_settings import app_settings
from core.mail import compose, in_language_of, send_each

from .calendar import agenda_ics
from .models import Event, Participant
from .selectors import agenda_for


def _recipients(participant):
    people = list(participant.attendees.filter(is_active=True))
    return people or [m.user for m in participant.organisation.memberships.select_related("user")
                      if m.user.is_active and m.user.email]


def agenda_emails_send(*, event_id):
    """Returns how many e-mails were sent (one refused address does not stop the others)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    messages = []
    for participant in event.participants.filter(status=Participant.Status.APPROVED).select_related("organisation"):
        meetings = list(agenda_for(participant=participant))
        for person in _recipients(participant):
            with in_language_of(person):
                context = {"event": event, "participant": participant, "meetings": meetings, "recipient": person,
                           "link": app_settings.SITE_URL + event.get_absolute_url(),
                           "site_name": _(app_settings.SITE_NAME)}
                ics = agenda_ics(participant=participant, language=get_language())
                messages.append(compose(
                    to=[person.email], subject=_("Your agenda for “%(event)s”") % {"event": event.title()},
                    text=render_to_string("events/email/agenda.txt", context),
                    html=render_to_string("events/email/agenda.html", context),
                    attachments=[(f"agenda-{event.pk}.ics", ics, "text/calendar")]))
    return sum(error is None for _message, error in send_each(messages))
