import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chromium_reads_a_page_served_by_django(live_server, page):
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").first.inner_text() != ""
    assert "CultureTech" in page.title() or "文化科技" in page.title()
    assert page.evaluate("navigator.userAgent").find("Chrome") >= 0
