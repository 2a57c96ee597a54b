"""Invitations are e-mails the platform sends to anyone: limited per organisation (an hour) and per inviting user
(a day), counted in the cache (Redis, as in production); and the mail quotes the organisation's name as data,
short, on one line, saying whether the platform verified it."""
import time

import pytest
from django.core import mail
from django.utils import translation

from accounts import services
from accounts.models import Invitation, Membership
from core.exceptions import ApplicationError
from tests.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings, redis_client, redis_url, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    # The middle of the first hour of a day: every invitation of a test falls in the same hourly and daily window.
    frozen = int(time.time() // 86400) * 86400 + 1800
    monkeypatch.setattr("time.time", lambda: frozen)
    return redis_client


def invite(owner, organisation, n):
    return services.invitation_create(user=owner, organisation=organisation, email=f"person{n}@example.com",
                                      role=Membership.Role.VIEWER)


def test_an_organisation_sends_at_most_its_hourly_number_of_invitations(redis_cache, settings):
    settings.INVITATIONS_PER_ORGANISATION_PER_HOUR = 3
    organisation, elsewhere = make_org(), make_org()
    owner, co_owner = (make_member(organisation, role=Membership.Role.OWNER) for _ in range(2))
    for n in range(3):
        invite(owner, organisation, n)
    for who in (owner, co_owner):  # the organisation's allowance, whoever sends
        with pytest.raises(ApplicationError) as error:
            invite(who, organisation, 99)
        assert "3" in error.value.message
    assert Invitation.objects.filter(organisation=organisation).count() == 3
    invite(make_member(elsewhere, role=Membership.Role.OWNER), elsewhere, 1)  # other organisations are not held up
    assert any(b"invitations-organisation" in key for key in redis_cache.keys("*"))


def test_a_user_sends_at_most_their_daily_number_of_invitations(redis_cache, settings):
    settings.INVITATIONS_PER_USER_PER_DAY = 2
    first, second, third = make_org(), make_org(), make_org()
    owner = make_member(first, role=Membership.Role.OWNER)
    for organisation in (second, third):
        make_member(organisation, role=Membership.Role.OWNER, user=owner)
    invite(owner, first, 1)
    invite(owner, second, 2)
    with pytest.raises(ApplicationError):
        invite(owner, third, 3)  # a new organisation does not reset the person's allowance
    assert not Invitation.objects.filter(organisation=third).exists()


def test_refused_invitations_do_not_use_up_the_allowance(redis_cache, settings):
    settings.INVITATIONS_PER_ORGANISATION_PER_HOUR = 1
    organisation = make_org()
    owner = make_member(organisation, role=Membership.Role.OWNER)
    with pytest.raises(ApplicationError):
        services.invitation_create(user=owner, organisation=organisation, email=owner.email, role="viewer")
    invite(owner, organisation, 1)


def test_the_members_page_says_the_limit_is_reached_and_sends_nothing(
        redis_cache, settings, client, django_capture_on_commit_callbacks):
    settings.INVITATIONS_PER_ORGANISATION_PER_HOUR = 1
    organisation = make_org()
    client.force_login(make_member(organisation, role=Membership.Role.OWNER))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/orgs/{organisation.slug}/invitations/", {"email": "a@example.com", "role": "editor"})
        second = client.post(f"/orgs/{organisation.slug}/invitations/", {"email": "b@example.com", "role": "editor"})
    assert first.status_code == 302
    assert second.status_code == 400
    assert "1" in str(second.context["invite_form"].non_field_errors())
    assert [message.to for message in mail.outbox] == [["a@example.com"]]


PHISHING_NAME = ("平台安全中心”\r\n您的账户已被冻结，请立即访问 http://evil.example 重新验证“" + "！" * 150)


def send_invitation(organisation, capture):
    owner = make_member(organisation, role=Membership.Role.OWNER)
    with translation.override("en"), capture(execute=True):
        services.invitation_create(user=owner, organisation=organisation, email="target@example.com", role="viewer",
                                   site_url="https://exchange.example")
    (message,) = mail.outbox
    return owner, message


def test_the_mail_quotes_an_unverified_organisations_name_as_short_data(django_capture_on_commit_callbacks):
    organisation = make_org(name_zh=PHISHING_NAME, name_en="")
    owner, message = send_invitation(organisation, django_capture_on_commit_callbacks)
    quoted = "“平台安全中心' 您的账户已被冻结，请立即访问 http://evil.example 重新验证'"
    assert quoted in message.body and quoted in message.subject
    assert "\n您的账户" not in message.body and "\r" not in message.body
    assert "！" * 60 not in message.body  # length-limited
    assert "…”" in message.body
    assert "unverified organisation" in message.subject
    assert "has NOT verified this organisation" in message.body
    assert f"sent by the account {owner.email}" in message.body


def test_the_mail_says_when_the_platform_verified_the_organisation(django_capture_on_commit_callbacks):
    organisation = make_org(name_zh="上海博物馆", name_en="Shanghai Museum", verified=True)
    _, message = send_invitation(organisation, django_capture_on_commit_callbacks)
    assert "“Shanghai Museum”" in message.subject and "unverified" not in message.subject
    assert "CultureTech Exchange has verified this organisation." in message.body
