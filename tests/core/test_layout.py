"""The site layout: landmarks, skip link, navigation, account menu and the language switcher."""
import pytest

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_layout_has_landmarks_a_skip_link_and_one_h1(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert html.count("<h1") == 1
    assert 'data-testid="nav-signup"' in html and 'data-testid="nav-login"' in html
    assert '/static/css/site.css' in html


def test_signed_in_people_see_their_dashboard_and_a_sign_out_button(client):
    client.force_login(make_user())
    html = client.get("/").content.decode()
    assert 'data-testid="nav-dashboard"' in html and 'data-testid="sign-out"' in html
    assert 'data-testid="nav-staff"' not in html


def test_staff_see_the_staff_link(client):
    client.force_login(make_user(is_staff=True))
    assert b'data-testid="nav-staff"' in client.get("/").content


def test_the_language_switcher_posts_to_set_language_and_comes_back(client):
    html = client.get("/me/?x=1", follow=True).content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert '<html lang="zh-hans">' in client.get("/").content.decode()  # Chinese by default
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/orgs/new/"})
    assert response.status_code == 302 and response["Location"] == "/orgs/new/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert 'data-testid="lang-en" aria-pressed="true"' in html


def test_messages_are_shown_once(client):
    user = make_user()
    client.force_login(user)
    response = client.post("/orgs/new/", {"kind": "enterprise", "name_zh": "消息测试公司"}, follow=True)
    assert b'data-testid="messages"' in response.content
    assert b'data-testid="messages"' not in client.get("/me/").content


def test_the_notification_bell_appears_once_its_context_processor_is_on(client, settings):
    import copy

    client.force_login(make_user())
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if "notifications.context_processors.unread_count" not in processors:
        processors.append("notifications.context_processors.unread_count")
    settings.TEMPLATES = templates
    assert b'data-testid="notification-bell"' in client.get("/").content
