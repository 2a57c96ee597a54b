"""Search and matches through the API: the site's backend (the database one in tests unless configured), the
site's visibility, facets, highlights, and matches only for the listing's own organisation."""
import pytest

from marketplace.models import Listing
from tests.factories import make_listing, make_org, make_sector, make_technology
from tests.fixtures.search import use_elasticsearch  # noqa: F401

from .conftest import bearer, session


@pytest.fixture
def catalogue(world):
    games, museums = make_sector("games"), make_sector("museums-heritage")
    scan = make_technology("3d-scanning")
    lab = make_org()
    c = type("Catalogue", (), {})()
    c.capability = make_listing(org=lab, kind=Listing.Kind.CAPABILITY, title="文物三维扫描与重建",
                                summary="高精度 photogrammetry 三维重建服务", sectors=[museums], technologies=[scan],
                                trl_min=7, trl_max=7, metro_area="yangtze_delta")
    c.game = make_listing(org=lab, kind=Listing.Kind.CAPABILITY, title="云游戏串流引擎", summary="低延迟渲染",
                          sectors=[games])
    c.hidden = make_listing(org=lab, kind=Listing.Kind.CAPABILITY, title="三维扫描（仅认证机构）",
                            summary="verified only", sectors=[museums], technologies=[scan],
                            visibility=Listing.Visibility.VERIFIED)
    c.need = make_listing(org=world.x, kind=Listing.Kind.NEED, title="博物馆需要三维重建",
                          summary="两千件文物的三维扫描", sectors=[museums], technologies=[scan], trl_min=5, trl_max=9,
                          metro_area="yangtze_delta")
    return c


def test_search_finds_words_with_highlights_and_facets(world, catalogue):
    body = bearer(world.x_token).get("/api/v1/search/?q=三维&kind=capability&facets=true").json()
    ids = [hit["listing"]["id"] for hit in body["results"]]
    assert catalogue.capability.pk in ids and catalogue.game.pk not in ids
    assert catalogue.hidden.pk not in ids  # organisation X is not verified
    hit = next(h for h in body["results"] if h["listing"]["id"] == catalogue.capability.pk)
    assert "<mark>" in "".join(hit["highlights"].values())
    assert body["facets"]["kind"].get("capability", 0) >= 1
    assert body["count"] == len(ids)


def test_search_facets_filter_and_sort(world, catalogue):
    client = bearer(world.y_token)  # organisation Y is verified: sees the verified-only listing
    body = client.get("/api/v1/search/?sector=museums-heritage&kind=capability&sort=newest").json()
    assert [hit["listing"]["id"] for hit in body["results"]] == [catalogue.hidden.pk, catalogue.capability.pk]
    assert client.get("/api/v1/search/?trl=7&sector=museums-heritage&kind=capability").json()["count"] == 2


@pytest.mark.parametrize("query", ["page=0", "page=501", "trl=10", "kind=robot", "q=%00", "page_size=101"])
def test_bad_search_parameters_are_400(world, query):
    response = bearer(world.x_token).get(f"/api/v1/search/?{query}")
    assert response.status_code == 400 and response.json()["errors"]


def test_anonymous_search_sees_public_listings_only(db, catalogue):
    from rest_framework.test import APIClient

    ids = [hit["listing"]["id"] for hit in APIClient().get("/api/v1/search/?q=三维").json()["results"]]
    assert catalogue.hidden.pk not in ids and catalogue.capability.pk in ids


def refresh_matches(listing):
    """What the matching engine does in the background when a listing is published."""
    from matching.services import matches_refresh_for_listing

    matches_refresh_for_listing(listing.pk)


def test_matches_of_a_need_explain_themselves(world, catalogue):
    refresh_matches(catalogue.need)
    body = bearer(world.x_token).get(f"/api/v1/listings/{catalogue.need.pk}/matches/").json()
    assert body["count"] >= 1
    best = body["results"][0]
    assert best["listing"]["id"] == catalogue.capability.pk
    assert set(best["parts"]) >= {"taxonomy", "readiness", "region"}
    assert best["reasons_zh"] and best["reasons_en"]
    assert all(r["listing"]["id"] != catalogue.hidden.pk for r in body["results"])
    assert best["state"] == "new"


def test_a_verified_organisation_sees_matches_the_others_may_not(world, catalogue):
    from matching.models import Match

    y_need = make_listing(org=world.y, kind=Listing.Kind.NEED, title="三维扫描需求", summary="文物三维扫描",
                          sectors=list(catalogue.hidden.sectors.all()),
                          technologies=list(catalogue.hidden.technologies.all()))
    Match.objects.create(need=y_need, capability=catalogue.hidden, found_by=y_need, score=0.9,
                         parts={"taxonomy": 1.0}, reasons_zh=["共同技术"], reasons_en=["Shared technology"])
    results = bearer(world.y_token).get(f"/api/v1/listings/{y_need.pk}/matches/").json()["results"]
    ids = [r["listing"]["id"] for r in results]
    assert catalogue.hidden.pk in ids  # organisation Y is verified


@pytest.mark.parametrize("who,status", [("viewer", 200), ("owner", 200), ("outsider", 403), ("staff", 200),
                                        ("y_owner", 403)])
def test_only_the_listing_organisation_sees_its_matches(world, catalogue, who, status):
    response = session(getattr(world, who)).get(f"/api/v1/listings/{catalogue.need.pk}/matches/")
    assert response.status_code == status


def test_a_credential_of_another_organisation_does_not_see_matches(world, catalogue):
    assert bearer(world.y_token).get(f"/api/v1/listings/{catalogue.need.pk}/matches/").status_code == 403


@pytest.mark.parametrize("query", ["q=三维", "q=三维&facets=false"])
def test_facets_are_only_counted_when_asked_for(world, catalogue, query):
    body = bearer(world.x_token).get(f"/api/v1/search/?{query}").json()
    assert body["count"] >= 1 and body["results"] and not any(body["facets"].values())


@pytest.mark.elasticsearch
def test_the_backend_field_names_the_backend_that_answered(world, catalogue, use_elasticsearch, settings):
    from tests.matching.test_index_sync import closed_port

    client = bearer(world.x_token)
    assert client.get("/api/v1/search/?q=三维").json()["backend"] == "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"  # Elasticsearch down: the database answers
    body = client.get("/api/v1/search/?q=三维").json()
    assert body["backend"] == "database"
    assert catalogue.capability.pk in [hit["listing"]["id"] for hit in body["results"]]
