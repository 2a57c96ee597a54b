"""In Chromium: an editor writes a need with the guided form and submits it, a curator approves it in the
moderation queue, and an anonymous visitor finds it on the browse page in English and in Chinese."""
import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import Membership
from marketplace.models import Listing
from tests.factories import make_member, make_org, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "沉浸式敦煌壁画展的实时云渲染 Real-time cloud rendering for an immersive mural exhibition"


def signed_in_context(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    return context


def test_write_a_need_submit_approve_and_find_it_in_both_languages(live_server, browser, page):
    firm = make_org(kind="enterprise", name_zh="敦煌数字文旅有限公司", name_en="Dunhuang Digital Tourism Ltd")
    editor = make_member(firm, role=Membership.Role.EDITOR)
    curator = make_staff()

    # The editor writes the need.
    editor_context = signed_in_context(browser, live_server, editor)
    editor_page = editor_context.new_page()
    editor_page.goto(f"{live_server.url}/listings/new/")
    form = editor_page.get_by_test_id("listing-form")
    form.locator("input[name=kind][value=need]").check()
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=summary]").fill("为石窟壁画数字展提供低延迟的云渲染与多终端串流，覆盖手机与VR头显。")
    form.locator("textarea[name=description]").fill(
        "## 需求\n\n- 8K 壁画纹理\n- 并发 500 人\n\n<script>alert(1)</script>")
    form.locator("input[name=keywords]").fill("云渲染, 敦煌, 数字展")
    form.locator("select[name=trl_min]").select_option("5")
    assert form.locator("select[name=trl_max]").is_visible()  # a need asks for a readiness range
    form.locator("select[name=trl_max]").select_option("8")
    form.locator("input[name=budget_min]").fill("300000")
    form.locator("input[name=budget_max]").fill("800000")
    form.locator("input[name=deadline]").fill((timezone.localdate() + datetime.timedelta(days=45)).isoformat())
    editor_page.get_by_test_id("save-listing").click()
    editor_page.wait_for_url(re.compile(r"/listings/\d+/$"))
    listing = Listing.objects.get(title=TITLE)
    assert editor_page.get_by_test_id("listing").get_attribute("data-status") == "draft"

    editor_page.get_by_test_id("submit-listing").click()
    editor_page.get_by_test_id("messages").wait_for()
    assert editor_page.get_by_test_id("listing").get_attribute("data-status") == "submitted"
    editor_context.close()

    # Not public yet.
    page.goto(f"{live_server.url}/listings/{listing.pk}/")
    assert page.get_by_test_id("listing").count() == 0

    # The curator approves it from the queue.
    curator_context = signed_in_context(browser, live_server, curator)
    curator_page = curator_context.new_page()
    curator_page.goto(f"{live_server.url}/staff/moderation/")
    curator_page.get_by_test_id(f"approve-{listing.pk}").click()
    curator_page.get_by_test_id("queue-empty").wait_for()
    curator_context.close()
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED

    # An anonymous visitor finds it, in English...
    page.goto(f"{live_server.url}/listings/")  # the old browse address leads to the search page
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_test_id("search-input").fill("cloud rendering")
    page.get_by_test_id("search-submit").click()
    page.wait_for_url(re.compile(r"q=cloud"))
    page.get_by_test_id("facet-kind-need").click()
    page.wait_for_url(re.compile(r"kind=need"))
    card = page.locator(f'[data-testid="search-hit"][data-listing-id="{listing.pk}"]')
    card.wait_for()
    assert "Dunhuang Digital Tourism Ltd" in card.inner_text()

    # ...and in Chinese.
    page.get_by_test_id("lang-zh").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.goto(f"{live_server.url}/search/?q=敦煌")
    card = page.locator(f'[data-testid="search-hit"][data-listing-id="{listing.pk}"]')
    card.wait_for()
    assert "敦煌数字文旅有限公司" in card.inner_text()
    card.locator("a").first.click()
    page.get_by_test_id("listing-title").wait_for()
    assert page.get_by_test_id("listing-title").inner_text() == TITLE
    assert "TRL 5–8" in page.get_by_test_id("listing-readiness").inner_text()
    assert "alert(1)" not in page.content()
