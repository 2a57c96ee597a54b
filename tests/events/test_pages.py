"""The event pages in both languages; forms that answer bad input with a 400 and field errors; organisers' pages
closed to others; the .ics download; no inline script (the site's Content-Security-Policy forbids it)."""
import re

import pytest
from icalendar import Calendar

from events.models import Event
from events.services.meetings import meeting_accept, meeting_request
from events.services.schedule import event_schedule
from tests.factories import make_member, make_org, make_user

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=", re.IGNORECASE)


def page(client, url, language="zh-hans"):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), url
    return html


def test_the_event_list_and_page_speak_chinese_and_english(client, event, sides):
    client.force_login(sides.lab_editor)
    chinese = page(client, "/events/") + page(client, event.get_absolute_url())
    english = page(client, "/events/", "en") + page(client, event.get_absolute_url(), "en")
    assert "对接会" in chinese and "Matchmaking events" in english
    assert "长三角文化科技对接会" in chinese and "Yangtze Delta brokerage day" in english
    assert "您的日程" in chinese and "Your agenda" in english


def test_anyone_reads_a_published_event_but_not_a_draft(client, event, staff):
    from events.services.events import event_create

    from .conftest import event_fields

    html = page(client, event.get_absolute_url())
    assert "长三角文化科技对接会" in html and 'data-testid="proposals"' not in html
    draft = event_create(user=staff, **event_fields())
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_organiser_sees_the_figures_and_the_schedule_panel(client, event, staff, sides):
    client.force_login(staff)
    html = page(client, event.get_absolute_url(), "en")
    assert 'data-testid="event-figures"' in html and 'data-testid="plan-schedule"' in html
    client.force_login(sides.lab_editor)
    assert 'data-testid="event-figures"' not in page(client, event.get_absolute_url())


def test_organiser_pages_are_closed_to_others(client, event):
    client.force_login(make_member(make_org()))
    assert client.get("/events/new/").status_code == 403
    assert client.get(f"/events/{event.pk}/edit/").status_code == 403
    assert client.post(f"/events/{event.pk}/schedule/").status_code == 403


def test_a_bad_event_form_answers_400_with_field_errors(client, staff):
    client.force_login(staff)
    response = client.post("/events/new/", {"title_zh": "对接会", "tables": "many"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="field field--error" data-field="tables"' in html
    assert 'class="field field--error" data-field="starts_on"' in html
    assert not Event.objects.filter(title_zh="对接会").exists()


def test_a_rule_broken_on_the_event_form_is_shown_on_its_field(client, staff):
    from .conftest import event_fields

    client.force_login(staff)
    fields = event_fields(day_starts="10:00", day_ends="09:00")
    data = {name: (value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "hour") and hasattr(value, "year")
                   else str(value)) for name, value in fields.items()}
    data.update(meeting_minutes=20, gap_minutes=0, max_requests=20, max_meetings=20)
    response = client.post("/events/new/", data)
    assert response.status_code == 400
    assert 'class="field field--error" data-field="day_ends"' in response.content.decode()


def test_registering_without_bringing_anything_is_refused_on_the_form(client, event):
    org = make_org()
    client.force_login(make_member(org))
    response = client.post(f"/events/{event.pk}/register/", {})
    assert response.status_code == 400
    assert 'data-field="listings"' in response.content.decode()


def test_a_meeting_request_without_a_message_is_refused_on_the_form(client, event, sides):
    client.force_login(sides.museum_editor)
    response = client.post(f"/events/{event.pk}/participants/{sides.lab_p.pk}/request/", {"message": ""})
    assert response.status_code == 400 and 'class="field field--error" data-field="message"' in \
        response.content.decode()


def test_the_agenda_downloads_as_a_calendar_file(client, event, sides):
    meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p,
                              message="Hello")
    meeting_accept(user=sides.lab_editor, meeting=meeting)
    event_schedule(event_id=event.pk)
    client.force_login(sides.museum_editor)
    response = client.get(f"/events/{event.pk}/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    client.force_login(make_user())
    assert client.get(f"/events/{event.pk}/agenda.ics").status_code == 404


def test_a_meeting_page_is_for_its_two_sides_and_the_organisers(client, event, sides, staff):
    meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p,
                              message="Hello")
    for user, status in ((sides.lab_editor, 200), (staff, 200), (make_member(make_org()), 404)):
        client.force_login(user)
        assert client.get(meeting.get_absolute_url()).status_code == status
