"""Everyone gets their agenda: an .ics file that calendar apps read (a moved meeting keeps its UID, so it updates),
and an e-mail in each person's language with the file attached."""
import pytest
from django.core import mail
from icalendar import Calendar

from events.calendar import agenda_ics
from events.emails import agenda_emails_send
from events.services.meetings import meeting_accept, meeting_request
from events.services.schedule import event_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(event, sides):
    meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p,
                              message="Hello")
    meeting_accept(user=sides.lab_editor, meeting=meeting)
    event_schedule(event_id=event.pk)
    meeting.refresh_from_db()
    return meeting


def test_the_ics_agenda_parses_with_one_event_per_meeting(placed, sides):
    calendar = Calendar.from_ical(agenda_ics(participant=sides.lab_p, language="en"))
    [entry] = calendar.walk("VEVENT")
    assert entry.decoded("dtstart") == placed.slot.starts_at and entry.decoded("dtend") == placed.slot.ends_at
    assert str(entry["summary"]) == f"Meeting with {sides.museum.name_en}"
    assert str(entry["location"]) == "上海国际会议中心, table 1"
    assert str(entry["uid"]).startswith(f"meeting-{placed.pk}@")


def test_a_moved_meeting_keeps_its_uid(placed, sides, event):
    before = Calendar.from_ical(agenda_ics(participant=sides.museum_p)).walk("VEVENT")[0]
    other = event.slots.exclude(pk=placed.slot_id).first()
    type(placed).objects.filter(pk=placed.pk).update(slot=other)
    after = Calendar.from_ical(agenda_ics(participant=sides.museum_p)).walk("VEVENT")[0]
    assert after["uid"] == before["uid"] and after.decoded("dtstart") != before.decoded("dtstart")


def test_each_person_attending_gets_the_agenda_in_their_language_with_the_file(placed, sides, event):
    sides.lab_editor.language = "en"
    sides.lab_editor.save()
    assert agenda_emails_send(event_id=event.pk) == 2
    by_person = {message.to[0]: message for message in mail.outbox}
    english, chinese = by_person[sides.lab_editor.email], by_person[sides.museum_editor.email]
    assert english.subject.startswith("[CultureTech Exchange] Your agenda") and sides.museum.name_en in english.body
    assert chinese.subject.startswith("[文化科技产学研对接平台] ") and "日程" in chinese.subject
    for message in (english, chinese):
        [(name, content, mimetype)] = message.attachments
        assert name.endswith(".ics") and mimetype == "text/calendar"
        assert len(Calendar.from_ical(content).walk("VEVENT")) == 1
