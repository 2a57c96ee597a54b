import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Membership
from api.services.credentials import credential_create
from tests.factories import make_member, make_org, make_staff, make_user


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    # Throttle counters live in the default cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def issue_credential(org, scopes=("read", "write", "interests", "webhooks"), name="Partner sync"):
    owner = Membership.objects.filter(organisation=org, role=Membership.Role.OWNER).first()
    owner = owner.user if owner else make_member(org, role=Membership.Role.OWNER)
    credential, token = credential_create(user=owner, organisation=org, name=name, scopes=list(scopes))
    return credential, token


def bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def session(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def world(db):
    """Organisation X with an owner, an editor and a viewer; organisation Y (verified) with an owner; an outsider
    without organisation; a staff member; a credential for each organisation."""

    class World:
        pass

    w = World()
    w.x = make_org(name_zh="甲大学")
    w.y = make_org(name_zh="乙公司", verified=True)
    w.owner = make_member(w.x, role=Membership.Role.OWNER)
    w.editor = make_member(w.x, role=Membership.Role.EDITOR)
    w.viewer = make_member(w.x, role=Membership.Role.VIEWER)
    w.y_owner = make_member(w.y, role=Membership.Role.OWNER)
    w.outsider = make_user()
    w.staff = make_staff()
    w.x_credential, w.x_token = issue_credential(w.x)
    w.y_credential, w.y_token = issue_credential(w.y)
    return w


@pytest.fixture
def clients(world):
    """Every kind of caller, by name."""
    w = world
    return {
        "anonymous": APIClient(),
        "outsider": session(w.outsider),
        "viewer": session(w.viewer),
        "editor": session(w.editor),
        "owner": session(w.owner),
        "staff": session(w.staff),
        "credential_own": bearer(w.x_token),
        "credential_other": bearer(w.y_token),
    }
