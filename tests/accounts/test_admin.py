"""The Django admin pages of accounts open for a superuser."""
import pytest

from tests.factories import make_member, make_org, make_user

pytestmark = pytest.mark.django_db


def test_admin_pages_open(client):
    admin = make_user(is_staff=True, is_superuser=True)
    organisation = make_org()
    member = make_member(organisation)
    client.force_login(admin)
    for path in [
        "/admin/accounts/user/", f"/admin/accounts/user/{member.pk}/change/", "/admin/accounts/user/add/",
        "/admin/accounts/organisation/", f"/admin/accounts/organisation/{organisation.pk}/change/",
        "/admin/accounts/organisation/?verification__exact=pending", "/admin/accounts/membership/",
        "/admin/accounts/invitation/",
    ]:
        assert client.get(path).status_code == 200, path


def test_admin_creates_a_user_by_e_mail(client):
    from accounts.models import User

    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.post("/admin/accounts/user/add/", {
        "email": "Added.By.Admin@Example.com", "name": "管理员添加", "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9", "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content[:2000]
    assert User.objects.filter(email="added.by.admin@example.com").exists()
