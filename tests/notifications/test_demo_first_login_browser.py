"""The demo's first login (#15 item 2): each of make demo's accounts, signing in through the login form in Chromium,
finds at most five unread notifications, and they are what still waits for them: interests awaiting their reply,
the curator's queue. The counts are printed for the record."""
import json

import pytest
from django.core.management import call_command

from accounts.models import User
from marketplace.management.commands.load_demo import DEMO_FILE
from notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CURATOR_NOTICE = "有供需信息等待您审核"  # stored in the curator's language (demo.json: zh-hans)


def sign_in(browser, live_server, spec, language="zh-hans"):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.get_by_test_id("login-form")
    form.locator("input[name=login]").fill(spec["email"])
    form.locator("input[name=password]").fill(spec["password"])
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("account-menu").get_by_test_id("sign-out").wait_for()
    return page


def bell_count(page):
    badge = page.get_by_test_id("notification-count")
    return int(badge.inner_text()) if badge.count() else 0


def test_each_demo_account_signs_in_to_at_most_five_unread_notifications(browser, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    accounts = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["users"]
    unread = {}
    for spec in accounts:
        user = User.objects.get(email=spec["email"])
        waiting = Notification.objects.filter(recipient=user, read_at__isnull=True)
        unread[spec["email"]] = waiting.count()
        # What is left unread is what still asks something of them.
        assert all(n.key.startswith("interest:") or n.key.startswith("moderation:") for n in waiting), \
            [n.title for n in waiting]
        page = sign_in(browser, live_server, spec)
        assert bell_count(page) == unread[spec["email"]] <= 5
        page.context.close()
    print("first-login unread notifications per demo account:", json.dumps(unread))

    curator = next(spec for spec in accounts if spec.get("staff"))
    assert unread[curator["email"]] >= 1  # the demo has listings awaiting review
    page = sign_in(browser, live_server, curator)
    page.get_by_test_id("notification-bell").click()
    notice = page.get_by_test_id("notification").filter(has_text=CURATOR_NOTICE)
    assert notice.count() == 1 and notice.get_attribute("data-read") == "no"
    notice.get_by_test_id("notification-open").click()
    page.wait_for_url(f"{live_server.url}/staff/moderation/**")
    page.context.close()
