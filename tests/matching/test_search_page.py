"""The /search/ page and its suggestion endpoint, on both backends."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.postgres


def test_search_page_shows_highlighted_hits_facet_counts_sorting_and_paging(catalogue, client):
    page = client.get(reverse("matching:search"), {"q": "文物", "kind": "capability"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-listing-id="{catalogue.scanning.pk}"' in html
    assert f'data-listing-id="{catalogue.museum_need.pk}"' not in html  # filtered out by kind
    assert "<mark>" in html
    assert 'data-testid="facet-kind-need" data-count="1"' in html
    assert 'data-testid="facet-sector-t-museum"' in html
    assert 'data-testid="sort-deadline"' in html and 'data-testid="sort-newest"' in html
    assert 'data-testid="search-fallback-notice"' not in html
    assert catalogue.secret not in html

    paged = client.get(reverse("matching:search"), {"page": 2, "sort": "newest"}).content.decode()
    assert 'data-testid="search-empty"' in paged  # five listings fit on the first page


def test_suggestions_endpoint_returns_json_without_hidden_titles(catalogue, client):
    data = client.get(reverse("matching:suggest"), {"q": "文物"}).json()
    texts = [s["text"] for s in data["suggestions"]]
    assert catalogue.scanning.title in texts
    assert not any(catalogue.secret in text for text in texts)
    assert client.get(reverse("matching:suggest"), {"q": ""}).json() == {"suggestions": []}


def test_listing_matches_include_shows_reasons_in_the_current_language(catalogue, client, settings):
    settings.ROOT_URLCONF = "tests.matching.journey_urls"
    html = client.get(f"/listings/{catalogue.museum_need.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'data-listing-id="{catalogue.scanning.pk}"' in html
    assert "Readiness TRL 6 within 5-7" in html
    zh = client.get(f"/listings/{catalogue.museum_need.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "同属 数字博物馆 与 VR/AR" in zh
    for hidden in vars(catalogue.hidden).values():
        assert f'data-listing-id="{hidden.pk}"' not in zh
