"""PATCH of a published listing through the API: what readers see waits for review (202, `pending_revision`),
the published version is what everyone keeps reading; the deadline and a narrower audience apply at once (200).
Bulk updates of published listings go through review too."""
import io
import json

from django.core.management import call_command

from marketplace.models import Listing
from marketplace.revisions import listing_revision_approve, pending_revision
from tests.factories import make_listing, make_sector

from .conftest import bearer


def test_changing_public_text_answers_202_with_what_awaits_review(world):
    listing = make_listing(org=world.x, title="三维重建", visibility=Listing.Visibility.PUBLIC)
    make_sector("games")
    response = bearer(world.x_token).patch(f"/api/v1/listings/{listing.pk}/",
                                           {"title": "三维重建与修复", "sectors": ["games"]})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["title"] == "三维重建" and body["sectors"] == []  # the published version
    assert body["pending_revision"]["changed_fields"] == ["sectors", "title"]
    assert body["pending_revision"]["changes"] == {"title": "三维重建与修复", "sectors": ["games"]}
    # Others keep reading the published version.
    assert bearer(world.y_token).get(f"/api/v1/listings/{listing.pk}/").json()["title"] == "三维重建"

    listing_revision_approve(user=world.staff, revision=pending_revision(listing))
    assert bearer(world.y_token).get(f"/api/v1/listings/{listing.pk}/").json()["title"] == "三维重建与修复"


def test_operational_changes_answer_200_and_apply_at_once(world):
    listing = make_listing(org=world.x, visibility=Listing.Visibility.PUBLIC)
    client = bearer(world.x_token)
    response = client.patch(f"/api/v1/listings/{listing.pk}/", {"deadline": "2031-06-30", "visibility": "members"})
    assert response.status_code == 200, response.content
    assert response.json()["deadline"] == "2031-06-30" and response.json()["visibility"] == "members"
    assert response.json()["pending_revision"] is None

    wider = client.patch(f"/api/v1/listings/{listing.pk}/", {"visibility": "public"})
    assert wider.status_code == 202 and wider.json()["visibility"] == "members"
    # A later operational change answers 200 and still reports what waits.
    later = client.patch(f"/api/v1/listings/{listing.pk}/", {"deadline": "2031-07-31"})
    assert later.status_code == 200 and later.json()["pending_revision"]["changed_fields"] == ["visibility"]


def test_a_draft_changes_at_once_with_200(world):
    draft = make_listing(org=world.x, status=Listing.Status.DRAFT, title="草稿")
    response = bearer(world.x_token).patch(f"/api/v1/listings/{draft.pk}/", {"title": "新草稿"})
    assert response.status_code == 200 and response.json()["title"] == "新草稿"
    assert response.json()["pending_revision"] is None


def test_bulk_updates_of_published_listings_wait_for_review(world):
    listing = make_listing(org=world.x, title="旧标题", external_id="EXT-9")
    body = bearer(world.x_token).post("/api/v1/listings/bulk/", {"listings": [
        {"external_id": "EXT-9", "title": "新标题", "summary": listing.summary}]}).json()
    (result,) = body["results"]
    assert (result["status"], result["id"], result["pending_review"]) == ("updated", listing.pk, True)
    listing.refresh_from_db()
    assert listing.title == "旧标题" and pending_revision(listing).changes == {"title": "新标题"}


def test_the_schema_documents_the_202_and_pending_revision(db):
    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    schema = json.loads(out.getvalue())
    patch = schema["paths"]["/api/v1/listings/{id}/"]["patch"]
    assert {"200", "202"} <= set(patch["responses"])
    component = patch["responses"]["202"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "pending_revision" in schema["components"]["schemas"][component]["properties"]
    assert "pending_review" in schema["components"]["schemas"]["BulkRowResult"]["properties"]
