"""The partner API is findable: a guide page of the site (docs/api.md), linked from the footer, the
organisation dashboard, the credentials and webhooks pages and the OpenAPI description."""
import pytest

from accounts.models import Membership
from tests.factories import make_member, make_org

pytestmark = pytest.mark.django_db


def test_the_guide_is_a_page_of_the_site(client):
    page = client.get("/api/guide/").content.decode()
    assert 'data-testid="site-header"' in page and 'data-testid="api-guide"' in page
    assert "<h2>1. Credentials / 凭证</h2>" in page and "<table>" in page and "<pre><code" in page
    for path in ("/api/credentials/", "/api/webhooks/", "/api/docs/"):
        assert f'href="{path}"' in page


@pytest.mark.parametrize("language, label", [("zh-hans", "合作方接口"), ("en", "Partner API")])
def test_the_footer_links_the_guide_in_both_languages(client, language, label):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get("/").content.decode()
    assert f'<a href="/api/guide/" data-testid="footer-api">{label}</a>' in page


def test_the_dashboard_links_credentials_and_webhooks_for_owners_and_the_guide_for_all(client):
    organisation = make_org()
    owner = make_member(organisation, role=Membership.Role.OWNER)
    editor = make_member(organisation, role=Membership.Role.EDITOR)
    client.force_login(owner)
    page = client.get("/me/").content.decode()
    for path in ("/api/credentials/", "/api/webhooks/", "/api/guide/"):
        assert f'href="{path}"' in page[page.index('data-testid="org-api"'):]
    client.force_login(editor)
    page = client.get("/me/").content.decode()
    api = page[page.index('data-testid="org-api"'):]
    assert 'href="/api/guide/"' in api and 'data-testid="org-api-credentials"' not in api


def test_no_page_points_at_a_repository_path(client):
    organisation = make_org()
    client.force_login(make_member(organisation, role=Membership.Role.OWNER))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/guide/" in schema["info"]["description"]
    for path in ("/", "/me/", "/api/guide/", "/api/credentials/", "/api/webhooks/"):
        assert "docs/api.md" not in client.get(path).content.decode(), path
