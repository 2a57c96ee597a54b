"""Who may create events, the rules of their dates and windows, slots made from the hours, meeting length and
breaks, registration with the organiser's validation and the event's capacity."""
from datetime import time, timedelta

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, PermissionDeniedError
from events.models import Participant
from events.services.events import event_create, event_update, organiser_grant
from events.services.participation import participant_decide, participant_register
from tests.factories import make_member, make_org, make_user

from .conftest import event_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_staff_and_organisations_staff_allowed_create_events(staff):
    assert event_create(user=staff, **event_fields()).organiser is None
    org = make_org(verified=True)
    editor = make_member(org, role="editor")
    with pytest.raises(PermissionDeniedError):
        event_create(user=editor, organiser=org, **event_fields())
    organiser_grant(user=staff, organisation=org)
    assert event_create(user=editor, organiser=org, **event_fields()).organiser == org
    with pytest.raises(PermissionDeniedError):  # viewers do not act for the organisation
        event_create(user=make_member(org, role="viewer"), organiser=org, **event_fields())
    with pytest.raises(PermissionDeniedError):
        event_create(user=make_user(), **event_fields())


def test_only_verified_organisations_may_be_allowed_to_organise(staff):
    with pytest.raises(ApplicationError):
        organiser_grant(user=staff, organisation=make_org())


@pytest.mark.parametrize("overrides,field", [
    ({"title_zh": " "}, "title_zh"),
    ({"day_ends": time(8, 0)}, "day_ends"),
    ({"registration_closes": timezone.now() - timedelta(days=3)}, "registration_closes"),
    ({"booking_opens": timezone.now() - timedelta(days=2)}, "booking_opens"),
    ({"pause_starts": time(9, 30)}, "pause_ends"),
    ({"day_ends": time(9, 10)}, "day_ends"),  # not one 20-minute meeting fits
])
def test_broken_rules_name_their_field(staff, overrides, field):
    with pytest.raises(ApplicationError) as error:
        event_create(user=staff, **event_fields(**overrides))
    assert error.value.field == field


def test_slots_follow_the_hours_the_meeting_length_the_pauses_and_the_break(staff):
    event = event_create(user=staff, **event_fields(
        day_starts=time(9, 0), day_ends=time(12, 0), meeting_minutes=25, gap_minutes=5,
        pause_starts=time(10, 0), pause_ends=time(10, 30), ends_on=timezone.localdate() + timedelta(days=2)))
    starts = [timezone.localtime(slot.starts_at).strftime("%d %H:%M") for slot in event.slots.all()]
    day = timezone.localtime(event.slots.first().starts_at).strftime("%d")
    # 09:00, 09:30 (10:00 would overlap the break), 10:30, 11:00, 11:30 runs to 11:55: on each of two days.
    assert [s for s in starts if s.startswith(day)] == [f"{day} 09:00", f"{day} 09:30", f"{day} 10:30",
                                                        f"{day} 11:00", f"{day} 11:30"]
    assert len(starts) == 10


def test_the_hours_cannot_change_once_meetings_are_placed(event, sides, staff):
    from events.services.meetings import meeting_accept, meeting_request
    from events.services.schedule import event_schedule

    meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p, message="Hi")
    meeting_accept(user=sides.lab_editor, meeting=meeting)
    event_schedule(event_id=event.pk)
    with pytest.raises(ApplicationError) as error:
        event_update(user=staff, event=event, day_starts=time(8, 0))
    assert error.value.field == "starts_on"
    event_update(user=staff, event=event, venue="新会场")  # other changes still go through


def test_the_organiser_validates_participants_when_the_event_asks_for_it(event, staff):
    type(event).objects.filter(pk=event.pk).update(requires_approval=True)
    event.refresh_from_db()
    org = make_org()
    editor = make_member(org)
    participant = participant_register(user=editor, event=event, organisation=org, offer="Holographic stage")
    assert participant.status == Participant.Status.PENDING
    with pytest.raises(PermissionDeniedError):
        participant_decide(user=editor, participant=participant, approve=True)
    with pytest.raises(ApplicationError) as error:
        participant_decide(user=staff, participant=participant, approve=False)
    assert error.value.field == "note"
    assert participant_decide(user=staff, participant=participant, approve=True).status == Participant.Status.APPROVED


def test_registration_stops_when_the_event_is_full_or_closed(event):
    type(event).objects.filter(pk=event.pk).update(capacity=1)
    event.refresh_from_db()
    first, second = make_org(), make_org()
    participant_register(user=make_member(first), event=event, organisation=first, offer="Sound design")
    with pytest.raises(ApplicationError, match="full"):
        participant_register(user=make_member(second), event=event, organisation=second, offer="Lighting")
    type(event).objects.filter(pk=event.pk).update(capacity=None, registration_closes=timezone.now())
    with pytest.raises(ApplicationError):
        participant_register(user=second.memberships.get().user, event=event, organisation=second, offer="x")


def test_an_organisation_brings_something_and_only_its_own_people(event):
    org = make_org()
    editor = make_member(org)
    with pytest.raises(ApplicationError) as error:
        participant_register(user=editor, event=event, organisation=org)
    assert error.value.field == "listings"
    with pytest.raises(ApplicationError) as error:
        participant_register(user=editor, event=event, organisation=org, offer="x", attendees=[make_user()])
    assert error.value.field == "attendees"
