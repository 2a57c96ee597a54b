"""The 403 page speaks to the situation: a staff page says it is for staff (no organisation can open it); an
organisation's page tells a non-member to ask an owner for an invitation and a member to ask for a role."""
import pytest

from accounts.models import Membership
from tests.factories import make_listing, make_member, make_org, make_user

pytestmark = pytest.mark.django_db


def refusal(client, path):
    response = client.get(path)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="error-403"' in html
    return html


@pytest.mark.parametrize("path", ["/staff/organisations/", "/staff/moderation/"])
def test_a_staff_page_tells_a_firm_user_it_is_for_staff(client, path):
    client.force_login(make_member(make_org(kind="enterprise"), role=Membership.Role.OWNER,
                                   user=make_user(display_name="周雨桐")))
    html = refusal(client, path)
    assert 'data-situation="staff"' in html and "周雨桐" in html
    assert "invite" not in html.lower() and "邀请" not in html


def test_a_non_member_is_told_to_ask_an_owner_for_an_invitation(client):
    organisation = make_org(name_zh="云栖数字博物馆")
    client.force_login(make_user())
    html = refusal(client, f"/orgs/{organisation.slug}/members/")
    assert 'data-situation="invitation"' in html and "云栖数字博物馆" in html and "邀请" in html


def test_a_member_without_the_role_is_told_who_can_change_it(client):
    organisation = make_org()
    client.force_login(make_member(organisation, role=Membership.Role.VIEWER))
    assert 'data-situation="role"' in refusal(client, f"/orgs/{organisation.slug}/edit/")
    listing = make_listing(organisation)
    assert 'data-situation="role"' in refusal(client, f"/listings/{listing.pk}/edit/")


def test_in_english_too(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.force_login(make_user())
    html = refusal(client, "/staff/organisations/")
    assert "This page is for platform staff." in html and "not a staff account" in html
