"""In Chromium, in the demo's settings, in both languages, with a browser alone (nothing read from a console):
a stranger signs up, finds the confirmation e-mail in the demo mailbox, confirms, signs out and in again; a
missing page is the site's own 404; a listing past its deadline is expired by the day's first request."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.models import Listing
from tests.factories import make_listing
from tests.fixtures.screens import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "zh-hans": {"check": "请查收邮件", "mailbox": "演示收件箱", "name": "访客小王"},
    "en": {"check": "Check your e-mail", "mailbox": "Demo mailbox", "name": "Visiting Wang"},
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_stranger_signs_up_in_the_demo_with_a_browser_alone(browser, live_server, demo_settings, language):
    text = TEXT[language]
    demo_settings.SITE_URL = live_server.url  # what PORT gives the demo
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    email = f"stranger.{language}@example.com"

    page.goto(f"{live_server.url}/")
    page.get_by_test_id("nav-signup").click()
    form = page.get_by_test_id("signup-form")
    form.locator("input[name=display_name]").fill(text["name"])
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password1]").fill("Tea-and-pixels-2026")
    form.locator("input[name=password2]").fill("Tea-and-pixels-2026")
    page.get_by_test_id("signup-submit").click()
    assert text["check"] in page.get_by_test_id("verification-sent").inner_text()

    page.get_by_test_id("demo-mailbox-link").click()
    assert page.locator("h1").inner_text() == text["mailbox"]
    row = page.get_by_test_id("mailbox-message").filter(has_text=email).first
    screenshot(page, f"demo-mailbox-{language}")
    row.get_by_test_id("mailbox-subject").click()
    page.get_by_test_id("mailbox-body").locator("a[href*='/accounts/confirm-email/']").click()
    page.get_by_test_id("email-confirm-submit").click()
    page.wait_for_url(f"{live_server.url}/me/")
    assert text["name"] in page.locator("main").inner_text()

    page.get_by_test_id("sign-out").click()
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.get_by_test_id("login-form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill("Tea-and-pixels-2026")
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(f"{live_server.url}/me/")
    assert text["name"] in page.locator("main").inner_text() and email not in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/listings/999999/")
    page.get_by_test_id("error-404").wait_for()
    assert "DEBUG" not in page.content()


def test_a_listing_past_its_deadline_leaves_the_site_on_the_days_first_request(browser, live_server, demo_settings):
    overdue = make_listing(title="已过截止日期的需求", deadline=timezone.localdate() - datetime.timedelta(days=3))
    page = browser.new_page()
    page.goto(f"{live_server.url}{overdue.get_absolute_url()}")
    assert page.get_by_test_id("listing").get_attribute("data-status") == Listing.Status.PUBLISHED  # not swept yet

    Client().get("/")  # the demo's first request of the day, through its middleware
    overdue.refresh_from_db()
    assert overdue.status == Listing.Status.EXPIRED  # the database says so, not only the pages
    page.reload()
    page.get_by_test_id("error-404").wait_for()  # no longer published: visitors do not see it
    page.goto(f"{live_server.url}/")
    assert "已过截止日期的需求" not in page.locator("main").inner_text()
    page.close()
