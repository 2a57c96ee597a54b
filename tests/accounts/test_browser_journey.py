"""In Chromium: sign up, confirm the e-mail from the outbox, register an organisation, see it on the
dashboard and ask for verification."""
import re

import pytest

from accounts.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_create_an_organisation_and_request_verification(live_server, page, mailoutbox):
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("nav-signup").click()

    form = page.get_by_test_id("signup-form")
    form.locator("input[name=display_name]").fill("刘馆员")
    form.locator("input[name=email]").fill("curator.liu@example.edu.cn")
    form.locator("input[name=password1]").fill("Tea-and-pixels-2026")
    form.locator("input[name=password2]").fill("Tea-and-pixels-2026")
    page.get_by_test_id("signup-submit").click()
    page.get_by_test_id("verification-sent").wait_for()

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_test_id("email-confirm-submit").click()
    page.wait_for_url(f"{live_server.url}/me/")
    page.get_by_test_id("no-organisation").wait_for()

    page.get_by_test_id("dashboard-create-org").click()
    form = page.get_by_test_id("organisation-form")
    form.locator("select[name=kind]").select_option("university")
    form.locator("input[name=name_zh]").fill("东南数字文化实验室")
    form.locator("input[name=name_en]").fill("Southeast Digital Culture Lab")
    form.locator("input[name=city]").fill("南京")
    form.locator("select[name=metro_area]").select_option("yangtze_delta")
    form.locator("textarea[name=description]").fill("文物数字化、沉浸式展陈与文旅大数据。")
    page.get_by_test_id("organisation-submit").click()

    page.wait_for_url(f"{live_server.url}/me/")
    panel = page.locator('[data-testid="org-panel"][data-org-slug="southeast-digital-culture-lab"]')
    panel.wait_for()
    assert panel.get_by_test_id("verification-badge").get_attribute("data-state") == "unverified"

    panel.get_by_test_id("request-verification").click()
    page.wait_for_url(f"{live_server.url}/me/")
    page.get_by_test_id("messages").wait_for()
    panel = page.locator('[data-testid="org-panel"][data-org-slug="southeast-digital-culture-lab"]')
    assert panel.get_by_test_id("verification-badge").get_attribute("data-state") == "pending"
    assert panel.get_by_test_id("request-verification").count() == 0

    organisation = Organisation.objects.get(slug="southeast-digital-culture-lab")
    assert organisation.verification == Organisation.Verification.PENDING
    assert organisation.memberships.get().user.email == "curator.liu@example.edu.cn"
