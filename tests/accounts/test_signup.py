"""Sign-up with mandatory e-mail verification, through allauth and our templates."""
import re

import pytest
from django.core import mail

from accounts.models import User

pytestmark = pytest.mark.django_db


def confirmation_path(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_sign_up_then_confirm_the_e_mail_then_signed_in(client):
    response = client.post("/accounts/signup/", {
        "display_name": "林研究员", "email": "Researcher@Example.edu.cn", "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9",
    })
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert b'data-testid="verification-sent"' in client.get(response["Location"]).content
    user = User.objects.get(email__iexact="researcher@example.edu.cn")
    assert not user.emailaddress_set.get().verified

    (message,) = mail.outbox
    assert message.to == ["researcher@example.edu.cn"] or message.to == ["Researcher@Example.edu.cn"]
    assert message.subject.startswith("[文化科技产学研对接平台]")  # the site's default language
    path = confirmation_path(message)
    assert b'data-testid="email-confirm-form"' in client.get(path).content  # GET does not confirm
    assert not user.emailaddress_set.get().verified

    confirmed = client.post(path)
    assert confirmed.status_code == 302 and confirmed["Location"] == "/me/"
    assert user.emailaddress_set.get().verified
    assert client.get("/me/").status_code == 200  # signed in


def test_an_unverified_account_cannot_sign_in(client):
    client.post("/accounts/signup/", {
        "display_name": "Firm", "email": "firm@example.com", "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9",
    })
    client.logout()
    mail.outbox.clear()
    response = client.post("/accounts/login/", {"login": "firm@example.com", "password": "a-long-pass-phrase-9"})
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1  # the confirmation is sent again
    assert client.get("/me/").status_code == 302


def test_a_bad_sign_up_shows_field_errors(client):
    response = client.post("/accounts/signup/", {"email": "not-an-address", "password1": "123", "password2": "456"})
    assert response.status_code == 200  # allauth re-renders the form
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.exists()


def test_a_wrong_password_is_a_form_error(client):
    response = client.post("/accounts/login/", {"login": "nobody@example.com", "password": "whatever-123"})
    assert b'data-testid="form-errors"' in response.content


def test_the_language_of_sign_up_is_remembered(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/accounts/signup/", {
        "display_name": "En", "email": "en@example.com", "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9",
    })
    assert User.objects.get(email="en@example.com").language == "en"


@pytest.mark.parametrize("path", [
    "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
])
def test_account_pages_use_the_site_layout(client, path):
    html = client.get(path).content.decode()
    assert 'data-testid="site-header"' in html and 'data-testid="auth-card"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("path", ["/accounts/email/", "/accounts/password/change/", "/accounts/logout/"])
def test_account_settings_pages_use_the_site_layout(client, path):
    from tests.factories import make_user

    client.force_login(make_user())
    html = client.get(path).content.decode()
    assert 'data-testid="site-header"' in html and 'data-testid="account-panel"' in html


def test_password_reset_by_e_mail_link(client):
    from allauth.account.models import EmailAddress

    from tests.factories import make_user

    user = make_user(email="forgetful@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/accounts/password/reset/", {"email": "forgetful@example.com"})
    assert response.status_code == 302
    assert b'data-testid="auth-card"' in client.get(response["Location"]).content
    (message,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", message.body).group(1)
    form_page = client.get(path, follow=True)
    assert b'data-testid="auth-card"' in form_page.content
    response = client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
                           {"password1": "brand-new-secret-42", "password2": "brand-new-secret-42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-42")


def test_password_change_when_signed_in(client):
    from tests.factories import make_user

    user = make_user()
    client.force_login(user)
    response = client.post("/accounts/password/change/", {
        "oldpassword": "pass-word-123", "password1": "another-secret-77", "password2": "another-secret-77",
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-secret-77")
