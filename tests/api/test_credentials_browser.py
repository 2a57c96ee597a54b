"""Flow 7 in a real browser: an owner creates a credential, copies the token shown once, the partner system
uses it, the owner revokes it."""
import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import Membership
from tests.factories import make_member, make_org

from .conftest import bearer


def signed_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_owner_creates_uses_and_revokes_a_credential(live_server, page):
    org = make_org(name_zh="浙江大学技术转移中心")
    owner = make_member(org, role=Membership.Role.OWNER)
    signed_in(page, live_server, owner)

    page.goto(f"{live_server.url}/api/credentials/")
    page.fill("input[name=name]", "TTO sync")
    page.check("input[name=scopes][value=write]")
    page.click("[data-testid=create-credential]")
    token = page.text_content("[data-testid=token-value]").strip()
    assert token.startswith("ctx_")
    shot = django_settings.BASE_DIR / ".cache" / "api-credentials.png"
    page.screenshot(path=str(shot), full_page=True)

    assert bearer(token).get("/api/v1/listings/").status_code == 200
    page.reload()
    assert token not in page.content()  # shown once

    page.click("[data-testid=revoke]")
    page.wait_for_selector("[data-testid=revoked]")
    assert bearer(token).get("/api/v1/listings/").status_code == 401
