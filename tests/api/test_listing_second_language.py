"""The API reads and writes a listing's optional title and summary in the other language (issue 14)."""
import pytest

from .conftest import bearer

pytestmark = [pytest.mark.postgres]


def test_the_api_reads_and_writes_them_and_refuses_one_too_long(world):
    client = bearer(world.x_token)
    body = {"kind": "need", "title": "古籍修复", "summary": "馆藏古籍的修复与数字化",
            "title_alt": "Restoring rare books"}
    created = client.post("/api/v1/listings/", body, format="json")
    assert created.status_code == 201, created.content
    assert (created.json()["title_alt"], created.json()["summary_alt"]) == ("Restoring rare books", "")
    too_long = client.post("/api/v1/listings/", {"kind": "need", "title": "古籍修复", "summary": "馆藏古籍的修复",
                                                 "title_alt": "x" * 201}, format="json")
    assert too_long.status_code == 400 and "title_alt" in too_long.json()["errors"]
