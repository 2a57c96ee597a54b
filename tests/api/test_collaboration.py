"""Interests, messages, notifications and saved searches through the API, by credentials and sessions."""
import pytest

from collaboration.models import Interest, SavedSearch
from notifications.models import Notification
from tests.factories import make_listing

from .conftest import bearer, issue_credential, session


@pytest.fixture
def need(world):
    return make_listing(org=world.x, kind="need", title="博物馆三维重建需求")


def send_interest(world, need, capture):
    with capture(execute=True):
        response = bearer(world.y_token).post("/api/v1/interests/", {"listing": need.pk,
                                                                     "message": "我们有摄影测量方案"})
    assert response.status_code == 201, response.content
    return response.json()


def test_a_partner_expresses_interest_and_the_owner_answers(world, need, django_capture_on_commit_callbacks):
    sent = send_interest(world, need, django_capture_on_commit_callbacks)
    assert sent["state"] == "sent" and sent["from_organisation"]["id"] == world.y.pk

    received = bearer(world.x_token).get("/api/v1/interests/?box=received").json()
    assert [i["id"] for i in received["results"]] == [sent["id"]]
    assert bearer(world.x_token).get("/api/v1/interests/?box=sent").json()["count"] == 0

    accepted = bearer(world.x_token).post(f"/api/v1/interests/{sent['id']}/accept/")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    posted = bearer(world.y_token).post(f"/api/v1/interests/{sent['id']}/messages/", {"body": "何时通话？"})
    assert posted.status_code == 201
    thread = session(world.editor).get(f"/api/v1/interests/{sent['id']}/messages/").json()
    assert [m["body"] for m in thread["results"]] == ["何时通话？"]
    done = session(world.owner).post(f"/api/v1/interests/{sent['id']}/outcome/", {"outcome": "completed"})
    assert done.json()["state"] == "completed"


def test_declining_needs_a_reason_from_the_list(world, need, django_capture_on_commit_callbacks):
    sent = send_interest(world, need, django_capture_on_commit_callbacks)
    bad = bearer(world.x_token).post(f"/api/v1/interests/{sent['id']}/decline/", {"reason": "whatever"})
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    other = bearer(world.x_token).post(f"/api/v1/interests/{sent['id']}/decline/", {"reason": "other"})
    assert other.status_code == 400 and "note" in other.json()["errors"]
    ok = bearer(world.x_token).post(f"/api/v1/interests/{sent['id']}/decline/", {"reason": "budget"})
    assert ok.json()["state"] == "declined" and ok.json()["decline_reason"] == "budget"


def test_interest_rules(world, need, django_capture_on_commit_callbacks):
    sent = send_interest(world, need, django_capture_on_commit_callbacks)
    # The sender cannot accept its own interest; viewers cannot answer; outsiders do not see it.
    assert bearer(world.y_token).post(f"/api/v1/interests/{sent['id']}/accept/").status_code == 403
    assert session(world.viewer).post(f"/api/v1/interests/{sent['id']}/accept/").status_code == 403
    assert session(world.outsider).get(f"/api/v1/interests/{sent['id']}/").status_code == 404
    # No messages before the interest is accepted; no interest in your own listing.
    early = bearer(world.y_token).post(f"/api/v1/interests/{sent['id']}/messages/", {"body": "hi"})
    assert early.status_code == 400
    own = bearer(world.x_token).post("/api/v1/interests/", {"listing": need.pk, "message": "x"})
    assert own.status_code == 400
    missing = bearer(world.y_token).post("/api/v1/interests/", {"listing": 10**12, "message": "x"})
    assert missing.status_code == 400 and "listing" in missing.json()["errors"]


def test_interests_need_the_interests_scope(world, need):
    _, token = issue_credential(world.y, scopes=["read", "write"], name="no interests")
    assert bearer(token).get("/api/v1/interests/").status_code == 403
    assert bearer(token).post("/api/v1/interests/", {"listing": need.pk, "message": "x"}).status_code == 403
    assert not Interest.objects.exists()


def test_a_credential_reads_its_organisations_notifications(world, need, django_capture_on_commit_callbacks):
    send_interest(world, need, django_capture_on_commit_callbacks)
    client = bearer(world.x_token)
    listed = client.get("/api/v1/notifications/?unread=true").json()
    assert listed["count"] >= 1 and listed["results"][0]["type"] == "interest"
    first = listed["results"][0]["id"]
    assert client.post(f"/api/v1/notifications/{first}/read/").json()["read_at"]
    assert client.post("/api/v1/notifications/read-all/").status_code == 200
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 0
    # Someone else's notification is not found.
    other = Notification.objects.exclude(recipient=world.x_credential.service_user).first()
    if other is not None:
        assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404


def test_the_credential_user_gets_no_email(world, need, django_capture_on_commit_callbacks, mailoutbox):
    send_interest(world, need, django_capture_on_commit_callbacks)
    assert not [m for m in mailoutbox if any(to.endswith("credentials.invalid") for to in m.to)]


def test_saved_searches(world):
    client = session(world.editor)
    created = client.post("/api/v1/saved-searches/", {"name": "三维", "query": {"q": ["三维重建"]},
                                                      "frequency": "weekly"})
    assert created.status_code == 201, created.content
    saved_id = created.json()["id"]
    assert client.get("/api/v1/saved-searches/").json()["count"] == 1
    assert client.patch(f"/api/v1/saved-searches/{saved_id}/", {"frequency": "daily"}).json()["frequency"] == "daily"
    assert session(world.owner).get(f"/api/v1/saved-searches/{saved_id}/").status_code == 404
    assert client.post("/api/v1/saved-searches/", {"query": {}}).status_code == 400
    assert client.delete(f"/api/v1/saved-searches/{saved_id}/").status_code == 204
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("query,field", [
    ({}, "query.non_field_errors"),
    ({"sectors": ["games"]}, "query.sectors"),  # not a parameter of /api/v1/search/
    ({"": ["x"]}, "query."),
    ({"q": []}, "query.q"),
    ({"q": ["  "]}, "query.q.0"),
    ({"kind": ["service"]}, "query.kind.0"),
    ({"trl": ["10"]}, "query.trl.0"),
])
def test_a_saved_search_takes_the_parameters_of_the_search(world, query, field):
    response = session(world.editor).post("/api/v1/saved-searches/", {"query": query}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and field in response.json()["errors"], response.content
    assert not SavedSearch.objects.exists()


def test_a_saved_search_with_every_parameter(world):
    query = {"q": ["三维"], "kind": ["need"], "sector": ["games"], "technology": ["vr-ar"],
             "collaboration": ["joint_rd"], "region": ["yangtze_delta"], "province": ["上海"],
             "org_kind": ["university"], "trl": ["3", "4"]}
    response = session(world.editor).post("/api/v1/saved-searches/", {"query": query, "frequency": "daily"})
    assert response.status_code == 201, response.content
    assert SavedSearch.objects.get().query == query


@pytest.mark.parametrize("path", ["/api/v1/interests/", "/api/v1/notifications/", "/api/v1/saved-searches/",
                                  "/api/v1/webhooks/"])
def test_personal_endpoints_require_authentication(db, api, path):
    assert api.get(path).status_code == 401
