"""From a proposal to a held meeting: requests, answers and caps; who is told; the schedule placing accepted
meetings (confirmed ones stay put); reminders once per meeting and person; reports, one-click interests and the
event's figures."""
from datetime import timedelta

import pytest
from django.utils import timezone

from collaboration.models import Interest
from core.exceptions import ApplicationError, PermissionDeniedError
from core.models import OutboxEvent
from events.models import Meeting, Participant
from events.selectors import event_figures, proposals_for
from events.services.meetings import (
    meeting_accept,
    meeting_cancel,
    meeting_decline,
    meeting_report,
    meeting_request,
    meeting_to_interest,
)
from events.services.participation import availability_set, participant_register
from events.services.proposals import proposals_refresh
from events.services.schedule import event_schedule, meeting_reminders_send
from notifications.models import Notification
from tests.factories import make_listing, make_member, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def accepted_meeting(sides, message="Let us talk about capturing your bronzes."):
    meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p,
                              message=message)
    return meeting_accept(user=sides.lab_editor, meeting=meeting)


def started(meeting):
    """Move the meeting's slot into the past, as if the event had begun."""
    slot = meeting.slot
    slot.starts_at, slot.ends_at = timezone.now() - timedelta(minutes=30), timezone.now() - timedelta(minutes=10)
    slot.save()


def test_each_side_sees_the_proposed_meeting_with_the_engines_reasons(sides):
    assert proposals_refresh(event_id=sides.lab_p.event_id) == 1
    for mine, other in ((sides.lab_p, sides.museum_p), (sides.museum_p, sides.lab_p)):
        [row] = proposals_for(participant=mine)
        assert row["other"] == other
        assert row["proposal"].reasons_en and row["proposal"].reasons_zh
        assert row["proposal"].score > 0.2
    assert proposals_for(participant=sides.lab_p)[0]["their_listing"] == sides.need


def test_an_event_profile_is_matched_against_the_listings_of_the_others(event, sides):
    studio = make_org(kind="enterprise")
    editor = make_member(studio, role="editor")
    participant_register(user=editor, event=event, organisation=studio,
                         seek="We seek volumetric capture and photogrammetry of museum artefacts for VR")
    proposals_refresh(event_id=event.pk)
    studio_p = Participant.objects.get(organisation=studio)
    others = {row["other"].pk for row in proposals_for(participant=studio_p)}
    assert sides.lab_p.pk in others  # the lab's capability fits the studio's words
    assert sides.museum_p.pk not in others  # two needs do not make a meeting


def test_a_request_reaches_the_other_side_which_accepts_and_the_requester_hears_it(sides):
    proposals_refresh(event_id=sides.lab_p.event_id)
    meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p,
                              message="Can you capture our bronzes?")
    assert meeting.state == Meeting.State.REQUESTED
    assert meeting.reasons_en  # carried over from the proposal
    assert meeting.invitee_listing == sides.capability
    assert OutboxEvent.objects.filter(type="meeting.requested", payload__meeting_id=meeting.pk).exists()

    with pytest.raises(PermissionDeniedError):
        meeting_accept(user=sides.museum_editor, meeting=meeting)  # only the invited side answers
    meeting = meeting_accept(user=sides.lab_editor, meeting=meeting)
    assert meeting.state == Meeting.State.ACCEPTED
    assert OutboxEvent.objects.filter(type="meeting.answered", payload__meeting_id=meeting.pk).exists()


def test_declining_needs_a_reason_from_the_fixed_list(sides):
    meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p,
                              message="Hello")
    with pytest.raises(ApplicationError) as error:
        meeting_decline(user=sides.lab_editor, meeting=meeting, reason="dislike")
    assert error.value.field == "reason"
    meeting = meeting_decline(user=sides.lab_editor, meeting=meeting, reason=Interest.DeclineReason.TIMING)
    assert meeting.state == Meeting.State.DECLINED and meeting.decline_reason == "timing"


def test_viewers_read_but_do_not_request(event, sides):
    viewer = make_member(sides.museum, role="viewer")
    with pytest.raises(PermissionDeniedError):
        meeting_request(user=viewer, requester=sides.museum_p, invitee=sides.lab_p, message="Hi")


def test_requests_follow_the_booking_window_and_the_caps(event, sides):
    with pytest.raises(ApplicationError):
        meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p, message=" ")
    meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p, message="One")
    with pytest.raises(ApplicationError, match="already"):  # one open meeting per pair, either way round
        meeting_request(user=sides.lab_editor, requester=sides.lab_p, invitee=sides.museum_p, message="Two")

    third = make_org()
    editor = make_member(third)
    third_p = participant_register(user=editor, event=event, organisation=third, offer="Motion capture studio")
    type(event).objects.filter(pk=event.pk).update(max_requests=1)
    with pytest.raises(ApplicationError, match="1"):
        meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=third_p, message="Three")

    type(event).objects.filter(pk=event.pk).update(max_requests=20, booking_closes=timezone.now())
    with pytest.raises(ApplicationError, match="booking"):
        meeting_request(user=editor, requester=third_p, invitee=sides.lab_p, message="Late")


def test_accepting_stops_at_the_meeting_cap(event, sides):
    type(event).objects.filter(pk=event.pk).update(max_meetings=1)
    accepted_meeting(sides)
    third = make_org()
    third_p = participant_register(user=make_member(third), event=event, organisation=third, offer="Studio")
    other = meeting_request(user=third.memberships.get().user, requester=third_p, invitee=sides.lab_p,
                            message="Hello")
    with pytest.raises(ApplicationError, match="1"):
        meeting_accept(user=sides.lab_editor, meeting=other)


def test_the_schedule_places_accepted_meetings_and_keeps_them_on_a_rerun(event, sides):
    meeting = accepted_meeting(sides)
    summary = event_schedule(event_id=event.pk)
    meeting.refresh_from_db()
    assert summary["placed"] == 1 and summary["requested"] == 1
    assert meeting.slot is not None and meeting.table == 1
    assert OutboxEvent.objects.filter(type="meeting.scheduled", payload__meeting_id=meeting.pk).count() == 1
    first = (meeting.slot_id, meeting.table)

    # The lab now cannot attend the other slots: a re-run must not move the confirmed meeting.
    others = event.slots.exclude(pk=meeting.slot_id)
    availability_set(user=sides.lab_editor, participant=sides.lab_p, unavailable_slots=others)
    event_schedule(event_id=event.pk)
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table) == first
    assert OutboxEvent.objects.filter(type="meeting.scheduled").count() == 1  # nothing new to announce

    with pytest.raises(ApplicationError) as error:  # a time holding a meeting cannot become unavailable
        availability_set(user=sides.lab_editor, participant=sides.lab_p, unavailable_slots=event.slots.all())
    assert error.value.field == "unavailable_slots"


def test_a_newcomer_waits_unless_the_organiser_re_plans_which_moves_placed_meetings(event, sides):
    first = accepted_meeting(sides)
    event_schedule(event_id=event.pk)
    first.refresh_from_db()
    # A studio that can only come at the time the lab's first meeting took, and the lab accepts it too.
    studio = make_org()
    studio_editor = make_member(studio)
    studio_p = participant_register(user=studio_editor, event=event, organisation=studio, offer="Motion capture")
    studio_p.unavailable_slots.set(event.slots.exclude(pk=first.slot_id))
    second = meeting_request(user=studio_editor, requester=studio_p, invitee=sides.lab_p, message="Hi")
    meeting_accept(user=sides.lab_editor, meeting=second)

    summary = event_schedule(event_id=event.pk)
    second.refresh_from_db()
    assert summary["placed"] == 1 and second.unplaced_reason == "participant_busy"
    assert Meeting.objects.get(pk=first.pk).slot_id == first.slot_id  # confirmed: not moved

    summary = event_schedule(event_id=event.pk, replan=True)
    second.refresh_from_db()
    moved = Meeting.objects.get(pk=first.pk)
    assert summary["placed"] == 2
    assert second.slot_id == first.slot_id and moved.slot_id != first.slot_id
    announcement = OutboxEvent.objects.filter(type="meeting.scheduled", payload__meeting_id=first.pk).last()
    assert announcement.payload["previous_slot_id"] == first.slot_id


def test_meetings_that_cannot_be_placed_keep_a_reason(event, sides):
    meeting = accepted_meeting(sides)
    sides.lab_p.unavailable_slots.set(event.slots.all())
    summary = event_schedule(event_id=event.pk)
    meeting.refresh_from_db()
    assert meeting.slot is None and meeting.unplaced_reason == "no_common_slot"
    assert summary["unplaced"] == {"no_common_slot": 1}


def test_accepting_after_the_first_plan_places_the_meeting_at_once(event, sides, django_capture_on_commit_callbacks):
    event_schedule(event_id=event.pk)  # the organiser planned (nothing to place yet)
    meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p,
                              message="Hello")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_accept(user=sides.lab_editor, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.slot is not None and meeting.table == 1


def test_reminders_go_once_per_meeting_and_person(event, sides):
    meeting = accepted_meeting(sides)
    event_schedule(event_id=event.pk)
    meeting.refresh_from_db()
    soon = meeting.slot.starts_at - timedelta(minutes=30)
    assert meeting_reminders_send(now=soon) == 1
    assert meeting_reminders_send(now=soon + timedelta(minutes=5)) == 0  # beat runs again: nothing new
    assert meeting_reminders_send(now=meeting.slot.starts_at - timedelta(hours=3)) == 0  # too early anyway
    from core.outbox import outbox_process

    reminder = OutboxEvent.objects.get(type="meeting.reminder")
    outbox_process(event_ids=[reminder.pk])
    outbox_process(event_ids=[reminder.pk])  # a redelivered task
    reminded = Notification.objects.filter(type="meeting", key__startswith="meeting-reminder:")
    assert sorted(reminded.values_list("recipient_id", flat=True)) == sorted(
        [sides.lab_editor.pk, sides.museum_editor.pk])


def test_after_the_meeting_either_side_records_it_and_turns_it_into_an_interest(event, sides, staff):
    meeting = accepted_meeting(sides)
    event_schedule(event_id=event.pk)
    meeting.refresh_from_db()
    with pytest.raises(ApplicationError):  # not before its time
        meeting_report(user=sides.museum_editor, meeting=meeting, held=True)
    started(meeting)
    with pytest.raises(ApplicationError, match="took place"):
        meeting_to_interest(user=sides.museum_editor, meeting=meeting)
    meeting_report(user=sides.museum_editor, meeting=meeting, held=True, outcome="follow_up", note="Promising")
    interest = meeting_to_interest(user=sides.museum_editor, meeting=meeting)
    assert interest.listing == sides.capability and interest.from_organisation == sides.museum
    assert interest.state == Interest.State.SENT
    assert meeting_to_interest(user=sides.museum_editor, meeting=meeting) == interest  # one click is enough

    figures = event_figures(event)
    assert figures == {"registrations": 2, "pending": 0, "requests": 1, "accepted": 1, "placed": 1, "held": 1,
                       "follow_ups": 1}


def test_cancelling_frees_the_slot_and_tells_the_other_side(event, sides):
    meeting = accepted_meeting(sides)
    event_schedule(event_id=event.pk)
    meeting = meeting_cancel(user=sides.lab_editor, meeting=Meeting.objects.get(pk=meeting.pk))
    assert meeting.state == Meeting.State.CANCELLED and meeting.slot is None
    from core.outbox import outbox_process

    outbox_process(event_ids=list(OutboxEvent.objects.filter(type="meeting.cancelled").values_list("pk", flat=True)))
    told = Notification.objects.filter(event__type="meeting.cancelled")
    assert list(told.values_list("recipient_id", flat=True)) == [sides.museum_editor.pk]


def test_a_listing_of_another_organisation_cannot_be_brought(event, sides):
    stranger = make_listing(make_org())
    editor = make_member(make_org())
    with pytest.raises(ApplicationError) as error:
        participant_register(user=editor, event=event, organisation=editor.memberships.get().organisation,
                             listings=[stranger])
    assert error.value.field == "listings"


def test_online_meetings_get_a_link_of_their_own_and_no_table(event, sides):
    type(event).objects.filter(pk=event.pk).update(format="online", online_cap=None,
                                                   meeting_link_base="https://meet.example.com/ctx")
    meeting = accepted_meeting(sides)
    event_schedule(event_id=event.pk)
    meeting.refresh_from_db()
    assert meeting.slot is not None and meeting.table is None
    assert meeting.link.startswith(f"https://meet.example.com/ctx/ctx-{meeting.pk}-")
    link = meeting.link
    event_schedule(event_id=event.pk, replan=True)
    meeting.refresh_from_db()
    assert meeting.link == link  # a re-plan keeps the link people already have
