"""Every caller against every listing and organisation endpoint, by session and by credential."""
import pytest

from marketplace.models import Listing
from tests.factories import make_listing

ROLES = ["anonymous", "outsider", "viewer", "editor", "owner", "staff", "credential_own", "credential_other"]


def expect(table):
    return pytest.mark.parametrize("role,status", list(table.items()))


@pytest.fixture
def draft(world):
    return make_listing(org=world.x, status=Listing.Status.DRAFT, kind=Listing.Kind.NEED)


@pytest.fixture
def published(world):
    return make_listing(org=world.x, kind=Listing.Kind.NEED)


@expect({"anonymous": 404, "outsider": 404, "viewer": 200, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 404})
def test_reading_a_draft(clients, draft, role, status):
    assert clients[role].get(f"/api/v1/listings/{draft.pk}/").status_code == status


@expect({role: 200 for role in ROLES})
def test_reading_a_published_public_listing(clients, published, role, status):
    assert clients[role].get(f"/api/v1/listings/{published.pk}/").status_code == status


@expect({"anonymous": 404, "outsider": 404, "viewer": 404, "editor": 404, "owner": 404, "staff": 200,
         "credential_own": 404, "credential_other": 200})
def test_reading_a_listing_for_verified_organisations_only(clients, world, role, status):
    other = make_listing(org=world.y, visibility=Listing.Visibility.VERIFIED)
    assert clients[role].get(f"/api/v1/listings/{other.pk}/").status_code == status


@expect({"anonymous": 401, "outsider": 404, "viewer": 403, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 404})
def test_changing_a_draft(clients, draft, role, status):
    response = clients[role].patch(f"/api/v1/listings/{draft.pk}/", {"title": "新标题"})
    assert response.status_code == status, response.content
    draft.refresh_from_db()
    assert (draft.title == "新标题") == (status == 200)


# 202: the new summary waits for a curator's review (tests/api/test_listing_revisions.py).
@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 202, "owner": 202, "staff": 403,
         "credential_own": 202, "credential_other": 403})
def test_changing_a_published_listing(clients, published, role, status):
    response = clients[role].patch(f"/api/v1/listings/{published.pk}/", {"summary": "新摘要"})
    assert response.status_code == status, response.content


@expect({"anonymous": 401, "outsider": 404, "viewer": 403, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 404})
def test_submitting_a_draft(clients, draft, role, status):
    response = clients[role].post(f"/api/v1/listings/{draft.pk}/submit/")
    assert response.status_code == status, response.content
    draft.refresh_from_db()
    assert (draft.status == Listing.Status.SUBMITTED) == (status == 200)


@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 200, "owner": 200, "staff": 403,
         "credential_own": 200, "credential_other": 403})
def test_closing_a_published_listing(clients, published, role, status):
    response = clients[role].post(f"/api/v1/listings/{published.pk}/close/", {"reason": "fulfilled"})
    assert response.status_code == status, response.content
    published.refresh_from_db()
    assert (published.status == Listing.Status.CLOSED) == (status == 200)


@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 201, "owner": 201, "staff": 403,
         "credential_own": 201, "credential_other": 400})
def test_creating_a_listing_for_organisation_x(clients, world, role, status):
    body = {"organisation": world.x.pk, "kind": "capability", "title": "实时动作捕捉", "summary": "光学动捕系统"}
    response = clients[role].post("/api/v1/listings/", body)
    assert response.status_code == status, response.content
    if status == 201:
        created = Listing.objects.get(pk=response.json()["id"])
        assert created.organisation == world.x and created.status == Listing.Status.DRAFT


@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 403, "owner": 200, "staff": 200,
         "credential_own": 200, "credential_other": 403})
def test_changing_the_organisation_profile(clients, world, role, status):
    response = clients[role].patch(f"/api/v1/organisations/{world.x.pk}/", {"city": "杭州"})
    assert response.status_code == status, response.content


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_organisations_and_taxonomy(clients, world, role):
    assert clients[role].get("/api/v1/organisations/").status_code == 200
    assert clients[role].get(f"/api/v1/organisations/{world.x.pk}/").status_code == 200
    assert clients[role].get("/api/v1/taxonomy/").status_code == 200


def test_the_list_shows_exactly_what_each_caller_may_see(clients, world, draft, published):
    verified_only = make_listing(org=world.y, visibility=Listing.Visibility.VERIFIED)
    members_only = make_listing(org=world.y, visibility=Listing.Visibility.MEMBERS)
    y_draft = make_listing(org=world.y, status=Listing.Status.DRAFT)
    submitted = make_listing(org=world.y, status=Listing.Status.SUBMITTED)

    def ids(role):
        return {item["id"] for item in clients[role].get("/api/v1/listings/?page_size=100").json()["results"]}

    assert ids("anonymous") == {published.pk}
    assert ids("outsider") == {published.pk, members_only.pk}
    assert ids("editor") == {published.pk, members_only.pk, draft.pk}
    assert ids("credential_own") == {published.pk, members_only.pk, draft.pk}
    assert ids("credential_other") == {published.pk, members_only.pk, verified_only.pk, y_draft.pk, submitted.pk}
    assert ids("staff") == {published.pk, members_only.pk, verified_only.pk, submitted.pk}
