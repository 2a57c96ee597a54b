"""In Chromium, in both languages: the partner API guide is reached from the footer; a firm user who opens a
staff page is told it is for staff; the owner's own listing has no empty panel; on a phone the search filters
come before the results, folded."""
import pytest
from django.test import Client

from accounts.models import Membership
from tests.factories import make_listing, make_member, make_org, make_user
from tests.fixtures.screens import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(browser, live_server, *, language, user=None, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 400 else 844})
    context.set_default_timeout(15_000)
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append({"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url})
    context.add_cookies(cookies)
    return context.new_page()


@pytest.mark.parametrize("language, footer, heading", [("en", "Partner API", "Partner API guide"),
                                                        ("zh-hans", "合作方接口", "合作方接口指南")])
def test_the_partner_api_guide_is_one_click_from_the_footer(browser, live_server, language, footer, heading):
    page = open_page(browser, live_server, language=language)
    page.goto(f"{live_server.url}/")
    link = page.get_by_test_id("footer-api")
    assert link.inner_text() == footer
    link.click()
    page.wait_for_url("**/api/guide/")
    assert page.locator("h1").inner_text() == heading
    assert page.get_by_test_id("api-guide").locator("h2", has_text="Webhooks").count() == 1
    page.get_by_test_id("guide-reference").click()
    page.wait_for_url("**/api/docs/")


def test_a_firm_user_on_a_staff_page_and_an_owner_on_their_listing(browser, live_server):
    firm = make_org(kind="enterprise", name_zh="星烛互动娱乐", name_en="Xingzhu Interactive")
    owner = make_member(firm, role=Membership.Role.OWNER, user=make_user(display_name="周雨桐"))
    listing = make_listing(firm, title="沉浸式展陈互动需求")
    page = open_page(browser, live_server, language="zh-hans", user=owner)
    page.goto(f"{live_server.url}/staff/organisations/")
    advice = page.get_by_test_id("error-advice")
    assert advice.get_attribute("data-situation") == "staff"
    assert "工作人员" in advice.inner_text() and "邀请" not in page.get_by_test_id("error-403").inner_text()

    page.goto(f"{live_server.url}{listing.get_absolute_url()}")
    for panel in page.locator(".listing__main .panel").all():
        assert panel.inner_text().strip(), "an empty panel"
        assert panel.bounding_box()["height"] > 60


@pytest.mark.parametrize("language, toggle", [("zh-hans", "筛选条件"), ("en", "Filters")])
def test_on_a_phone_the_filters_come_first_folded(browser, live_server, language, toggle):
    for n in range(3):
        make_listing(province="浙江省", title=f"数字文旅 {n}")
    page = open_page(browser, live_server, language=language, width=390)
    page.goto(f"{live_server.url}/search/")
    summary = page.get_by_test_id("facets-toggle")
    assert summary.inner_text().startswith(toggle)
    facet = page.locator('[data-testid="facet-province"]')
    assert not facet.is_visible()  # folded on the phone
    first_hit = page.get_by_test_id("search-hit").first
    assert summary.bounding_box()["y"] < first_hit.bounding_box()["y"]
    screenshot(page, f"search-{language}-390")
    summary.click()
    assert facet.is_visible()
    assert facet.bounding_box()["y"] < first_hit.bounding_box()["y"]
    page.set_viewport_size({"width": 1366, "height": 900})
    assert facet.is_visible() and not summary.is_visible()  # always open on a wide screen
