"""Credentials: created and revoked by owners on /api/credentials/, shown once, stored hashed, scoped."""
import hashlib
import re

import pytest

from accounts.models import Membership
from api.models import ApiCredential
from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_org

from .conftest import bearer, issue_credential


def test_an_owner_creates_a_credential_and_sees_the_token_once(client, world):
    client.force_login(world.owner)
    response = client.post("/api/credentials/", {"organisation": world.x.pk, "name": "TTO sync",
                                                 "scopes": ["read", "write"]}, follow=True)
    assert response.status_code == 200
    token = re.search(r'data-testid="token-value">([^<]+)<', response.content.decode()).group(1)
    credential = ApiCredential.objects.get(name="TTO sync")
    assert credential.scopes == ["read", "write"] and credential.organisation == world.x
    secret = token.split("_", 2)[2]
    assert credential.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiCredential.objects.filter(pk=credential.pk).values().first())

    page = client.get("/api/credentials/").content.decode()
    assert credential.prefix in page and token not in page
    assert bearer(token).get("/api/v1/listings/").status_code == 200


@pytest.mark.parametrize("role", [Membership.Role.EDITOR, Membership.Role.VIEWER])
def test_editors_and_viewers_cannot_create_credentials(client, world, role):
    user = world.editor if role == Membership.Role.EDITOR else world.viewer
    client.force_login(user)
    page = client.get("/api/credentials/")
    assert 'data-testid="not-owner"' in page.content.decode()
    client.post("/api/credentials/", {"organisation": world.x.pk, "name": "Sneaky", "scopes": ["read"]})
    assert not ApiCredential.objects.filter(name="Sneaky").exists()


def test_the_credentials_page_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/api/credentials/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_owner_revokes_a_credential_and_it_stops_working(client, world):
    client.force_login(world.owner)
    assert bearer(world.x_token).get("/api/v1/listings/").status_code == 200
    response = client.post(f"/api/credentials/{world.x_credential.pk}/revoke/")
    assert response.status_code == 302
    world.x_credential.refresh_from_db()
    assert world.x_credential.revoked_at is not None
    assert bearer(world.x_token).get("/api/v1/listings/").status_code == 401


def test_an_owner_cannot_revoke_another_organisations_credential(client, world):
    client.force_login(world.owner)
    assert client.post(f"/api/credentials/{world.y_credential.pk}/revoke/").status_code == 404
    assert bearer(world.y_token).get("/api/v1/listings/").status_code == 200


def test_last_use_is_recorded(world):
    assert world.x_credential.last_used_at is None
    bearer(world.x_token).get("/api/v1/taxonomy/")
    world.x_credential.refresh_from_db()
    assert world.x_credential.last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ctx_00000000_wrong", "Bearer a b", "Bearer"])
def test_a_bad_token_is_refused_with_401(api, world, header):
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/listings/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "detail" in response.json()


def test_a_tampered_secret_with_a_real_prefix_is_refused(world):
    tampered = world.x_token[:-3] + ("aaa" if not world.x_token.endswith("aaa") else "bbb")
    assert bearer(tampered).get("/api/v1/listings/").status_code == 401


# Scopes ------------------------------------------------------------------------------------------------------


def test_a_read_only_credential_reads_but_cannot_write(world):
    _, token = issue_credential(world.x, scopes=["read"], name="read only")
    client = bearer(token)
    listing = make_listing(org=world.x)
    assert client.get(f"/api/v1/listings/{listing.pk}/").status_code == 200
    response = client.post("/api/v1/listings/", {"kind": "need", "title": "t", "summary": "s"})
    assert response.status_code == 403 and "write" in response.json()["detail"]
    assert client.patch(f"/api/v1/listings/{listing.pk}/", {"title": "x"}).status_code == 403
    assert client.post(f"/api/v1/listings/{listing.pk}/close/", {"reason": "withdrawn"}).status_code == 403


def test_a_write_only_credential_cannot_read(world):
    _, token = issue_credential(world.x, scopes=["write"], name="write only")
    client = bearer(token)
    assert client.get("/api/v1/listings/").status_code == 403
    response = client.post("/api/v1/listings/", {"kind": "need", "title": "标题", "summary": "摘要"})
    assert response.status_code == 201


def test_a_credential_acts_only_for_its_organisation(world):
    response = bearer(world.x_token).post("/api/v1/listings/", {"kind": "need", "title": "标题", "summary": "摘要"})
    assert response.status_code == 201
    assert response.json()["organisation"]["id"] == world.x.pk
    foreign = make_listing(org=make_org(), status=Listing.Status.PUBLISHED)
    assert bearer(world.x_token).patch(f"/api/v1/listings/{foreign.pk}/", {"title": "x"}).status_code == 403


def test_a_session_user_of_two_organisations_must_name_one(world, api):
    make_member(world.y, role=Membership.Role.EDITOR, user=world.editor)
    api.force_login(world.editor)
    response = api.post("/api/v1/listings/", {"kind": "need", "title": "标题", "summary": "摘要"})
    assert response.status_code == 400 and "organisation" in response.json()["errors"]
    response = api.post("/api/v1/listings/", {"kind": "need", "title": "标题", "summary": "摘要",
                                              "organisation": world.y.pk})
    assert response.status_code == 201


def test_the_session_api_requires_csrf_for_writes(world):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.editor)
    response = client.post("/api/v1/listings/", {"kind": "need", "title": "标题", "summary": "摘要"})
    assert response.status_code == 403
