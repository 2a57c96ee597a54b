"""The agenda e-mail: each person an organisation sends to the event gets its meetings, in their language, with
the .ics file attached. The organiser sends it (again after changes: the calendar file updates the meetings)."""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.app_settings import site_url

from .calendar import agenda_ics
from .models import Event, Participant
from .selectors import agenda_for


def _recipients(participant):
    people = list(participant.attendees.filter(is_active=True))
    return people or [m.user for m in participant.organisation.memberships.select_related("user")
                      if m.user.is_active and m.user.email]


def agenda_emails_send(*, event_id):
    """Returns how many e-mails were sent."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    messages = []
    for participant in event.participants.filter(status=Participant.Status.APPROVED).select_related("organisation"):
        meetings = list(agenda_for(participant=participant))
        for person in _recipients(participant):
            language = person.language or settings.LANGUAGE_CODE
            with translation.override(language):
                context = {"event": event, "participant": participant, "meetings": meetings, "recipient": person,
                           "link": site_url() + event.get_absolute_url(), "site_name": _(settings.SITE_NAME)}
                subject = (settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
                           + _("Your agenda for “%(event)s”") % {"event": event.title()})
                message = EmailMultiAlternatives(subject=str(subject).replace("\n", " ")[:250],
                                                 body=render_to_string("events/email/agenda.txt", context),
                                                 to=[person.email])
                message.attach_alternative(render_to_string("events/email/agenda.html", context), "text/html")
                message.attach(f"agenda-{event.pk}.ics", agenda_ics(participant=participant, language=language),
                               "text/calendar")
                messages.append(message)
    if messages:
        get_connection(fail_silently=False).send_messages(messages)
    return len(messages)
