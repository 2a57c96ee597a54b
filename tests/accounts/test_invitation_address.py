"""An invitation joins only the person it was sent to: an account whose confirmed address is the invited one.
Anyone else holding the link is told where the invitation went (masked) and how to proceed."""
import pytest
from allauth.account.models import EmailAddress

from accounts import services
from accounts.models import Membership
from accounts.quoting import mask_email
from tests.factories import confirm_email, make_member, make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(db):
    organisation = make_org(name_zh="邀请测试研究所")
    owner = make_member(organisation, role=Membership.Role.OWNER)
    return services.invitation_create(user=owner, organisation=organisation, email="Colleague@Example.com",
                                      role=Membership.Role.EDITOR)


def token_of(invitation):
    return services.invitation_token(invitation=invitation)


def test_another_account_holding_the_link_cannot_accept(invitation):
    stranger = confirm_email(make_user(email="stranger@example.com"))
    with pytest.raises(services.InvitationError) as error:
        services.invitation_accept(user=stranger, token=token_of(invitation))
    assert error.value.reason == "wrong_account"
    assert "c***e@example.com" in error.value.message and "colleague@" not in error.value.message
    assert not Membership.objects.filter(user=stranger).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None  # still usable by the person it was sent to


def test_the_invited_address_must_be_confirmed(invitation):
    # The account was made with the invited address, but nobody proved they read its mail.
    unconfirmed = make_user(email="colleague@example.com")
    EmailAddress.objects.create(user=unconfirmed, email="colleague@example.com", verified=False, primary=True)
    with pytest.raises(services.InvitationError) as error:
        services.invitation_accept(user=unconfirmed, token=token_of(invitation))
    assert error.value.reason == "wrong_account"


def test_a_confirmed_second_address_matches_whatever_its_case(invitation):
    person = confirm_email(make_user(email="me@elsewhere.example"))
    confirm_email(person, email="COLLEAGUE@example.COM")
    membership = services.invitation_accept(user=person, token=token_of(invitation))
    assert (membership.user, membership.role) == (person, Membership.Role.EDITOR)


def test_the_page_tells_another_account_where_the_invitation_went_and_what_to_do(client, invitation):
    path = services.invitation_path(invitation=invitation)
    stranger = confirm_email(make_user(email="stranger@example.com"))
    client.force_login(stranger)

    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 403 and 'data-testid="invitation-wrong-account"' in html
    assert "c***e@example.com" in html and "colleague@example.com" not in html.lower()
    assert "stranger@example.com" in html  # who you are signed in as
    assert 'data-testid="invitation-sign-out"' in html and f'name="next" value="{path}"' in html
    assert 'data-testid="invitation-accept"' not in html

    posted = client.post(path)
    assert posted.status_code == 403 and b'data-testid="invitation-wrong-account"' in posted.content
    assert not Membership.objects.filter(user=stranger).exists()


def test_the_invited_person_sees_the_accept_button_and_joins(client, invitation):
    path = services.invitation_path(invitation=invitation)
    invitee = confirm_email(make_user(email="colleague@example.com"))
    client.force_login(invitee)
    page = client.get(path)
    assert page.status_code == 200 and b'data-testid="invitation-accept"' in page.content
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=invitee, organisation=invitation.organisation).role == Membership.Role.EDITOR


@pytest.mark.parametrize("email,masked", [
    ("colleague@example.com", "c***e@example.com"),
    ("ab@example.com", "a***@example.com"),
    ("a@example.com", "a***@example.com"),
])
def test_masked_addresses(email, masked):
    assert mask_email(email) == masked
