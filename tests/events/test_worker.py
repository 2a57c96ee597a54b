"""Through a real Celery worker: a meeting accepted after the first plan is placed by the worker, both sides hear
it; the beat task (events_housekeeping) sends each person one reminder e-mail however often it runs."""
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import OutboxEvent
from events.models import Meeting
from events.services.meetings import meeting_accept, meeting_request
from events.services.schedule import event_schedule
from events.tasks import events_housekeeping
from notifications.models import Notification
from tests.fixtures.celery_worker import wait_for

pytestmark = [pytest.mark.celery, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def all_events_done():
    return not OutboxEvent.objects.filter(processed_at__isnull=True).exists()


def test_the_worker_places_accepted_meetings_and_reminds_each_person_once(event, sides, celery_live):
    event_schedule(event_id=event.pk)  # the organiser planned before any meeting was agreed
    meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p,
                              message="Bronzes?")
    meeting_accept(user=sides.lab_editor, meeting=meeting)
    placed = wait_for(lambda: Meeting.objects.filter(pk=meeting.pk, slot__isnull=False).first(),
                      message="the worker to place the meeting")
    wait_for(all_events_done, message="the worker to fan out the meeting events")
    told = Notification.objects.filter(event__type="meeting.scheduled")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([sides.lab_editor.pk,
                                                                          sides.museum_editor.pk])

    # The meeting is now 30 minutes away; beat runs the housekeeping twice.
    from events.models import Slot

    Slot.objects.filter(pk=placed.slot_id).update(starts_at=timezone.now() + timedelta(minutes=30),
                                                  ends_at=timezone.now() + timedelta(minutes=50))
    events_housekeeping.delay()
    events_housekeeping.delay()
    wait_for(lambda: OutboxEvent.objects.filter(type="meeting.reminder").exists() and all_events_done(),
             message="the reminder to be fanned out")
    for person in (sides.lab_editor, sides.museum_editor):
        wait_for(lambda person=person: [m for m in celery_live.emails(to=person.email)
                                        if "即将开始" in str(m["Subject"])],
                 message=f"the reminder e-mail to {person.email}")
    events_housekeeping.apply()  # once more, here: nothing new to remind
    assert OutboxEvent.objects.filter(type="meeting.reminder").count() == 1
    for person in (sides.lab_editor, sides.museum_editor):
        reminders = [m for m in celery_live.emails(to=person.email) if "即将开始" in str(m["Subject"])]
        assert len(reminders) == 1
