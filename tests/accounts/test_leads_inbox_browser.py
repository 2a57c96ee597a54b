"""In Chromium, in both languages, on a desktop and a 390 px phone: the dashboard's leads inbox names each
counterpart's organisation with its verification and deadline, expresses interest in one click (a prefilled form,
the message still required) and dismisses what is not for us; interests awaiting a reply show their age
(#15 item 1).

With SCREENSHOT_DIR set, the dashboard is also saved as PNG files there (docs/screenshots/ holds the committed ones)."""
import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import Membership
from collaboration.models import Interest
from marketplace.models import Listing
from matching.models import Match
from tests.factories import make_listing, make_member, make_org
from tests.fixtures.screens import screenshot
from tests.fixtures.sessions import DESKTOP, PHONE, open_as

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
TEXT = {
    "zh-hans": {"title": "您的匹配线索", "new": "2 条新匹配", "deadline": "截止日期：", "none": "无截止日期",
                "age": "3\xa0日前", "sent": "合作意向"},
    "en": {"title": "Your leads", "new": "2 new", "deadline": "Deadline: ", "none": "No deadline",
           "age": "3\xa0days ago", "sent": "interest"},
}


@pytest.fixture
def firm():
    org = make_org(kind="enterprise", name_zh="星烛互动", name_en="Xingzhu Interactive")
    owner = make_member(org, role=Membership.Role.OWNER)
    need = make_listing(org, kind=Listing.Kind.NEED, title="数字博物馆云渲染")
    verified = make_org(verified=True, name_zh="东海虚拟现实中心", name_en="Donghai VR Center")
    plain = make_org(name_zh="江南数字媒体实验室", name_en="Jiangnan Digital Media Lab")
    with_deadline = make_listing(verified, title="实时云渲染集群", deadline=datetime.date(2031, 3, 5))
    without = make_listing(plain, title="Volumetric capture studio")
    matches = [Match.objects.create(need=need, capability=c, found_by=need, score=s, reasons_zh=["技术相同", "同城"],
                                    reasons_en=["Same technology", "Same city"])
               for c, s in [(with_deadline, 0.9), (without, 0.7)]]
    person = make_member(plain, role=Membership.Role.OWNER)
    interest = Interest.objects.create(listing=need, from_organisation=plain, from_user=person, to_organisation=org,
                                       message="我们做过类似项目。")
    Interest.objects.filter(pk=interest.pk).update(created_at=timezone.now() - datetime.timedelta(days=3, hours=1))
    return SimpleNamespace(owner=owner, need=need, capabilities=[with_deadline, without], matches=matches,
                           interest=interest)



@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_leads_inbox_from_a_match_to_an_interest(browser, live_server, firm, language):
    text = TEXT[language]
    firm.owner.language = language
    firm.owner.save(update_fields=["language"])
    page = open_as(browser, live_server, firm.owner, language=language, viewport=DESKTOP)
    page.goto(f"{live_server.url}/me/")
    inbox = page.get_by_test_id("leads-inbox")
    assert text["title"] in inbox.inner_text()
    assert inbox.get_by_test_id("lead-group-new").inner_text() == text["new"]
    first, second = inbox.get_by_test_id("lead").all()
    assert first.get_by_test_id("lead-organisation").inner_text() in ("东海虚拟现实中心", "Donghai VR Center")
    assert first.get_by_test_id("verification-badge").get_attribute("data-state") == "verified"
    assert first.get_by_test_id("lead-deadline").inner_text().startswith(text["deadline"])
    assert "2031" in first.get_by_test_id("lead-deadline").inner_text()
    assert second.get_by_test_id("lead-deadline").inner_text() == text["none"]
    awaiting = page.get_by_test_id("awaiting-interest")
    assert awaiting.count() == 1 and awaiting.get_by_test_id("awaiting-age").inner_text() == text["age"]
    screenshot(page, f"dashboard-leads-1366-{language}")

    first.get_by_test_id("lead-interest").click()
    page.wait_for_url(f"**/listings/{firm.capabilities[0].pk}/interest/?about={firm.need.pk}")
    message = page.locator("textarea[name=message]")
    assert "数字博物馆云渲染" in message.input_value() and "实时云渲染集群" in message.input_value()
    page.get_by_test_id("send-interest").click()
    page.wait_for_url("**/interests/*/")
    assert Match.objects.get(pk=firm.matches[0].pk).state == Match.State.CONTACTED

    page.goto(f"{live_server.url}/me/")
    assert page.get_by_test_id("lead").count() == 1  # contacted: no longer a lead
    with page.expect_navigation():
        page.get_by_test_id("lead-dismiss").click()
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.get_by_test_id("lead").count() == 0 and page.get_by_test_id("leads-empty").is_visible()
    assert Match.objects.get(pk=firm.matches[1].pk).state == Match.State.DISMISSED
    page.context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_leads_inbox_fits_a_phone(browser, live_server, firm, language):
    page = open_as(browser, live_server, firm.owner, language=language, viewport=PHONE)
    page.goto(f"{live_server.url}/me/")
    assert page.get_by_test_id("lead").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    lead = page.get_by_test_id("lead").first
    assert lead.get_by_test_id("lead-interest").is_visible() and lead.get_by_test_id("lead-dismiss").is_visible()
    screenshot(page, f"dashboard-leads-390-{language}")
    page.context.close()
