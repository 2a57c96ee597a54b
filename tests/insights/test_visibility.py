"""Public insights never name, nor count, a listing the public may not see."""
import pytest

from insights.services import insights_refresh
from marketplace.models import Listing

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/insights/", "/regions/yangtze_delta/", "/regions/greater_bay/", "/api/v1/insights/",
               "/api/v1/insights/zones/yangtze_delta/", "/api/v1/insights/zones/greater_bay/",
               "/regions/yangtze_delta/export/latest.csv", "/regions/yangtze_delta/export/facilities.xlsx"]


def test_hidden_listings_are_never_named_on_public_pages_the_api_or_exports(client, world):
    insights_refresh()
    for url in PUBLIC_URLS:
        body = client.get(url).content
        for listing in (world.h1, world.h2, world.draft):
            assert listing.title.encode() not in body, (url, listing.title)
        assert b"HIDDEN" not in body and b"DRAFT" not in body, url


def test_a_listing_hidden_after_the_refresh_is_no_longer_named(client, world):
    insights_refresh()
    assert world.c1.title in client.get("/regions/yangtze_delta/").content.decode()
    Listing.objects.filter(pk=world.c1.pk).update(visibility=Listing.Visibility.VERIFIED)
    for url in ("/regions/yangtze_delta/", "/api/v1/insights/zones/yangtze_delta/",
                "/regions/yangtze_delta/export/latest.csv", "/regions/yangtze_delta/export/facilities.csv"):
        assert world.c1.title not in client.get(url).content.decode(), url


def test_signed_in_members_of_verified_organisations_see_the_same_public_figures(client, world):
    from tests.factories import make_member, make_org

    insights_refresh()
    anonymous = client.get("/api/v1/insights/").json()
    client.force_login(make_member(make_org(verified=True), role="owner"))
    assert client.get("/api/v1/insights/").json() == anonymous
    assert b"HIDDEN" not in client.get("/regions/yangtze_delta/").content


def test_unknown_zones_and_tables_are_404(client, world):
    assert client.get("/regions/atlantis/").status_code == 404
    assert client.get("/api/v1/insights/zones/atlantis/").status_code == 404
    assert client.get("/insights/export/nothing.csv").status_code == 404
    assert client.get("/insights/export/sectors.pdf").status_code == 404
    assert client.get("/regions/yangtze_delta/export/organisation_activity.csv").status_code == 404  # staff only
