"""Matchmaking events in /api/v1/: events, registering, proposals, meeting requests and answers, agendas; and the
meeting.requested / meeting.answered / meeting.scheduled webhooks, delivered signed to a real receiver."""
import json

import pytest

from api.models import WebhookSubscription
from api.signing import verify
from events.models import Meeting, Participant
from events.services.proposals import proposals_refresh
from events.services.schedule import event_schedule
from tests.api.conftest import bearer, issue_credential, session
from tests.api.webhook_receiver import Receiver
from tests.factories import make_member, make_org

pytestmark = pytest.mark.django_db


def test_events_are_listed_for_anyone_and_drafts_only_for_organisers(event, staff):
    from events.services.events import event_create

    from .conftest import event_fields

    draft = event_create(user=staff, **event_fields(title_zh="筹备中"))
    anonymous = session(make_member(make_org())).get("/api/v1/events/").json()
    assert [row["id"] for row in anonymous["results"]] == [event.pk]
    assert {row["id"] for row in session(staff).get("/api/v1/events/").json()["results"]} == {event.pk, draft.pk}
    assert session(make_member(make_org())).get(f"/api/v1/events/{draft.pk}/").status_code == 404


def test_a_credential_registers_its_organisation_with_a_listing(event, sides):
    studio = make_org(kind="enterprise")
    from tests.factories import make_listing

    need = make_listing(studio, kind="need", title="Motion capture for a dance film")
    _, token = issue_credential(studio)
    response = bearer(token).post(f"/api/v1/events/{event.pk}/participants/", {"listings": [need.pk]})
    assert response.status_code == 201, response.content
    assert response.json()["listings"] == [{"id": need.pk, "kind": "need", "title": need.title}]
    participant = Participant.objects.get(organisation=studio)
    assert participant.status == "approved" and not participant.attendees.exists()  # every member hears

    again = bearer(token).post(f"/api/v1/events/{event.pk}/participants/", {"listings": [need.pk]})
    assert again.status_code == 400
    foreign = bearer(token).post(f"/api/v1/events/{event.pk}/participants/", {"listings": [sides.need.pk]})
    assert foreign.status_code == 400


def test_registering_needs_the_write_scope_and_a_known_listing(event):
    studio = make_org()
    _, read_only = issue_credential(studio, scopes=("read",))
    assert bearer(read_only).post(f"/api/v1/events/{event.pk}/participants/", {"offer": "x"}).status_code == 403
    _, token = issue_credential(studio, name="full")
    response = bearer(token).post(f"/api/v1/events/{event.pk}/participants/", {"listings": [999999]})
    assert response.status_code == 400 and "listings" in response.json()["errors"]


def test_participants_are_for_participants_and_organisers(event, sides, staff):
    url = f"/api/v1/events/{event.pk}/participants/"
    assert session(sides.lab_editor).get(url).json()["count"] == 2
    assert session(staff).get(url).status_code == 200
    assert session(make_member(make_org())).get(url).status_code == 403


def test_proposals_request_accept_and_agenda_through_the_api(event, sides):
    proposals_refresh(event_id=event.pk)
    _, museum_token = issue_credential(sides.museum)
    _, lab_token = issue_credential(sides.lab)
    proposals = bearer(museum_token).get(f"/api/v1/events/{event.pk}/proposals/").json()["results"]
    assert [row["participant"]["id"] for row in proposals] == [sides.lab_p.pk]
    assert proposals[0]["reasons_en"] and proposals[0]["their_listing"]["id"] == sides.capability.pk

    created = bearer(museum_token).post("/api/v1/meetings/", {"invitee": sides.lab_p.pk, "message": "Bronzes?"})
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    assert bearer(museum_token).post(f"/api/v1/meetings/{meeting_id}/accept/").status_code == 403
    accepted = bearer(lab_token).post(f"/api/v1/meetings/{meeting_id}/accept/")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"

    event_schedule(event_id=event.pk)
    agenda = bearer(lab_token).get(f"/api/v1/events/{event.pk}/agenda/").json()["results"]
    assert [row["id"] for row in agenda] == [meeting_id]
    assert agenda[0]["slot"]["starts_at"] and agenda[0]["table"] == 1


def test_bad_meeting_requests_get_field_errors(event, sides):
    _, token = issue_credential(sides.museum)
    assert list(bearer(token).post("/api/v1/meetings/", {"invitee": 999999, "message": "x"}).json()["errors"]) == [
        "invitee"]
    response = bearer(token).post("/api/v1/meetings/", {"invitee": sides.lab_p.pk})
    assert response.status_code == 400 and "message" in response.json()["errors"]
    meeting = bearer(token).post("/api/v1/meetings/", {"invitee": sides.lab_p.pk, "message": "Hi"}).json()
    _, lab_token = issue_credential(sides.lab)
    declined = bearer(lab_token).post(f"/api/v1/meetings/{meeting['id']}/decline/", {"reason": "other"})
    assert declined.status_code == 400 and list(declined.json()["errors"]) == ["note"]
    assert bearer(token).get("/api/v1/meetings/abc/").status_code == 404


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS = True  # the receiver listens on loopback
    with Receiver() as server:
        yield server


def test_meeting_webhooks_reach_the_organisation_concerned(event, sides, receiver,
                                                           django_capture_on_commit_callbacks):
    from events.services.meetings import meeting_accept, meeting_request

    _, lab_token = issue_credential(sides.lab)
    _, museum_token = issue_credential(sides.museum)
    for token in (lab_token, museum_token):
        response = bearer(token).post("/api/v1/webhooks/", {
            "url": receiver.url, "events": ["meeting.requested", "meeting.answered", "meeting.scheduled"]})
        assert response.status_code == 201, response.content
    secrets = {s.organisation_id: s.secret for s in WebhookSubscription.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_request(user=sides.museum_editor, requester=sides.museum_p, invitee=sides.lab_p,
                                  message="Bronzes?")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_accept(user=sides.lab_editor, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        event_schedule(event_id=event.pk)

    received = [(headers["X-CTX-Event"], json.loads(body)) for headers, body in receiver.received]
    events = [name for name, _ in received]
    assert events.count("meeting.requested") == 1 and events.count("meeting.answered") == 1
    assert events.count("meeting.scheduled") == 2  # both organisations
    requested = next(body for name, body in received if name == "meeting.requested")
    assert requested["data"]["meeting"]["invitee"]["organisation_id"] == sides.lab.pk
    scheduled = next(body for name, body in received if name == "meeting.scheduled")
    assert scheduled["data"]["meeting"]["starts_at"] and scheduled["data"]["meeting"]["table"] == 1
    for headers, body in receiver.received:  # each signed with its subscription's secret
        assert any(verify(secret, headers["X-CTX-Timestamp"], body, headers["X-CTX-Signature"])
                   for secret in secrets.values())
    assert Meeting.objects.get().state == "accepted"
