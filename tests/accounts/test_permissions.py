"""Who may do what with an organisation, through the web: anonymous visitors, signed-in outsiders, viewers,
editors, owners and staff, over every organisation action. Each allowed action also has its effect; each
refused one leaves everything as it was."""
import pytest

from accounts import services
from accounts.models import Invitation, Membership, Organisation
from tests.factories import make_member, make_org, make_staff, make_user

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, LOGIN = "ok", "forbidden", "login"


class World:
    def __init__(self):
        self.org = make_org(name_zh="权限测试大学", name_en="Permission University")
        self.users = {
            "anonymous": None,
            "outsider": make_user(),
            "viewer": make_member(self.org, role=Membership.Role.VIEWER),
            "editor": make_member(self.org, role=Membership.Role.EDITOR),
            "owner": make_member(self.org, role=Membership.Role.OWNER),
            "staff": make_staff(),
        }
        self.target = make_member(self.org, role=Membership.Role.VIEWER)
        self.target_membership = Membership.objects.get(user=self.target, organisation=self.org)

    def make_pending(self):
        services.organisation_request_verification(user=self.users["owner"], organisation=self.org)

    def verification(self):
        return Organisation.objects.get(pk=self.org.pk).verification


def org_url(world, suffix=""):
    return f"/orgs/{world.org.slug}/{suffix}"


# action name -> (method, url, data, setup, effect): effect(world) is True once the action has happened.
ACTIONS = {
    "view public page": ("get", lambda w: org_url(w), None, None, None),
    "open edit form": ("get", lambda w: org_url(w, "edit/"), None, None, None),
    "save profile": (
        "post", lambda w: org_url(w, "edit/"),
        {"kind": "university", "name_zh": "改过的名字", "name_en": "Permission University", "description": ""},
        None, lambda w: Organisation.objects.get(pk=w.org.pk).name_zh == "改过的名字",
    ),
    "see members": ("get", lambda w: org_url(w, "members/"), None, None, None),
    "change a role": (
        "post", lambda w: org_url(w, f"members/{w.target_membership.pk}/role/"), {"role": "editor"}, None,
        lambda w: Membership.objects.get(pk=w.target_membership.pk).role == "editor",
    ),
    "remove a member": (
        "post", lambda w: org_url(w, f"members/{w.target_membership.pk}/remove/"), {}, None,
        lambda w: not Membership.objects.filter(pk=w.target_membership.pk).exists(),
    ),
    "invite": (
        "post", lambda w: org_url(w, "invitations/"), {"email": "guest@example.com", "role": "viewer"}, None,
        lambda w: Invitation.objects.filter(organisation=w.org, email="guest@example.com").exists(),
    ),
    "request verification": (
        "post", lambda w: org_url(w, "verification/"), {}, None, lambda w: w.verification() == "pending",
    ),
    "open staff queue": ("get", lambda w: "/staff/organisations/", None, None, None),
    "approve verification": (
        "post", lambda w: f"/staff/organisations/{w.org.pk}/approve/", {}, World.make_pending,
        lambda w: w.verification() == "verified",
    ),
    "reject verification": (
        "post", lambda w: f"/staff/organisations/{w.org.pk}/reject/",
        {"org{pk}-reason": "材料不全"}, World.make_pending, lambda w: w.verification() == "rejected",
    ),
}

ORG_ACTIONS = ["open edit form", "save profile", "change a role", "remove a member", "invite", "request verification"]
STAFF_ACTIONS = ["open staff queue", "approve verification", "reject verification"]


def expected(role, action):
    if action == "view public page":
        return OK
    if role == "anonymous":
        return LOGIN
    if action == "see members":
        return OK if role in {"viewer", "editor", "owner"} else FORBIDDEN
    if action in ORG_ACTIONS:
        return OK if role == "owner" else FORBIDDEN
    if action in STAFF_ACTIONS:
        return OK if role == "staff" else FORBIDDEN
    raise AssertionError(action)


ROLES = ["anonymous", "outsider", "viewer", "editor", "owner", "staff"]


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role, action):
    world = World()
    method, url, data, setup, effect = ACTIONS[action]
    if setup:
        setup(world)
    if data:
        data = {key.replace("{pk}", str(world.org.pk)): value for key, value in data.items()}
    if world.users[role] is not None:
        client.force_login(world.users[role])
    response = getattr(client, method)(url(world), data or {})
    outcome = expected(role, action)

    if outcome == OK:
        assert response.status_code in {200, 302}, response.content[:500]
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
        if effect:
            assert effect(world), f"{role} was allowed to {action} but nothing happened"
    elif outcome == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        if effect:
            assert not effect(world)
    else:
        assert response.status_code == 403
        assert b'data-testid="error-403"' in response.content
        if effect:
            assert not effect(world), f"{role} was refused to {action} but it happened anyway"


@pytest.mark.parametrize("action", ["approve verification", "reject verification"])
def test_a_curator_does_not_decide_the_verification_of_their_own_organisation(client, action):
    world = World()
    curator = make_member(world.org, role=Membership.Role.VIEWER, user=make_staff())
    world.make_pending()
    method, url, data, _setup, effect = ACTIONS[action]
    client.force_login(curator)
    queue = client.get("/staff/organisations/").content.decode()
    assert 'data-testid="verification-not-yours"' in queue and 'data-testid="verification-approve"' not in queue
    data = {key.replace("{pk}", str(world.org.pk)): value for key, value in (data or {}).items()}
    response = getattr(client, method)(url(world), data)
    assert response.status_code == 403
    assert not effect(world) and world.verification() == "pending"
