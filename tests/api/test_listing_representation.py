"""ListingSerializer builds its JSON by hand for speed: it must equal what DRF's declared fields give, with the
taxonomy attached by the selector, prefetched, or read lazily."""
import datetime

import pytest
from django.utils import timezone
from rest_framework import serializers

from api.selectors import listings_attach_taxonomy
from api.serializers.listings import ListingSerializer
from marketplace.models import Listing, Sector
from tests.factories import make_listing, make_org, make_technology


def declared_fields_representation(listing):
    return serializers.ModelSerializer.to_representation(ListingSerializer(), listing)


@pytest.fixture
def listings(db):
    second = Sector.objects.create(slug="second-sector", name_zh="二", name_en="Second", position=2)
    first = Sector.objects.create(slug="first-sector", name_zh="一", name_en="First", position=1)
    org = make_org(verified=True, name_en="")
    full = make_listing(
        org=org, kind=Listing.Kind.NEED, sectors=[second, first], technologies=[make_technology("3d-scanning")],
        collaboration_types=["joint-rd"], title="三维 <重建> & “引号”", summary="摘要", description="**描述**",
        keywords=["三维扫描", "photogrammetry"], trl_min=3, trl_max=8, budget_min=0, budget_max=2_000_000,
        province="上海", city="上海", metro_area="yangtze_delta", remote_ok=True,
        deadline=datetime.date(2027, 6, 30), visibility=Listing.Visibility.VERIFIED, featured=True,
        external_id="TTO-1", submitted_at=timezone.now())
    utc = make_listing(kind=Listing.Kind.CAPABILITY, published_at=datetime.datetime(2026, 1, 2, 3, 4, 5,
                                                                                    tzinfo=datetime.UTC))
    draft = make_listing(status=Listing.Status.DRAFT, published_at=None, budget_min=None, keywords=[])
    closed = make_listing(status=Listing.Status.CLOSED, close_reason=Listing.CloseReason.FULFILLED,
                          closed_at=timezone.now())
    return [full, utc, draft, closed]


def test_hand_built_json_equals_the_declared_fields(listings):
    for listing in Listing.objects.filter(pk__in=[x.pk for x in listings]).select_related("organisation"):
        expected = declared_fields_representation(listing)
        assert ListingSerializer(listing).data == expected  # taxonomy read lazily
        attached = listings_attach_taxonomy([listing])[0]
        assert ListingSerializer(attached).data == expected
        assert list(ListingSerializer(attached).data) == list(expected)  # same key order
    prefetched = Listing.objects.filter(pk=listings[0].pk).select_related("organisation").prefetch_related(
        "sectors", "technologies", "collaboration_types").get()
    assert ListingSerializer(prefetched).data == declared_fields_representation(prefetched)
    assert ListingSerializer(prefetched).data["sectors"] == ["first-sector", "second-sector"]  # taxonomy order


def test_taxonomy_is_attached_in_one_query_whatever_the_page_size(listings, django_assert_num_queries):
    page = list(Listing.objects.select_related("organisation"))
    with django_assert_num_queries(1):
        listings_attach_taxonomy(page)
    with django_assert_num_queries(0):
        assert len(ListingSerializer(page, many=True).data) == len(page)
    assert listings_attach_taxonomy([]) == []
