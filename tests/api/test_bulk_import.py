"""Bulk import: up to 500 rows, validated row by row, all or nothing per row, upsert by external_id."""
from marketplace.models import Listing
from tests.factories import make_sector

from .conftest import bearer, issue_credential


def row(n, **extra):
    return {"kind": "capability", "title": f"能力 {n}", "summary": f"摘要 {n}", "external_id": f"EXT-{n}", **extra}


def test_good_rows_are_kept_and_bad_rows_reported(world):
    make_sector("games")
    rows = [row(1, sectors=["games"]), row(2, title=""), row(3, sectors=["no-such-sector"]),
            row(4, budget_min=9, budget_max=1), row(5)]
    body = bearer(world.x_token).post("/api/v1/listings/bulk/", {"listings": rows}).json()
    assert (body["created"], body["updated"], body["failed"]) == (2, 0, 3)
    statuses = [(r["index"], r["status"]) for r in body["results"]]
    assert statuses == [(0, "created"), (1, "error"), (2, "error"), (3, "error"), (4, "created")]
    assert "title" in body["results"][1]["errors"] and "sectors" in body["results"][2]["errors"]
    assert "budget_min" in body["results"][3]["errors"]
    # All or nothing per row: the rejected rows left nothing behind.
    assert sorted(Listing.objects.filter(organisation=world.x).values_list("external_id", flat=True)) == [
        "EXT-1", "EXT-5"]


def test_a_request_that_is_not_a_list_of_objects_is_refused_whole(world):
    response = bearer(world.x_token).post("/api/v1/listings/bulk/", {"listings": [row(1), "not an object"]})
    assert response.status_code == 400 and "listings.1" in response.json()["errors"]
    assert not Listing.objects.exists()


def test_a_row_with_a_known_external_id_updates_and_can_be_submitted(world):
    client = bearer(world.x_token)
    first = client.post("/api/v1/listings/bulk/", {"listings": [row(1)]}).json()
    again = client.post("/api/v1/listings/bulk/", {"listings": [row(1, summary="新的摘要")], "submit": True}).json()
    assert again["updated"] == 1 and again["results"][0]["id"] == first["results"][0]["id"]
    listing = Listing.objects.get(pk=first["results"][0]["id"])
    assert listing.summary == "新的摘要" and listing.status == Listing.Status.SUBMITTED


def test_five_hundred_rows_at_most(world):
    client = bearer(world.x_token)
    assert client.post("/api/v1/listings/bulk/", {"listings": [row(n) for n in range(501)]}).status_code == 400
    body = client.post("/api/v1/listings/bulk/", {"listings": [row(n) for n in range(500)]}).json()
    assert body["created"] == 500
    assert Listing.objects.filter(organisation=world.x).count() == 500


def test_bulk_import_needs_the_write_scope_and_an_editor(world):
    _, token = issue_credential(world.x, scopes=["read"], name="reader")
    assert bearer(token).post("/api/v1/listings/bulk/", {"listings": [row(1)]}).status_code == 403
    from .conftest import session

    body = session(world.viewer).post("/api/v1/listings/bulk/", {"listings": [row(1, organisation=world.x.pk)]}).json()
    assert body["failed"] == 1 and not Listing.objects.exists()
