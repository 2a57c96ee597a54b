"""The demo's mailbox keeps every e-mail the site sends and shows it with clickable links; the "check your
e-mail" page points at it only when the demo runs."""
import pytest
from django.core import mail

from accounts.models import User

pytestmark = pytest.mark.django_db

SIGN_UP = {"display_name": "访客", "email": "visitor@example.com", "password1": "a-long-pass-phrase-9",
           "password2": "a-long-pass-phrase-9"}


def test_a_sent_e_mail_is_listed_and_opens_with_its_links_clickable(client, demo_settings):
    assert b'data-testid="mailbox-empty"' in client.get("/demo/mailbox/").content
    mail.send_mail("欢迎 / Welcome", "Open http://127.0.0.1:8000/listings/1/ to see it.", None, ["a@example.com"])

    listing = client.get("/demo/mailbox/").content.decode()
    assert "欢迎 / Welcome" in listing and "a@example.com" in listing
    message = client.get(listing.split('data-testid="mailbox-subject"')[0].rsplit('href="', 1)[1].split('"')[0])
    assert message.status_code == 200
    assert '<a href="http://127.0.0.1:8000/listings/1/"' in message.content.decode()


def test_sign_up_in_the_demo_points_at_the_mailbox_holding_the_confirmation(client, demo_settings):
    response = client.post("/accounts/signup/", SIGN_UP, follow=True)
    page = response.content.decode()
    assert 'data-testid="demo-mailbox-link"' in page and 'href="/demo/mailbox/"' in page
    assert "visitor@example.com" in client.get("/demo/mailbox/").content.decode()
    assert User.objects.filter(email="visitor@example.com").exists()


def test_outside_the_demo_the_check_your_email_page_has_no_mailbox(client):
    page = client.post("/accounts/signup/", SIGN_UP, follow=True).content.decode()
    assert 'data-testid="verification-sent"' in page and "demo-mailbox" not in page
    assert client.get("/demo/mailbox/").status_code == 404


@pytest.mark.parametrize("message_id", ["..%2F..%2Fsettings", "20260101T000000000000-nothex", "x"])
def test_only_message_ids_of_the_mailbox_are_read(client, demo_settings, message_id):
    assert client.get(f"/demo/mailbox/{message_id}/").status_code == 404
