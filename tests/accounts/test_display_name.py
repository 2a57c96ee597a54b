"""People are known by a display name, asked at sign-up; the site never shows them as their e-mail address."""
import pytest
from django.apps import apps as django_apps
from django.utils.module_loading import import_string

from accounts.models import Membership, User, name_from_email
from collaboration import services as collaboration
from tests.factories import make_listing, make_member, make_org, make_user

pytestmark = pytest.mark.django_db

SIGN_UP = {"email": "wang.fang@example.edu.cn", "password1": "a-long-pass-phrase-9",
           "password2": "a-long-pass-phrase-9"}


def test_sign_up_asks_for_a_display_name(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'name="display_name"' in page
    assert page.index('name="display_name"') < page.index('name="email"')

    response = client.post("/accounts/signup/", SIGN_UP)
    assert response.status_code == 200  # re-rendered with the error next to the field
    assert 'id="id_display_name_error"' in response.content.decode() or "errorlist" in response.content.decode()
    assert not User.objects.exists()

    client.post("/accounts/signup/", {**SIGN_UP, "display_name": "  王芳  "})
    assert User.objects.get().display_name == "王芳"


def test_a_name_made_of_spaces_is_refused(client):
    response = client.post("/accounts/signup/", {**SIGN_UP, "display_name": "   "})
    assert response.status_code == 200
    assert not User.objects.exists()


def test_existing_accounts_without_a_name_get_one_made_from_the_address_local_part():
    user = make_user(email="li.wei_2@example.com")
    User.objects.filter(pk=user.pk).update(display_name="")
    fill = import_string("accounts.migrations.0002_user_display_name.fill_display_names")
    fill(django_apps, None)
    user.refresh_from_db()
    assert user.display_name == "Li Wei 2"
    assert "@" not in name_from_email("x@example.com") and name_from_email("") == "—"


def test_the_dashboard_and_the_members_page_show_names_not_addresses(client):
    organisation = make_org()
    owner = make_member(organisation, role=Membership.Role.OWNER,
                        user=make_user(email="owner.secret@example.com", display_name="赵主任"))
    colleague = make_member(organisation, user=make_user(email="colleague.secret@example.com",
                                                         display_name="钱工程师"))
    client.force_login(owner)
    dashboard = client.get("/me/").content.decode()
    assert "赵主任" in dashboard and "钱工程师" in dashboard
    assert "owner.secret@example.com" not in dashboard and "colleague.secret@example.com" not in dashboard

    client.force_login(colleague)
    members = client.get(f"/orgs/{organisation.slug}/members/").content.decode()
    assert "<strong>赵主任</strong>" in members


def test_a_message_thread_names_its_authors_on_the_page_and_in_the_api(client):
    lab, firm = make_org(kind="institute"), make_org(kind="enterprise")
    lab_owner = make_member(lab, role="owner", user=make_user(email="lab.owner@example.com", display_name="孙教授"))
    firm_editor = make_member(firm, user=make_user(email="firm.editor@example.com", display_name="Ms Zhou"))
    listing = make_listing(lab)
    interest = collaboration.interest_send(user=firm_editor, listing=listing, organisation=firm,
                                           message="Hello", proposal="", collaboration_type=None)
    collaboration.interest_accept(user=lab_owner, interest=interest)
    collaboration.message_post(user=firm_editor, interest=interest, body="Shall we meet?")

    client.force_login(lab_owner)
    thread = client.get(interest.get_absolute_url()).content.decode()
    thread = thread[thread.index('data-testid="thread"'):]
    thread = thread[:thread.index("</section>")]
    assert "Ms Zhou" in thread and "firm.editor@example.com" not in thread

    data = client.get(f"/api/v1/interests/{interest.pk}/messages/").json()
    assert [row["author"] for row in data["results"]] == ["Ms Zhou"]


def test_people_change_their_display_name_on_their_profile(client):
    user = make_user(display_name="Old name")
    client.force_login(user)
    assert client.post("/me/profile/", {"display_name": ""}).status_code == 400
    response = client.post("/me/profile/", {"display_name": "New name"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "New name"
    assert "New name" in client.get("/me/").content.decode()
