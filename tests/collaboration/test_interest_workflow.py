"""Express interest, answer with a reason, talk, record the outcome; each step tells the other side."""
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from collaboration.models import Interest
from collaboration.selectors import organisation_median_response
from collaboration.services import (
    interest_accept,
    interest_decline,
    interest_record_outcome,
    interest_send,
    interests_remind_unanswered,
    message_post,
)
from core.exceptions import ApplicationError, PermissionDeniedError
from notifications.models import Notification
from tests.factories import make_member

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def send(sides, run):
    return run(interest_send, user=sides.firm_editor, organisation=sides.firm, listing=sides.capability,
               message="We build VR museum tours and need volumetric capture.", proposal="A pilot in spring")


def test_an_interest_reaches_the_owner_and_no_one_else(sides, run_on_commit):
    interest = send(sides, run_on_commit)
    assert interest.state == Interest.State.SENT and interest.to_organisation == sides.lab
    note = Notification.objects.get(type="interest")
    assert note.recipient == sides.lab_owner and note.url == interest.get_absolute_url()
    assert "volumetric capture" in note.body


def test_no_interest_in_your_own_listing_nor_twice(sides, run_on_commit):
    with pytest.raises(ApplicationError):
        interest_send(user=sides.lab_owner, organisation=sides.lab, listing=sides.capability, message="hi")
    send(sides, run_on_commit)
    with pytest.raises(ApplicationError):
        send(sides, run_on_commit)


def test_a_viewer_cannot_speak_for_the_organisation(sides):
    viewer = make_member(sides.firm, role="viewer")
    with pytest.raises(PermissionDeniedError):
        interest_send(user=viewer, organisation=sides.firm, listing=sides.capability, message="hi")


def test_viewers_read_the_thread_but_write_nothing_in_it(sides, run_on_commit):
    interest = send(sides, run_on_commit)
    lab_viewer, firm_viewer = make_member(sides.lab, role="viewer"), make_member(sides.firm, role="viewer")
    with pytest.raises(PermissionDeniedError):
        interest_accept(user=lab_viewer, interest=interest)
    with pytest.raises(PermissionDeniedError):
        interest_decline(user=lab_viewer, interest=interest, reason="budget")
    interest = run_on_commit(interest_accept, user=sides.lab_owner, interest=interest)
    for viewer in (lab_viewer, firm_viewer):
        with pytest.raises(PermissionDeniedError):
            message_post(user=viewer, interest=interest, body="Speaking for my organisation")
        with pytest.raises(PermissionDeniedError):
            interest_record_outcome(user=viewer, interest=interest, outcome="started")
    interest.refresh_from_db()
    assert interest.state == Interest.State.ACCEPTED and not interest.messages.exists()


def test_declining_needs_a_reason_the_sender_reads(sides, run_on_commit):
    interest = send(sides, run_on_commit)
    with pytest.raises(ApplicationError):
        interest_decline(user=sides.lab_owner, interest=interest, reason="")
    with pytest.raises(ApplicationError):
        interest_decline(user=sides.lab_owner, interest=interest, reason="other", note="  ")
    with pytest.raises(PermissionDeniedError):
        interest_decline(user=sides.firm_editor, interest=interest, reason="budget")
    run_on_commit(interest_decline, user=sides.lab_owner, interest=interest, reason="too_early")
    note = Notification.objects.get(recipient=sides.firm_editor)
    with translation.override(sides.firm_editor.language):  # rendered in the recipient's language
        assert note.type == "interest" and str(Interest.DeclineReason.TOO_EARLY.label) in note.body


def test_acceptance_opens_the_thread_and_outcomes_close_it(sides, run_on_commit):
    interest = send(sides, run_on_commit)
    with pytest.raises(ApplicationError):
        message_post(user=sides.firm_editor, interest=interest, body="Any news?")
    interest = run_on_commit(interest_accept, user=sides.lab_owner, interest=interest)
    assert interest.contacts_revealed
    run_on_commit(message_post, user=sides.firm_editor, interest=interest, body="When can we visit?")
    run_on_commit(message_post, user=sides.lab_owner, interest=interest, body="Next Tuesday.")
    assert Notification.objects.filter(type="message", recipient=sides.lab_owner).count() == 1
    assert Notification.objects.filter(type="message", recipient=sides.firm_editor).count() == 1
    with pytest.raises(ApplicationError):
        interest_record_outcome(user=sides.firm_editor, interest=interest, outcome="abandoned", note="")
    run_on_commit(interest_record_outcome, user=sides.firm_editor, interest=interest, outcome="started")
    interest = run_on_commit(interest_record_outcome, user=sides.lab_owner, interest=interest,
                             outcome="completed", note="Pilot delivered")
    assert interest.state == Interest.State.COMPLETED
    assert Notification.objects.filter(type="outcome", recipient=sides.lab_owner).count() == 1
    assert Notification.objects.filter(type="outcome", recipient=sides.firm_editor).count() == 1
    with pytest.raises(ApplicationError):
        message_post(user=sides.firm_editor, interest=interest, body="One more thing")


def test_unanswered_interests_remind_the_owner_once_after_a_week(sides, run_on_commit):
    interest = send(sides, run_on_commit)
    Interest.objects.filter(pk=interest.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert run_on_commit(interests_remind_unanswered) == 1
    assert run_on_commit(interests_remind_unanswered) == 0
    assert Notification.objects.filter(recipient=sides.lab_owner, type="interest").count() == 2


def test_the_median_response_time_of_an_organisation(sides, run_on_commit):
    assert organisation_median_response(organisation=sides.lab) is None
    now = timezone.now()
    for hours in (2, 10, 30):
        interest = Interest.objects.create(listing=sides.capability, from_organisation=sides.firm,
                                           to_organisation=sides.lab, message="m", state="declined",
                                           decline_reason="timing")
        Interest.objects.filter(pk=interest.pk).update(created_at=now - timedelta(hours=hours), answered_at=now)
    assert organisation_median_response(organisation=sides.lab) == timedelta(hours=10)
