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
        "email": "Added.By.Admin@Example.com", "display_name": "管理员添加", "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9", "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content[:2000]
    assert User.objects.get(email="added.by.admin@example.com").display_name == "管理员添加"


def _verified_staff(password):
    from allauth.account.models import EmailAddress

    staff = make_user(password=password, is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    return staff


def test_the_admin_login_sends_people_to_the_sites_login_page(client):
    from django.urls import reverse

    login = reverse("admin:login")
    response = client.get(login)
    assert response.status_code == 302  # no password form of its own
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    response = client.post(login, {"username": "someone@example.com", "password": "guess"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session

    staff = _verified_staff("a-long-pass-phrase-9")
    page = client.get(reverse("admin:index"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("account_login") + "?next=%2Fadmin%2F"
    response = client.post(page.redirect_chain[-1][0], {"login": staff.email, "password": "a-long-pass-phrase-9"})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_wrong_passwords_on_the_admins_login_hit_allauths_limit(client, settings):
    from allauth.account.adapter import get_adapter
    from django.core.cache import cache
    from django.urls import reverse

    del settings.ACCOUNT_RATE_LIMITS  # the test settings switch them off; allauth's defaults apply
    cache.clear()
    staff = _verified_staff("a-long-pass-phrase-9")
    login = client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0]
    too_many = str(get_adapter().error_messages["too_many_login_attempts"])
    for _ in range(5):
        response = client.post(login, {"login": staff.email, "password": "wrong-guess"})
        assert response.status_code == 200 and too_many not in response.content.decode()
    # The limit holds even for the right password now.
    response = client.post(login, {"login": staff.email, "password": "a-long-pass-phrase-9"})
    assert too_many in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_the_admin_path_is_a_setting_from_the_environment():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.demo", "DJANGO_ADMIN_URL": "manage-7f3c/"}
    code = "from django.urls import reverse; print(reverse('admin:index'), reverse('admin:login'))"
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["/manage-7f3c/", "/manage-7f3c/login/"], result.stderr
