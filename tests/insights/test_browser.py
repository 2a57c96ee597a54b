"""In Chromium: every chart of the public and zone pages is drawn (ECharts from our own static files), in both
languages and on a phone, with no console error and nothing loaded from another host, under a strict
Content-Security-Policy (no inline script or style) such as the one the security work brings."""
import pytest

from insights.services import insights_refresh

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MARKET_CHARTS = {"months", "funnel", "sectors", "technologies", "regions", "provinces", "decline_reasons",
                 "decline_trend", "unmet"}
PUBLIC_CHARTS = MARKET_CHARTS | {"events"}
ZONE_CHARTS = MARKET_CHARTS | {"organisation_kinds"}
STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'"


def with_strict_csp(route):
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})


def open_page(browser, live_server, path, *, locale, width):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    if locale == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.route("**/*", with_strict_csp)  # a violation would show as a console error
    problems, hosts = [], set()
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    return context, page, problems, hosts


@pytest.mark.parametrize("locale,width", [("zh-CN", 1366), ("en", 390)])
@pytest.mark.parametrize("path,charts", [("/insights/", PUBLIC_CHARTS), ("/regions/yangtze_delta/", ZONE_CHARTS)])
def test_every_chart_is_drawn_without_console_errors(browser, live_server, world, path, charts, locale, width):
    insights_refresh()
    context, page, problems, hosts = open_page(browser, live_server, path, locale=locale, width=width)
    try:
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-chart]')].every(e => e.dataset.rendered === 'true')")
        drawn = page.eval_on_selector_all("[data-chart][data-rendered=true]",
                                          "els => els.filter(e => e.querySelector('canvas')).map(e => e.dataset.chart)")
        assert set(drawn) == charts and len(drawn) == len(charts)
        assert problems == []
        assert hosts == {live_server.url.split("/")[2]}  # ECharts is ours: no CDN, nothing from elsewhere
        html_lang = page.get_attribute("html", "lang")
        assert html_lang == ("en" if locale == "en" else "zh-hans")
        # Labels are in the page's language; the layout fits the screen (tables scroll inside themselves).
        expected = {"/insights/": {"en": "Insights", "zh-CN": "数据洞察"},
                    "/regions/yangtze_delta/": {"en": "Yangtze River Delta", "zh-CN": "长三角"}}[path][locale]
        assert expected in page.inner_text("h1")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
    finally:
        context.close()
