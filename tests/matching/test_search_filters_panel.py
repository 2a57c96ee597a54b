"""On the search page the filters come before the results, in a panel that phones fold (details/summary;
static/js/site.js closes it on a narrow screen) and that says how many filters are chosen."""
import pytest

from tests.factories import make_listing

pytestmark = pytest.mark.django_db


def test_the_filters_come_first_in_a_foldable_panel_that_counts_the_chosen_ones(client):
    make_listing(province="浙江省", title="杭州数字文旅")
    html = client.get("/search/", {"province": "浙江省"}).content.decode()
    panel = html.index('data-testid="facets-disclosure"')
    assert panel < html.index('data-testid="facets"') < html.index('data-testid="search-results"')
    assert "data-collapsible-on-phone" in html[html.rindex("<details", 0, panel):panel]
    toggle = html[html.index('data-testid="facets-toggle"'):]
    assert '<span class="badge badge--info">1</span>' in toggle[:toggle.index("</summary>")]
