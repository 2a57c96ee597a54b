"""In Chromium, on a desktop and on a 390 px phone, in both languages: the interests list with its tabs and
filter, an interest answered from a clear choice with its thread readable on the phone, the saved-searches page
and the notifications page.

With SCREENSHOT_DIR set, the pages are also saved as PNG files there (docs/screenshots/ holds the committed ones)."""
import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from collaboration.models import Interest, SavedSearch
from marketplace.models import Listing
from notifications.models import Notification
from tests.factories import make_listing, make_member, make_org, make_user
from tests.fixtures.screens import screenshot
from tests.fixtures.sessions import DESKTOP, PHONE, open_as

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]



def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def lab():
    """A lab with interests in every state, a search it saved with alerts it has not opened, notifications."""
    lab = make_org(kind="institute", slug="donghai-vr", name_zh="东海虚拟现实研究中心",
                   name_en="Donghai VR Research Center", verification="verified")
    owner = make_member(lab, role="owner", user=make_user(display_name="林晓舟"))
    firms = [make_org(kind="enterprise", name_zh=zh, name_en=en, verification=state) for zh, en, state in [
        ("星烛互动娱乐", "Xingzhu Interactive", "verified"),
        ("云栖数字博物馆", "Yunqi Digital Museum", "unverified"),
        ("长河影视动画", "Changhe Film & Animation", "verified"),
        ("青橙文旅科技", "Qingcheng Culture Tourism", "pending")]]
    capability = make_listing(lab, title="体积视频拍摄与实时渲染平台", province="上海市", city="上海")
    other = make_listing(lab, title="文物三维数字化与高精度重建")
    now = timezone.now()
    rows = []
    for days, firm, listing, state in [(1, firms[0], capability, "sent"), (3, firms[1], other, "sent"),
                                       (6, firms[2], capability, "accepted"), (12, firms[3], other, "declined"),
                                       (20, firms[1], capability, "completed")]:
        row = Interest.objects.create(
            listing=listing, from_organisation=firm, to_organisation=lab, state=state,
            from_user=make_member(firm, user=make_user(display_name=f"{firm.name_en} lead")),
            message="我们正在筹备沉浸式博物馆展览，需要体积视频拍摄能力，希望与贵中心合作试点。",
            answered_at=now if state != "sent" else None, answered_by=owner if state != "sent" else None,
            decline_reason="timing" if state == "declined" else "")
        Interest.objects.filter(pk=row.pk).update(created_at=now - datetime.timedelta(days=days))
        rows.append(row)
    need = make_listing(firms[2], kind=Listing.Kind.NEED, title="动画电影虚拟制片技术合作")
    Interest.objects.create(listing=need, from_organisation=lab, to_organisation=firms[2], message="We can help.",
                            from_user=owner)
    saved = SavedSearch.objects.create(user=owner, name="沉浸式展陈需求", frequency="daily",
                                       query={"q": ["沉浸式 展陈"], "kind": ["need"], "province": ["浙江省"]})
    SavedSearch.objects.create(user=owner, name="Virtual production", frequency="weekly",
                               query={"q": ["virtual production"], "trl": ["6"]})
    for listing in (need, make_listing(firms[0], kind=Listing.Kind.NEED, title="数字藏品互动展示需求")):
        Notification.objects.create(recipient=owner, type="saved_search", key=f"saved_search:{saved.pk}:{listing.pk}",
                                    title=f"New for your saved search “{saved.name}”: {listing.title}",
                                    url=listing.get_absolute_url())
    for row in rows[:3]:
        Notification.objects.create(recipient=owner, type="interest", url=row.get_absolute_url(),
                                    title=f"{row.from_organisation.name_en} is interested in “{row.listing.title}”",
                                    body=row.message)
    return SimpleNamespace(org=lab, owner=owner, firms=firms, waiting=rows[0], saved=saved)


def test_the_interests_list_and_an_answer_on_desktop_and_phone(browser, live_server, lab):
    desktop = open_as(browser, live_server, lab.owner, language="zh-hans", viewport=DESKTOP)
    desktop.goto(f"{live_server.url}/collaboration/interests/")
    assert desktop.get_by_test_id("interest").count() == 5
    assert desktop.get_by_test_id("awaiting-count").inner_text() == "2"
    screenshot(desktop, "interests-list-1366")
    desktop.select_option("select[name=state]", label="已接受")
    desktop.get_by_test_id("interest-filter-submit").click()
    assert [row.get_attribute("data-state") for row in desktop.get_by_test_id("interest").all()] == ["accepted"]
    desktop.get_by_test_id("tab-sent").click()
    assert desktop.get_by_test_id("interest").count() == 1

    phone = open_as(browser, live_server, lab.owner, language="en", viewport=PHONE)
    phone.goto(f"{live_server.url}/collaboration/interests/")
    phone.get_by_test_id("tab-awaiting").click()
    rows = phone.get_by_test_id("interest")
    assert rows.count() == 2 and rows.first.get_attribute("data-interest-id") == str(lab.waiting.pk)  # newest
    assert fits_the_screen(phone)
    screenshot(phone, "interests-list-390")
    rows.first.get_by_test_id("interest-link").click()

    reasons = phone.locator('[data-testid="decline-form"] select[name=reason]')
    assert not reasons.is_visible()
    phone.get_by_test_id("decline-open").click()  # declining opens its reasons in place
    assert reasons.is_visible() and phone.get_by_test_id("accept").is_visible()
    phone.get_by_test_id("accept").click()
    assert phone.get_by_test_id("interest-state").get_attribute("data-state") == "accepted"
    assert "Accepted." in phone.get_by_test_id("messages").inner_text()

    long_message = ("Welcome! Our capture stage in Shanghai has 48 cameras; " * 4) + "https://example.org/a-very-" \
        "long-address-without-any-spaces-that-must-wrap-on-a-phone/stage/volumetric-capture/booking"
    phone.fill('[data-testid="message-form"] textarea[name=body]', long_message)
    phone.get_by_test_id("send-message").click()
    message = phone.get_by_test_id("message").last
    assert "48 cameras" in message.inner_text()
    box = message.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and fits_the_screen(phone)
    screenshot(phone, "interest-thread-390")
    desktop.goto(phone.url)
    screenshot(desktop, "interest-thread-1366")


def test_saved_searches_and_notifications_in_both_languages(browser, live_server, lab):
    page = open_as(browser, live_server, lab.owner, language="zh-hans", viewport=DESKTOP)
    page.goto(f"{live_server.url}/collaboration/saved-searches/")
    first = page.locator(f'[data-testid="saved-search"][data-id="{lab.saved.pk}"]')
    summary = first.get_by_test_id("saved-search-summary").inner_text()
    assert "沉浸式 展陈" in summary and "技术需求" in summary and "浙江省" in summary
    assert first.get_by_test_id("saved-search-new").get_attribute("data-count") == "2"
    screenshot(page, "saved-searches-1366")
    first.get_by_test_id("saved-search-results").click()
    page.wait_for_url("**/search/?**")
    assert "sort=newest" in page.url

    phone = open_as(browser, live_server, lab.owner, language="en", viewport=PHONE)
    phone.goto(f"{live_server.url}/collaboration/saved-searches/")
    first = phone.locator(f'[data-testid="saved-search"][data-id="{lab.saved.pk}"]')
    assert "Zhejiang" in first.get_by_test_id("saved-search-summary").inner_text()
    assert first.get_by_test_id("saved-search-new").count() == 0  # seen on the desktop
    assert fits_the_screen(phone)
    screenshot(phone, "saved-searches-390")
    confirm = first.get_by_test_id("delete-confirm")
    assert not confirm.is_visible()
    first.get_by_test_id("delete-open").click()
    confirm.click()
    assert "deleted" in phone.get_by_test_id("messages").inner_text()
    assert not SavedSearch.objects.filter(pk=lab.saved.pk).exists()

    phone.goto(f"{live_server.url}/notifications/")
    unread = phone.locator('[data-testid="notification"][data-read="no"]')
    assert unread.count() == 3  # the saved-search alerts were opened with the search
    unread.first.get_by_test_id("notification-mark-read").click()
    expect(phone.locator('[data-testid="notification"][data-read="no"]')).to_have_count(2)  # after the reload
    phone.select_option("select[name=type]", "interest")
    phone.get_by_test_id("notification-filter-submit").click()
    phone.wait_for_url("**type=interest**")
    expect(phone.get_by_test_id("notification")).to_have_count(3)
    assert fits_the_screen(phone)
    screenshot(phone, "notifications-390")
    phone.get_by_test_id("mark-all-read").click()
    expect(phone.get_by_test_id("messages")).to_contain_text("marked as read")
    expect(phone.locator('[data-testid="notification"][data-read="no"]')).to_have_count(0)
    assert "type=interest" in phone.url
