"""Every e-mail is composed by core.mail: account mails (allauth), notifications, invitations share one subject
prefix and one From address, in the recipient's language; List-Unsubscribe only where there is something to
unsubscribe from (notifications), never on account or transactional mail."""
import pytest
from allauth.account.models import EmailAddress
from django.core import mail as outbox

from accounts.models import Membership
from accounts.services import invitation_create
from notifications.emails import notification_emails_send
from notifications.models import Notification
from tests.factories import make_member, make_org, make_user

pytestmark = pytest.mark.django_db

PREFIX, SENDER = "[Exchange] ", "Exchange <hello@exchange.example>"


def notification_mail(user):
    note = Notification.objects.create(recipient=user, type="match", title="A new need fits your capability",
                                       url="/listings/1/", channel="instant")
    assert notification_emails_send(notification_ids=[note.pk]) == 1
    return outbox.outbox[-1]


def password_reset_mail(client, user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    assert client.post("/accounts/password/reset/", {"email": user.email}).status_code == 302
    return outbox.outbox[-1]


def invitation_mail(django_capture_on_commit_callbacks):
    owner = make_member(make_org(), role=Membership.Role.OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(user=owner, organisation=owner.memberships.get().organisation, email="new@example.com",
                          role="editor", site_url="http://testserver")
    return outbox.outbox[-1]


def test_every_kind_of_mail_has_the_same_subject_prefix_and_from_address(client, settings,
                                                                         django_capture_on_commit_callbacks):
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX, settings.DEFAULT_FROM_EMAIL = PREFIX, SENDER
    messages = [password_reset_mail(client, make_user()), notification_mail(make_user()),
                invitation_mail(django_capture_on_commit_callbacks)]
    assert [m.subject.startswith(PREFIX) and m.from_email == SENDER for m in messages] == [True, True, True]


def test_list_unsubscribe_only_on_mail_one_can_unsubscribe_from(client, django_capture_on_commit_callbacks):
    notification = notification_mail(make_user())
    assert notification.extra_headers["List-Unsubscribe"].startswith("<http")
    assert notification.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for message in (password_reset_mail(client, make_user()), invitation_mail(django_capture_on_commit_callbacks)):
        assert "List-Unsubscribe" not in message.message()


def test_the_prefix_is_written_in_the_recipients_language():
    assert notification_mail(make_user(language="en")).subject.startswith("[CultureTech Exchange] ")
    assert notification_mail(make_user(language="zh-hans")).subject.startswith("[文化科技产学研对接平台] ")
