"""A listing the caller may not see is answered exactly like one that does not exist (same status, same body):
otherwise ids and external ids could be probed for drafts and restricted listings of other organisations."""
import pytest
from rest_framework.test import APIClient

from accounts.models import Membership
from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_org

from .conftest import bearer, issue_credential, session

MISSING = 10**9


@pytest.fixture
def hidden(world):
    """Listings of X that Y's callers may not see: a draft, and a published one for verified organisations only
    (seen from an unverified organisation)."""
    return {
        "draft": make_listing(org=world.x, status=Listing.Status.DRAFT, external_id="X-SECRET-1"),
        "verified_only": make_listing(org=world.x, visibility=Listing.Visibility.VERIFIED),
    }


@pytest.fixture
def unverified_token(world):
    organisation = make_org(name_zh="未认证公司")
    return issue_credential(organisation)[1]


def answer(response):
    return response.status_code, response.json()


@pytest.mark.parametrize("which", ["draft", "verified_only"])
def test_expressing_interest_in_a_hidden_listing_answers_as_for_a_missing_one(world, hidden, unverified_token,
                                                                                which):
    client = bearer(unverified_token)
    body = {"message": "我们有方案"}
    seen_hidden = answer(client.post("/api/v1/interests/", {**body, "listing": hidden[which].pk}))
    seen_missing = answer(client.post("/api/v1/interests/", {**body, "listing": MISSING}))
    assert seen_hidden == seen_missing
    assert seen_missing[0] == 400 and "listing" in seen_missing[1]["errors"]


def test_a_visible_listing_still_takes_interest(world, hidden, unverified_token):
    listing = make_listing(org=world.x)
    response = bearer(unverified_token).post("/api/v1/interests/", {"listing": listing.pk, "message": "你好"})
    assert response.status_code == 201


@pytest.mark.parametrize("row", [
    {"title": "改个标题", "summary": "只改摘要的一行"},  # an update's shape: no kind
    {"kind": "capability", "title": "新能力", "summary": "完整的一行"},  # a create's shape
], ids=["partial-row", "full-row"])
def test_bulk_import_naming_another_organisations_external_id_answers_as_for_a_missing_one(world, hidden, row):
    client = session(world.y_owner)  # an owner of Y naming organisation X

    def result(external_id):
        response = client.post("/api/v1/listings/bulk/", {"listings": [
            {**row, "organisation": world.x.pk, "external_id": external_id}]})
        assert response.status_code == 200
        (only,) = response.json()["results"]
        return only["status"], only["id"], only["errors"]

    assert result("X-SECRET-1") == result("NO-SUCH-ID")
    assert result("NO-SUCH-ID")[0] == "error"
    hidden["draft"].refresh_from_db()
    assert hidden["draft"].title != "改个标题"


def test_bulk_import_still_updates_by_external_id_for_the_organisations_editors(world, hidden):
    response = session(world.editor).post("/api/v1/listings/bulk/", {"listings": [
        {"organisation": world.x.pk, "external_id": "X-SECRET-1", "title": "改个标题", "summary": "新摘要新摘要"}]})
    assert response.json()["results"][0]["status"] == "updated"


# Paths that take a listing id from the caller and already answered alike; kept so that they stay so.
API_READS = [
    ("get", "/api/v1/listings/{id}/"),
    ("patch", "/api/v1/listings/{id}/"),
    ("get", "/api/v1/listings/{id}/matches/"),
    ("post", "/api/v1/listings/{id}/submit/"),
    ("post", "/api/v1/listings/{id}/close/"),
]
WEB_PAGES = [
    "/listings/{id}/", "/listings/{id}/edit/", "/collaboration/listings/{id}/interest/",
    "/listings/{id}/attachments/1/",
]


@pytest.mark.parametrize("method,path", API_READS)
def test_api_paths_by_listing_id_answer_404_for_hidden_and_missing(world, hidden, unverified_token, method, path):
    client = bearer(unverified_token)
    for listing_id in (hidden["draft"].pk, hidden["verified_only"].pk):
        assert answer(getattr(client, method)(path.format(id=listing_id))) == answer(
            getattr(client, method)(path.format(id=MISSING)))


@pytest.mark.parametrize("path", WEB_PAGES)
def test_pages_by_listing_id_answer_404_for_hidden_and_missing(client, world, hidden, path):
    outsider = make_member(make_org(), role=Membership.Role.OWNER)
    client.force_login(outsider)
    for listing_id in (hidden["draft"].pk, hidden["verified_only"].pk, MISSING):
        assert client.get(path.format(id=listing_id)).status_code == 404


def test_anonymous_callers_get_the_same_answer_too(world, hidden):
    client = APIClient()
    assert answer(client.get(f"/api/v1/listings/{hidden['draft'].pk}/")) == answer(
        client.get(f"/api/v1/listings/{MISSING}/"))
