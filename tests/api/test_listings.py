"""Listings through the API: filters of the browse page, ordering, pagination, error bodies, conditional GET."""
import datetime

import pytest

from accounts.models import Organisation
from marketplace.models import Listing
from tests.factories import make_listing, make_org, make_sector, make_technology

from .conftest import bearer


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_filters_of_the_browse_page(world):
    client = bearer(world.x_token)
    games, museums = make_sector("games"), make_sector("museums")
    vr = make_technology("vr")
    lab = make_org(kind=Organisation.Kind.INSTITUTE)
    a = make_listing(org=lab, kind=Listing.Kind.CAPABILITY, sectors=[games], technologies=[vr], trl_min=6, trl_max=6,
                     metro_area="yangtze_delta", title="虚拟现实动作捕捉")
    b = make_listing(org=world.y, kind=Listing.Kind.NEED, sectors=[museums], trl_min=3, trl_max=7,
                     metro_area="greater_bay", remote_ok=False, keywords=["photogrammetry"])
    assert ids(client.get("/api/v1/listings/?kind=capability")) == [a.pk]
    assert ids(client.get("/api/v1/listings/?sector=games&sector=museums&ordering=published_at")) == [a.pk, b.pk]
    assert ids(client.get("/api/v1/listings/?technology=vr")) == [a.pk]
    assert ids(client.get("/api/v1/listings/?trl=4")) == [b.pk]
    assert ids(client.get("/api/v1/listings/?metro_area=greater_bay")) == [b.pk]
    assert ids(client.get("/api/v1/listings/?organisation_kind=institute")) == [a.pk]
    assert ids(client.get("/api/v1/listings/?remote_ok=false")) == [b.pk]
    assert ids(client.get("/api/v1/listings/?q=动作")) == [a.pk]
    assert ids(client.get("/api/v1/listings/?q=PHOTOGRAMMETRY")) == [b.pk]
    assert ids(client.get(f"/api/v1/listings/?organisation={lab.pk}")) == [a.pk]


def test_ordering_and_pagination(world):
    client = bearer(world.x_token)
    today = datetime.date.today()
    listings = [make_listing(org=world.y, title=f"L{i}", deadline=today + datetime.timedelta(days=10 - i))
                for i in range(5)]
    newest_first = ids(client.get("/api/v1/listings/"))
    assert newest_first == [item.pk for item in reversed(listings)]
    assert ids(client.get("/api/v1/listings/?ordering=deadline")) == [item.pk for item in reversed(listings)]
    page = client.get("/api/v1/listings/?page_size=2&page=2&ordering=title").json()
    assert page["count"] == 5 and [r["title"] for r in page["results"]] == ["L2", "L3"]
    assert "page=3" in page["next"] and page["previous"]
    assert client.get("/api/v1/listings/?page=99").status_code == 404


def test_count_is_exact_up_to_the_limit_then_a_lower_bound_and_paging_still_reaches_the_end(world, monkeypatch):
    from api.pagination import LimitedCountPagination

    monkeypatch.setattr(LimitedCountPagination, "COUNT_LIMIT", 3)
    client = bearer(world.x_token)
    listings = [make_listing(org=world.y, title=f"L{i}") for i in range(7)]
    first = client.get("/api/v1/listings/?page_size=2&ordering=title").json()
    assert first["count"] == 4 and first["count_exact"] is False and "page=2" in first["next"]
    third = client.get("/api/v1/listings/?page_size=2&page=3&ordering=title").json()
    assert third["count"] == 7 and third["count_exact"] is False and "page=4" in third["next"]  # one past page 3
    fourth = client.get("/api/v1/listings/?page_size=2&page=4&ordering=title").json()
    assert [r["title"] for r in fourth["results"]] == ["L6"] and fourth["next"] is None
    assert fourth["count"] == 7 and fourth["count_exact"] is True
    last = client.get("/api/v1/listings/?page_size=2&page=last&ordering=title").json()
    assert last["count"] == 7 and last["count_exact"] is True and last["next"] is None
    assert client.get("/api/v1/listings/?page_size=2&page=5").status_code == 404
    small = client.get("/api/v1/listings/?q=L1").json()
    assert small["count"] == 1 and small["count_exact"] is True
    assert len(listings) == 7


def test_a_partner_creates_submits_and_closes_a_listing(world):
    client = bearer(world.x_token)
    make_sector("games")
    created = client.post("/api/v1/listings/", {
        "kind": "need", "title": "寻找云游戏串流方案", "summary": "面向博物馆的云端渲染", "sectors": ["games"],
        "collaboration_types": ["joint-rd"] if False else [], "keywords": ["云游戏", "cloud gaming", "云游戏"],
        "trl_min": 4, "trl_max": 7, "budget_min": 100000, "budget_max": 500000, "external_id": "TTO-1",
    })
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["sectors"] == ["games"] and body["external_id"] == "TTO-1"
    assert body["keywords"] == ["云游戏", "cloud gaming"]
    listing_id = body["id"]
    assert client.post(f"/api/v1/listings/{listing_id}/submit/").json()["status"] == "submitted"
    closed = client.post(f"/api/v1/listings/{listing_id}/close/", {"reason": "withdrawn"})
    assert closed.json()["status"] == "closed" and closed.json()["close_reason"] == "withdrawn"
    again = client.patch(f"/api/v1/listings/{listing_id}/", {"title": "再改"})
    assert again.status_code == 400 and again.json()["detail"]


def test_field_errors_come_back_as_400_with_errors_per_field(world):
    client = bearer(world.x_token)
    response = client.post("/api/v1/listings/", {"kind": "spaceship", "summary": "x" * 501, "trl_min": 12,
                                                 "sectors": ["no-such-sector"], "budget_min": -1})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"kind", "title", "summary", "trl_min", "sectors", "budget_min"}
    assert all(isinstance(messages, list) and messages for messages in errors.values())


def test_rule_errors_from_the_services_name_their_field(world):
    client = bearer(world.x_token)
    response = client.post("/api/v1/listings/", {"kind": "need", "title": "t", "summary": "s",
                                                 "budget_min": 10, "budget_max": 5})
    assert response.status_code == 400
    assert response.json()["errors"] == {"budget_min": [response.json()["detail"]]}


@pytest.mark.parametrize("body", ["not json", "[1,2]", '{"title": "\\u0000"}', '{"title": "\\ud800"}',
                                  '{"keywords": "a"}', '{"deadline": "0001-01-01"}', '{"budget_max": 1e300}',
                                  '{"sectors": ["games\\u0000"]}', '{"technologies": ["vr ar"]}',
                                  '{"collaboration_types": [7]}'])
def test_malformed_bodies_are_400_never_500(world, body):
    client = bearer(world.x_token)
    response = client.generic("POST", "/api/v1/listings/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "detail" in response.json()
    listing = make_listing(org=world.x, status=Listing.Status.DRAFT)
    response = client.generic("PATCH", f"/api/v1/listings/{listing.pk}/", body, content_type="application/json")
    assert response.status_code == 400, response.content


@pytest.mark.parametrize("query", ["q=%00", "updated_since=0001-01-01T00:00:00", "trl=99", "page=abc",
                                   "organisation=99999999999999999999999", "sector=%00", "ordering=drop"])
def test_odd_queries_are_400_or_404_never_500(world, query):
    response = bearer(world.x_token).get(f"/api/v1/listings/?{query}")
    assert response.status_code in {400, 404}, response.content


def test_conditional_get_with_etag(world):
    client = bearer(world.x_token)
    listing = make_listing(org=world.x)
    first = client.get(f"/api/v1/listings/{listing.pk}/")
    etag = first["ETag"]
    assert client.get(f"/api/v1/listings/{listing.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    client.patch(f"/api/v1/listings/{listing.pk}/", {"deadline": "2031-01-31"})  # applies at once
    changed = client.get(f"/api/v1/listings/{listing.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    taxonomy = client.get("/api/v1/taxonomy/")
    assert client.get("/api/v1/taxonomy/", HTTP_IF_NONE_MATCH=taxonomy["ETag"]).status_code == 304
