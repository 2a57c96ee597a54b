"""In Chromium, in both languages, on a desktop and a 390 px phone: a curator's navigation says how much waits
(listings and their changes, organisations) and starts at the listings queue; the queue is a compact table, the
reject form opens over its row and wants a reason, a revision's diff stays folded until asked for, and the
curator's own organisation's items have no decision buttons (#15 item 7).

With SCREENSHOT_DIR set, the queue is also saved as PNG files there (docs/screenshots/ holds the committed ones)."""
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import Organisation
from marketplace import services
from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_org, make_staff
from tests.fixtures.screens import screenshot
from tests.fixtures.sessions import DESKTOP, PHONE, open_as

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = Listing.Status
TEXT = {
    "zh-hans": {"decision": "决定", "reject": "驳回", "own": "由其他平台管理员审核决定"},
    "en": {"decision": "Decision", "reject": "Reject", "own": "another curator decides"},
}


@pytest.fixture
def queue():
    curator = make_staff()
    own_org = make_org()
    make_member(own_org, user=curator)
    firm = make_org(kind="enterprise", verified=True, name_zh="星烛互动", name_en="Xingzhu Interactive")
    lab = make_org(name_zh="东海虚拟现实中心", name_en="Donghai VR Center")
    submitted = [make_listing(org, status=S.SUBMITTED, submitted_at=timezone.now(), title=title)
                 for org, title in [(firm, "文旅夜游互动装置"), (lab, "VR motion-sickness assessment"),
                                    (firm, "8K 虚拟演播系统升级")]]
    own = make_listing(own_org, status=S.SUBMITTED, submitted_at=timezone.now(), title="Our own capability")
    published = make_listing(lab, title="Cloud rendering for museums")
    editor = make_member(lab)
    services.listing_update(user=editor, listing=published, title="Cloud rendering for museums and games")
    revision = published.revisions.get()
    make_org(verification=Organisation.Verification.PENDING, verification_requested_at=timezone.now())
    return SimpleNamespace(curator=curator, submitted=submitted, own=own, published=published, revision=revision)



@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_curator_goes_from_the_counts_to_a_compact_queue_and_rejects_in_a_dialog(browser, live_server, queue,
                                                                                     language):
    text = TEXT[language]
    page = open_as(browser, live_server, queue.curator, language=language, viewport=DESKTOP)
    page.goto(f"{live_server.url}/")
    assert page.get_by_test_id("nav-pending-listings").inner_text() == "5"  # 4 submissions and 1 revision
    assert page.get_by_test_id("nav-pending-organisations").inner_text() == "1"
    page.get_by_test_id("nav-staff").click()
    page.wait_for_url(f"{live_server.url}/staff/moderation/")

    table = page.get_by_test_id("moderation-queue")
    assert text["decision"] in table.locator("thead").text_content()
    assert table.get_by_test_id("queue-item").count() == 4
    firm_row = table.locator(f"[data-listing-id='{queue.submitted[0].pk}']")
    assert firm_row.get_by_test_id("verification-badge").get_attribute("data-state") == "verified"
    own_row = table.locator(f"[data-listing-id='{queue.own.pk}']")
    assert text["own"] in own_row.inner_text() and own_row.locator("button").count() == 0
    assert page.evaluate("document.documentElement.scrollHeight") < 2000  # a table, not a page of forms

    diff = page.get_by_test_id("revision-diff")
    assert not diff.is_visible()
    page.get_by_test_id("revision-changes").locator("summary").click()
    assert diff.is_visible() and "and games" in diff.inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, f"curator-queue-1366-{language}")

    target = queue.submitted[1]
    reason = page.locator(f"#reason-{target.pk}")
    assert not reason.is_visible()
    page.get_by_test_id(f"reject-{target.pk}-open").locator("summary").click()
    assert reason.is_visible()
    page.get_by_test_id(f"reject-{target.pk}").click()  # no reason: the browser keeps the form open
    assert page.url == f"{live_server.url}/staff/moderation/" and reason.is_visible()
    reason.fill("Please name the headsets you tested with.")
    with page.expect_navigation():
        page.get_by_test_id(f"reject-{target.pk}").click()
    assert page.get_by_test_id("moderation-queue").get_by_test_id("queue-item").count() == 3
    assert page.get_by_test_id("nav-pending-listings").inner_text() == "4"
    target.refresh_from_db()
    assert target.status == S.REJECTED and target.rejection_reason == "Please name the headsets you tested with."
    page.context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_on_a_phone_the_queue_rows_become_cards_that_fit_the_screen(browser, live_server, queue, language):
    page = open_as(browser, live_server, queue.curator, language=language, viewport=PHONE)
    page.goto(f"{live_server.url}/staff/moderation/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    row = page.get_by_test_id("moderation-queue").locator(f"[data-listing-id='{queue.submitted[0].pk}']")
    page.get_by_test_id(f"reject-{queue.submitted[0].pk}-open").locator("summary").click()
    assert page.locator(f"#reason-{queue.submitted[0].pk}").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert TEXT[language]["reject"] in row.inner_text()
    screenshot(page, f"curator-queue-390-{language}")
    page.context.close()
