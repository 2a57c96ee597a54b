"""In Chromium, in both languages: from the dashboard's tiles and "see all" to every listing of a status; the
"request verification" button keeps its distance from the next heading."""
import pytest

from accounts.models import Membership
from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_org, make_user
from tests.fixtures.screens import screenshot
from tests.fixtures.sessions import open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.mark.parametrize("language, see_all", [("zh-hans", "查看全部 7 条"), ("en", "See all 7")])
def test_tiles_and_see_all_lead_to_every_listing_of_a_status(browser, live_server, language, see_all):
    firm = make_org(kind="enterprise", name_zh="星烛互动娱乐", name_en="Xingzhu Interactive")
    owner = make_member(firm, role=Membership.Role.OWNER, user=make_user(display_name="周雨桐"))
    for n in range(7):
        make_listing(firm, kind=Listing.Kind.NEED, title=f"需求 {n}")
    make_listing(firm, status=Listing.Status.DRAFT, title="草稿")
    page = open_as(browser, live_server, owner, language=language)
    page.goto(f"{live_server.url}/me/")

    panel = page.get_by_test_id("org-panel")
    assert panel.get_by_test_id("listings-published").locator("li").count() == 5
    link = panel.get_by_test_id("see-all-published")
    assert link.inner_text() == see_all
    button = panel.get_by_test_id("request-verification").bounding_box()
    heading = panel.locator("h3", has_text="供需信息" if language == "zh-hans" else "Listings").bounding_box()
    assert heading["y"] - (button["y"] + button["height"]) >= 16  # no longer touching
    screenshot(page, f"dashboard-{language}-1366")

    link.click()
    page.wait_for_url("**/listings/?status=published")
    assert page.get_by_test_id("organisation-listing").count() == 7

    page.go_back()
    page.get_by_test_id("stat-draft").click()
    page.wait_for_url("**/listings/?status=draft")
    rows = page.get_by_test_id("organisation-listing")
    assert rows.count() == 1 and rows.first.get_attribute("data-status") == "draft"
