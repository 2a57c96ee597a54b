"""In Chromium, in both languages: a need's matches arrive as one notice that says how many, and the preferences
page offers a member the daily digest for matches by default and no staff-only row (#15 item 2)."""
import pytest
from django.db import transaction
from django.test import Client

from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_org
from tests.notifications.test_grouped_notices import match

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "zh-hans": {"title": "您的技术需求“数字博物馆云渲染”有 4 个新匹配", "daily": "站内通知并发送每日摘要邮件",
                "moderation": "审核工作"},
    "en": {"title": "4 new matches for your need “数字博物馆云渲染”", "daily": "On the site and in a daily digest",
           "moderation": "Moderation work"},
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_four_matches_are_one_notice_and_the_digest_is_the_default(browser, live_server, language):
    firm = make_org(kind="enterprise")
    owner = make_member(firm, role="owner")
    owner.language = language
    owner.save(update_fields=["language"])
    need = make_listing(firm, kind=Listing.Kind.NEED, title="数字博物馆云渲染")
    with transaction.atomic():
        for n in range(4):
            match(need, make_listing(make_org(), kind=Listing.Kind.CAPABILITY, title=f"渲染能力 {n}"))
    client = Client()
    client.force_login(owner)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url},
                         {"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/notifications/")
    assert page.get_by_test_id("notification-count").inner_text() == "1"
    [title] = page.get_by_test_id("notification-open").all_inner_texts()
    assert title == TEXT[language]["title"]
    page.get_by_test_id("notification-open").click()
    page.wait_for_url(f"{live_server.url}{need.get_absolute_url()}#matches")

    page.goto(f"{live_server.url}/notifications/preferences/")
    form = page.get_by_test_id("preferences-form")
    assert TEXT[language]["moderation"] not in form.inner_text()
    daily = form.locator("input[name=pref-match][value=daily]")
    assert daily.is_checked() and TEXT[language]["daily"] in daily.get_attribute("aria-label")
    context.close()
