"""Screenshots of the insights pages for docs/screenshots/: desktop (1366 px) and phone (390 px), Chinese and
English. Run against a running demo (make demo), with the project's Python:
    .venv/bin/python scripts/insights_screenshots.py http://127.0.0.1:8000 docs/screenshots
Uses Debian's Chromium through Playwright; waits until every chart is drawn."""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {"insights": "/insights/", "zone-yangtze-delta": "/regions/yangtze_delta/"}
SIZES = {"desktop": 1366, "phone": 390}
LANGUAGES = {"zh": "zh-hans", "en": "en"}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def main(base, out):
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        for language, code in LANGUAGES.items():
            for size, width in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": 900},
                                              device_scale_factor=1, is_mobile=size == "phone")
                context.add_cookies([{"name": "django_language", "value": code, "url": base}])
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path)
                    page.wait_for_function("() => [...document.querySelectorAll('[data-chart]')]"
                                           ".every(e => e.dataset.rendered === 'true')")
                    page.wait_for_timeout(1200)  # ECharts' entry animation
                    target = out / f"{name}-{language}-{size}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target, target.stat().st_size)
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
