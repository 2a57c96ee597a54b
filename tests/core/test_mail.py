"""Every e-mail leaves through core.mail: header values are one clean line whatever a title or a name holds,
and a batch is sent message by message, so one bad message never sinks the others."""
import socket

import pytest
from django.core import mail as outbox
from django.urls import reverse

from accounts.models import Membership, User
from accounts.services import invitation_create
from core import mail
from marketplace.models import Listing
from notifications.emails import digests_send, notification_emails_send
from notifications.models import Notification
from tests.factories import make_listing, make_member, make_org, make_staff, make_user

pytestmark = pytest.mark.django_db


def broken_address_user():
    """A stored address that no mail server or library will take (a CR/LF in it): the one bad message."""
    return User.objects.create(email="bad\r\naddress@example.com")


def notify(user, channel="instant", title="A new need fits your capability"):
    return Notification.objects.create(recipient=user, type="match", title=title, url="/listings/1/",
                                       channel=channel)


def test_header_values_become_one_clean_line():
    message = mail.clean_headers(outbox.EmailMessage(
        subject="数字\r\nBcc: victim@example.com\u202e", body="…", to=["a@example.com"],
        headers={"X-Title": "Line\rbreak\x00"}))
    assert message.subject == "数字 Bcc: victim@example.com"
    assert message.extra_headers == {"X-Title": "Line break"}
    assert "\nBcc:" not in message.message().as_string()


@pytest.mark.django_db(transaction=True)
def test_approving_a_listing_whose_title_holds_a_carriage_return_sends_its_mail(client):
    org = make_org()
    owner = make_member(org, role=Membership.Role.OWNER)
    listing = make_listing(org, status=Listing.Status.SUBMITTED, title="VR 导览\r系统")
    client.force_login(make_staff())
    response = client.post(reverse("marketplace:listing_approve", args=[listing.pk]))
    assert response.status_code == 303
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED
    sent = [m for m in outbox.outbox if m.to == [owner.email]]
    assert len(sent) == 1 and "VR 导览 系统" in sent[0].subject and "\r" not in sent[0].subject
    assert Notification.objects.get(recipient=owner).email_error == ""


def test_an_organisation_name_with_a_carriage_return_still_gets_its_invitation_out(django_capture_on_commit_callbacks):
    org = make_org(name_zh="像素\r\n实验室", name_en="Pixel\rLab")
    owner = make_member(org, role=Membership.Role.OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(user=owner, organisation=org, email="new.member@example.com", role="editor",
                          site_url="http://testserver")
    assert len(outbox.outbox) == 1
    assert outbox.outbox[0].to == ["new.member@example.com"] and "\r" not in outbox.outbox[0].subject
    assert "\n" not in outbox.outbox[0].subject


def test_one_bad_message_does_not_sink_the_batch():
    first, bad, last = make_user(), broken_address_user(), make_user()
    notes = [notify(first), notify(bad), notify(last, title="Title with a\rcarriage return")]
    assert notification_emails_send(notification_ids=[n.pk for n in notes]) == 2
    assert sorted(m.to[0] for m in outbox.outbox) == sorted([first.email, last.email])
    for note in notes:
        note.refresh_from_db()
        assert note.emailed_at is not None  # the refused one is not tried again either
    assert [bool(n.email_error) for n in notes] == [False, True, False]
    assert "BadHeaderError" in notes[1].email_error
    assert notification_emails_send(notification_ids=[n.pk for n in notes]) == 0  # nothing left to send


def test_one_bad_digest_does_not_sink_the_others():
    first, bad, last = make_user(), broken_address_user(), make_user()
    notes = [notify(user, channel="daily") for user in (first, bad, bad, last)]
    assert digests_send(frequency="daily", recipient_ids=[first.pk, bad.pk, last.pk]) == 2
    assert sorted(m.to[0] for m in outbox.outbox) == sorted([first.email, last.email])
    errors = dict(Notification.objects.filter(pk__in=[n.pk for n in notes]).values_list("pk", "email_error"))
    assert [bool(errors[n.pk]) for n in notes] == [False, True, True, False]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_when_the_mail_server_is_away_nothing_is_stamped_and_the_task_can_retry(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    note = notify(make_user())
    with pytest.raises(mail.MailServerUnavailable):  # a ConnectionError: the Celery task retries it
        notification_emails_send(notification_ids=[note.pk])
    note.refresh_from_db()
    assert note.emailed_at is None and note.email_error == ""
