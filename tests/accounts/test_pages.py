"""The organisation pages: forms with field errors (400, never 500), the dashboard, the public page,
invitation links and the staff queue."""
import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import services
from accounts.models import Invitation, Membership, Organisation
from core.models import AuditEntry
from marketplace.models import Listing
from tests.factories import confirm_email, make_listing, make_member, make_org, make_user

pytestmark = pytest.mark.django_db


def test_creating_an_organisation_makes_me_its_owner_and_shows_it_on_my_dashboard(client):
    me = make_user()
    client.force_login(me)
    response = client.post("/orgs/new/", {
        "kind": "enterprise", "name_zh": "苏州像素动画有限公司", "name_en": "Suzhou Pixel Animation",
        "province": "江苏", "city": "苏州", "metro_area": "yangtze_delta", "website": "pixel.example",
        "description": "动画与虚拟制片。",
    })
    assert response.status_code == 302 and response["Location"] == "/me/"
    organisation = Organisation.objects.get(slug="suzhou-pixel-animation")
    assert organisation.website == "https://pixel.example"
    assert Membership.objects.get(organisation=organisation).user == me

    dashboard = client.get("/me/")
    html = dashboard.content.decode()
    assert 'data-org-slug="suzhou-pixel-animation"' in html
    assert 'data-state="unverified"' in html
    assert 'data-testid="request-verification"' in html


def test_an_invalid_organisation_form_answers_400_with_field_errors(client):
    client.force_login(make_user())
    response = client.post("/orgs/new/", {"kind": "", "name_zh": "", "website": "not a url"})
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("kind", "name_zh", "website"):
        assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert not Organisation.objects.exists()


def test_a_logo_that_is_not_an_image_is_refused_next_to_the_field(client):
    client.force_login(make_user())
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.7 not an image", content_type="image/png")
    response = client.post("/orgs/new/", {"kind": "enterprise", "name_zh": "假图公司", "logo": fake})
    assert response.status_code == 400
    assert 'id="id_logo_error"' in response.content.decode()


def test_owner_edits_the_profile(client):
    organisation = make_org()
    owner = make_member(organisation, role=Membership.Role.OWNER)
    client.force_login(owner)
    response = client.post(f"/orgs/{organisation.slug}/edit/", {
        "kind": "institute", "name_zh": "新名字实验室", "name_en": "", "description": "改写的介绍",
    })
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.kind, organisation.name_zh, organisation.description) == (
        "institute", "新名字实验室", "改写的介绍"
    )
    bad = client.post(f"/orgs/{organisation.slug}/edit/", {"kind": "institute", "name_zh": ""})
    assert bad.status_code == 400


def test_the_dashboard_counts_listings_by_status_for_each_organisation(client):
    organisation = make_org()
    viewer = make_member(organisation, role=Membership.Role.VIEWER)
    for status in ["draft", "draft", "submitted", "published"]:
        make_listing(org=organisation, status=status)
    make_listing(org=make_org(), status="published")  # someone else's
    client.force_login(viewer)
    html = client.get("/me/").content.decode()
    counts = dict(re.findall(r'data-status="(\w+)"><span class="stat__value">(\d+)<', html))
    assert counts == {"draft": "2", "submitted": "1", "published": "1", "rejected": "0", "closed": "0",
                      "expired": "0"}
    # Viewers see the members but cannot request verification.
    assert 'data-testid="org-members"' in html
    assert 'data-testid="request-verification"' not in html


def test_the_dashboard_invites_me_to_register_when_i_have_no_organisation(client):
    client.force_login(make_user())
    assert b'data-testid="no-organisation"' in client.get("/me/").content


def test_the_public_page_shows_only_published_listings_the_visitor_may_read(client):
    organisation = make_org(name_zh="公开页测试公司", description="我们做数字博物馆。")
    public = make_listing(org=organisation, title="公开的能力", visibility=Listing.Visibility.PUBLIC)
    members_only = make_listing(org=organisation, kind=Listing.Kind.NEED, title="会员可见的需求",
                                visibility=Listing.Visibility.MEMBERS)
    draft = make_listing(org=organisation, title="还是草稿", status=Listing.Status.DRAFT)
    anonymous_html = client.get(f"/orgs/{organisation.slug}/").content.decode()
    assert public.title in anonymous_html and "我们做数字博物馆。" in anonymous_html
    assert members_only.title not in anonymous_html and draft.title not in anonymous_html

    client.force_login(make_user())
    signed_in_html = client.get(f"/orgs/{organisation.slug}/").content.decode()
    assert members_only.title in signed_in_html and draft.title not in signed_in_html


def test_the_public_page_of_a_missing_organisation_is_a_helpful_404(client):
    response = client.get("/orgs/no-such-organisation/")
    assert response.status_code == 404
    assert b'data-testid="error-404"' in response.content


# --- invitations through the web ---


@pytest.fixture
def invited(db, django_capture_on_commit_callbacks, client):
    organisation = make_org(name_zh="邀请测试研究所")
    owner = make_member(organisation, role=Membership.Role.OWNER)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/orgs/{organisation.slug}/invitations/",
                               {"email": "colleague@example.com", "role": "editor"})
    assert response.status_code == 302
    client.logout()
    (message,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", message.body).group(1)
    return organisation, owner, path


def test_an_invitation_link_from_the_e_mail_joins_the_invited_address(client, invited):
    organisation, owner, path = invited
    page = client.get(path)
    assert page.status_code == 200 and b'data-testid="invitation"' in page.content
    anonymous_post = client.post(path)
    assert anonymous_post.status_code == 302 and anonymous_post["Location"].startswith("/accounts/login/")

    someone = confirm_email(make_user(email="colleague@example.com"))
    client.force_login(someone)
    assert client.post(path).status_code == 302
    assert Membership.objects.get(organisation=organisation, user=someone).role == "editor"
    again = client.get(path)
    assert again.status_code == 400 and b'data-reason="used"' in again.content


def test_an_expired_invitation_link_shows_a_clear_error(client, invited, monkeypatch):
    organisation, owner, path = invited
    real_time = __import__("time").time
    monkeypatch.setattr("time.time", lambda: real_time() + services.INVITATION_MAX_AGE + 1)
    client.force_login(make_user())
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert b'data-reason="expired"' in response.content
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_a_forged_invitation_link_shows_a_clear_error(client, invited):
    organisation, owner, path = invited
    forged = path.replace("/invitations/", "/invitations/1").rstrip("/")[:-3] + "xyz/"
    client.force_login(make_user())
    response = client.post(forged)
    assert response.status_code == 400 and b'data-reason="invalid"' in response.content
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_an_invalid_invitation_form_answers_400(client):
    organisation = make_org()
    client.force_login(make_member(organisation, role=Membership.Role.OWNER))
    response = client.post(f"/orgs/{organisation.slug}/invitations/", {"email": "nope", "role": "king"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_email_error"' in html and 'id="id_role_error"' in html
    assert not Invitation.objects.exists()


def test_the_last_owner_cannot_step_down_through_the_members_page(client):
    organisation = make_org()
    owner = make_member(organisation, role=Membership.Role.OWNER)
    mine = Membership.objects.get(user=owner)
    client.force_login(owner)
    demote = client.post(f"/orgs/{organisation.slug}/members/{mine.pk}/role/", {"role": "viewer"})
    leave = client.post(f"/orgs/{organisation.slug}/members/{mine.pk}/remove/")
    assert demote.status_code == 400 and leave.status_code == 400
    assert Membership.objects.get(pk=mine.pk).role == "owner"


def test_api_credentials_do_not_show_among_the_members(client):
    from api.services.credentials import credential_create

    organisation = make_org()
    owner = make_member(organisation, role=Membership.Role.OWNER)
    credential, _ = credential_create(user=owner, organisation=organisation, name="TTO sync", scopes=["read"])
    client.force_login(owner)

    page = client.get(f"/orgs/{organisation.slug}/members/").content.decode()

    assert owner.email in page
    assert credential.service_user.email not in page and page.count('data-testid="member-row"') == 1
    # It shows as what its creator made, which stops when they are no longer an owner (api.services.creator_rights).
    assert 'data-testid="member-credential">TTO sync' in page


# --- staff ---


def test_staff_reject_needs_a_reason_and_the_decision_shows_on_the_dashboard(client, django_user_model):
    organisation = make_org()
    owner = make_member(organisation, role=Membership.Role.OWNER)
    services.organisation_request_verification(user=owner, organisation=organisation)
    staff = make_user(is_staff=True)
    client.force_login(staff)
    queue = client.get("/staff/organisations/")
    assert f'data-org-slug="{organisation.slug}"'.encode() in queue.content

    empty = client.post(f"/staff/organisations/{organisation.pk}/reject/", {f"org{organisation.pk}-reason": "  "})
    assert empty.status_code == 400
    assert f'id="id_org{organisation.pk}-reason_error"'.encode() in empty.content
    assert Organisation.objects.get(pk=organisation.pk).verification == "pending"

    client.post(f"/staff/organisations/{organisation.pk}/reject/", {f"org{organisation.pk}-reason": "请补充营业执照"})
    assert Organisation.objects.get(pk=organisation.pk).verification == "rejected"
    entry = AuditEntry.objects.get(action="organisation.reject_verification")
    assert (entry.actor, entry.reason) == (staff, "请补充营业执照")

    client.force_login(owner)
    html = client.get("/me/").content.decode()
    assert 'data-state="rejected"' in html and "请补充营业执照" in html
    assert 'data-testid="request-verification"' in html


def test_approving_twice_is_a_clear_400_not_a_500(client):
    organisation = make_org()
    owner = make_member(organisation, role=Membership.Role.OWNER)
    services.organisation_request_verification(user=owner, organisation=organisation)
    client.force_login(make_user(is_staff=True))
    assert client.post(f"/staff/organisations/{organisation.pk}/approve/").status_code == 302
    assert client.post(f"/staff/organisations/{organisation.pk}/approve/").status_code == 400
    assert client.get(f"/orgs/{organisation.slug}/").content.count(b'data-state="verified"') >= 1


def test_the_only_owner_is_told_to_hand_over_before_leaving(client):
    organisation = make_org()
    owner = make_member(organisation, role=Membership.Role.OWNER)
    client.force_login(owner)
    html = client.get(f"/orgs/{organisation.slug}/members/").content.decode()
    assert 'data-testid="last-owner-note"' in html and 'data-testid="leave-organisation"' not in html
    make_member(organisation, role=Membership.Role.OWNER)
    html = client.get(f"/orgs/{organisation.slug}/members/").content.decode()
    assert 'data-testid="leave-organisation"' in html


def test_my_pending_invitations_show_on_my_dashboard(client):
    organisation = make_org(name_zh="仪表盘邀请测试馆")
    owner = make_member(organisation, role=Membership.Role.OWNER)
    services.invitation_create(user=owner, organisation=organisation, email="invitee@example.com", role="viewer")
    client.force_login(make_user(email="invitee@example.com"))
    html = client.get("/me/").content.decode()
    assert 'data-testid="my-invitations"' in html and "/invitations/" in html


def test_someone_new_signs_up_from_the_invitation_and_comes_back_to_it(client, invited):
    organisation, owner, path = invited
    page = client.get(path).content.decode()
    assert f'/accounts/signup/?next={quote(path)}' in page
    mail.outbox.clear()
    client.post(f"/accounts/signup/?next={path}", {
        "display_name": "新同事", "email": "colleague@example.com", "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9", "next": path,
    })
    confirm = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    response = client.post(confirm)
    assert response["Location"] == path
    client.post(path)
    assert Membership.objects.get(organisation=organisation, user__email="colleague@example.com").role == "editor"
