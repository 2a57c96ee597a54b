"""Error pages that help, in the site layout; the 500 page needs neither a request nor the database."""
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


def test_a_missing_page_renders_the_helpful_404_with_debug_off(client, settings):
    settings.DEBUG = False
    response = client.get("/this/page/does/not/exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-404"' in html
    assert 'data-testid="site-header"' in html and 'href="/"' in html
    assert "/accounts/login/?next=/this/page/does/not/exist/" in html  # offers to sign in


def test_a_refusal_renders_the_403_page_with_the_reason(client, settings):
    settings.DEBUG = False
    organisation = make_org()
    client.force_login(make_user())
    response = client.get(f"/orgs/{organisation.slug}/edit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="error-403"' in html and 'data-testid="error-reason"' in html


def test_the_500_page_renders_without_context_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert 'data-testid="error-500"' in html and 'href="/"' in html


def test_djangos_server_error_view_uses_our_page(django_assert_num_queries):
    request = RequestFactory().get("/boom/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert b'data-testid="error-500"' in response.content


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_error_pages_follow_the_language(client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get("/missing/").content.decode()
    assert f'<html lang="{language}">' in html


def test_a_form_without_its_security_token_gets_a_page_that_explains_what_to_do(settings):
    from django.test import Client

    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    response = client.post("/orgs/new/", {"kind": "enterprise", "name_zh": "无令牌公司"})
    assert response.status_code == 403
    assert b'data-testid="error-csrf"' in response.content
