"""A person searches in Chinese, narrows by a facet, opens a listing and reads why a capability matches."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.elasticsearch, pytest.mark.postgres]


@pytest.fixture
def journey_site(settings, live_server):
    settings.ROOT_URLCONF = "tests.matching.journey_urls"
    return live_server.url


@pytest.mark.parametrize("backend_name", ["elasticsearch"], indirect=True)
def test_search_facet_listing_and_match_explanation(catalogue, journey_site, page):
    page.goto(f"{journey_site}/search/")
    page.get_by_test_id("search-input").fill("文物三维")
    suggestion = page.get_by_test_id("suggestion").first
    suggestion.wait_for()
    assert "文物" in suggestion.inner_text()
    page.get_by_test_id("search-input").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator("[data-testid=search-hit] mark").count() > 0

    page.get_by_test_id("facet-kind-need").click()
    page.wait_for_url("**kind=need*")
    hits = page.get_by_test_id("search-hit")
    assert hits.count() == 1
    assert hits.first.get_attribute("data-listing-id") == str(catalogue.museum_need.pk)

    hits.first.get_by_test_id("hit-title").click()
    page.get_by_test_id("listing-title").wait_for()
    match = page.locator(f"[data-testid=match][data-listing-id='{catalogue.scanning.pk}']")
    match.wait_for()
    reasons = match.get_by_test_id("match-reasons").inner_text()
    assert "同属 数字博物馆 与 VR/AR" in reasons
    assert "TRL 6" in reasons
