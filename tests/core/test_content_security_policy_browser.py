"""In Chromium, under the site's Content-Security-Policy: the main pages load and run their scripts with no
policy violation and no console error (Swagger UI on /api/docs/ included)."""
import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Membership
from tests.factories import make_listing, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script; Playwright injects it outside the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def signed_in_page(browser, live_server):
    editor = make_member(make_org(name_zh="数字文博实验室"), role=Membership.Role.EDITOR)
    client = Client()
    client.force_login(editor)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: page.problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    yield page
    context.close()


def visit(page, url, ready):
    response = page.goto(url)
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), url
    ready(page)
    page.wait_for_load_state("networkidle")
    return [f"{url}: {v}" for v in page.evaluate("window.__cspViolations")]


def test_the_main_pages_run_under_the_policy_without_violations(live_server, signed_in_page):
    page = signed_in_page
    listing = make_listing(org=make_org(), title="文物三维数字化采集", summary="文物三维扫描与数字孪生，面向博物馆。")
    site = live_server.url

    def search_suggests(page):  # the suggestion script (a static file now) runs
        page.get_by_test_id("search-input").fill("文物")
        page.get_by_test_id("suggestion").first.wait_for()

    def opens_the_nav(page):
        page.get_by_test_id("site-header").wait_for()

    violations = []
    violations += visit(page, f"{site}/", opens_the_nav)
    violations += visit(page, f"{site}/search/", search_suggests)
    violations += visit(page, f"{site}{listing.get_absolute_url()}", opens_the_nav)
    violations += visit(page, f"{site}/me/", opens_the_nav)
    violations += visit(page, f"{site}/listings/new/", lambda page: page.get_by_test_id("listing-form").wait_for())
    violations += visit(page, f"{site}/api/docs/", lambda page: page.wait_for_selector(".opblock"))
    assert page.locator(".opblock").count() > 10  # Swagger UI ran
    assert violations == [] and page.problems == []
