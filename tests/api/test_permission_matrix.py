"""Every caller against every listing, organisation, credential, webhook and interest endpoint, by session and
by credential. Staff curate but never act for an organisation (accounts.permissions): they get no more than an
outsider wherever an organisation's own business is concerned."""
import pytest

from api.models import ApiCredential, WebhookSubscription
from collaboration.models import Interest, Message
from core.exceptions import PermissionDeniedError
from marketplace.models import Listing
from tests.factories import make_listing

ROLES = ["anonymous", "outsider", "viewer", "editor", "owner", "staff", "credential_own", "credential_other"]


def expect(table):
    return pytest.mark.parametrize("role,status", list(table.items()))


@pytest.fixture
def draft(world):
    return make_listing(org=world.x, status=Listing.Status.DRAFT, kind=Listing.Kind.NEED)


@pytest.fixture
def published(world):
    return make_listing(org=world.x, kind=Listing.Kind.NEED)


@expect({"anonymous": 404, "outsider": 404, "viewer": 200, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 404})
def test_reading_a_draft(clients, draft, role, status):
    assert clients[role].get(f"/api/v1/listings/{draft.pk}/").status_code == status


@expect({role: 200 for role in ROLES})
def test_reading_a_published_public_listing(clients, published, role, status):
    assert clients[role].get(f"/api/v1/listings/{published.pk}/").status_code == status


@expect({"anonymous": 404, "outsider": 404, "viewer": 404, "editor": 404, "owner": 404, "staff": 200,
         "credential_own": 404, "credential_other": 200})
def test_reading_a_listing_for_verified_organisations_only(clients, world, role, status):
    other = make_listing(org=world.y, visibility=Listing.Visibility.VERIFIED)
    assert clients[role].get(f"/api/v1/listings/{other.pk}/").status_code == status


@expect({"anonymous": 401, "outsider": 404, "viewer": 403, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 404})
def test_changing_a_draft(clients, draft, role, status):
    response = clients[role].patch(f"/api/v1/listings/{draft.pk}/", {"title": "新标题"})
    assert response.status_code == status, response.content
    draft.refresh_from_db()
    assert (draft.title == "新标题") == (status == 200)


# 202: the new summary waits for a curator's review (tests/api/test_listing_revisions.py).
@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 202, "owner": 202, "staff": 403,
         "credential_own": 202, "credential_other": 403})
def test_changing_a_published_listing(clients, published, role, status):
    response = clients[role].patch(f"/api/v1/listings/{published.pk}/", {"summary": "新摘要"})
    assert response.status_code == status, response.content


@expect({"anonymous": 401, "outsider": 404, "viewer": 403, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 404})
def test_submitting_a_draft(clients, draft, role, status):
    response = clients[role].post(f"/api/v1/listings/{draft.pk}/submit/")
    assert response.status_code == status, response.content
    draft.refresh_from_db()
    assert (draft.status == Listing.Status.SUBMITTED) == (status == 200)


@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 200, "owner": 200, "staff": 403,
         "credential_own": 200, "credential_other": 403})
def test_closing_a_published_listing(clients, published, role, status):
    response = clients[role].post(f"/api/v1/listings/{published.pk}/close/", {"reason": "fulfilled"})
    assert response.status_code == status, response.content
    published.refresh_from_db()
    assert (published.status == Listing.Status.CLOSED) == (status == 200)


@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 201, "owner": 201, "staff": 403,
         "credential_own": 201, "credential_other": 400})
def test_creating_a_listing_for_organisation_x(clients, world, role, status):
    body = {"organisation": world.x.pk, "kind": "capability", "title": "实时动作捕捉", "summary": "光学动捕系统"}
    response = clients[role].post("/api/v1/listings/", body)
    assert response.status_code == status, response.content
    if status == 201:
        created = Listing.objects.get(pk=response.json()["id"])
        assert created.organisation == world.x and created.status == Listing.Status.DRAFT


@expect({"anonymous": 404, "outsider": 404, "viewer": 200, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 404})
def test_reading_a_rejected_listing(clients, world, role, status):
    # Rejected, the listing is its organisation's to rework: a draft again, not staff's to read.
    rejected = make_listing(org=world.x, status=Listing.Status.REJECTED, rejection_reason="预算不清楚")
    assert clients[role].get(f"/api/v1/listings/{rejected.pk}/").status_code == status


@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 403, "owner": 200, "staff": 403,
         "credential_own": 200, "credential_other": 403})
def test_changing_the_organisation_profile(clients, world, role, status):
    response = clients[role].patch(f"/api/v1/organisations/{world.x.pk}/", {"city": "杭州"})
    assert response.status_code == status, response.content
    world.x.refresh_from_db()
    assert (world.x.city == "杭州") == (status == 200)


@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 403, "owner": 201, "staff": 403,
         "credential_own": 201, "credential_other": 400})
def test_subscribing_webhooks_for_organisation_x(clients, world, role, status):
    body = {"url": "https://partner.example.com/hooks", "events": ["message.posted"], "organisation": world.x.pk}
    response = clients[role].post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == status, response.content
    assert WebhookSubscription.objects.filter(organisation=world.x).exists() == (status == 201)


@expect({"anonymous": 401, "outsider": 0, "viewer": 0, "editor": 0, "owner": 1, "staff": 0,
         "credential_own": 1, "credential_other": 0})
def test_listing_webhook_subscriptions(clients, world, role, status):
    WebhookSubscription.objects.create(organisation=world.x, url="https://partner.example.com/hooks",
                                       events=["message.posted"], secret="s" * 48)
    response = clients[role].get("/api/v1/webhooks/")
    if role == "anonymous":
        assert response.status_code == status
    else:
        assert response.json()["count"] == status


@pytest.mark.parametrize("role", ["owner", "staff", "editor", "outsider"])
def test_only_owners_mint_and_revoke_credentials(world, role):
    from api.services.credentials import credential_create, credential_revoke

    user = getattr(world, role)
    if role == "owner":
        credential, _ = credential_create(user=user, organisation=world.x, name="同步", scopes=["read"])
        assert credential_revoke(user=user, credential=credential).revoked_at is not None
        return
    with pytest.raises(PermissionDeniedError):
        credential_create(user=user, organisation=world.x, name="冒名", scopes=["read", "write"])
    with pytest.raises(PermissionDeniedError):
        credential_revoke(user=user, credential=world.x_credential)
    assert list(ApiCredential.objects.filter(organisation=world.x, revoked_at__isnull=True)) == [world.x_credential]


@pytest.mark.parametrize("role,revoke_status", [("owner", 302), ("staff", 404), ("outsider", 404)])
def test_the_credentials_page_acts_only_for_owned_organisations(client, world, role, revoke_status):
    client.force_login(getattr(world, role))
    client.post("/api/credentials/", {"organisation": world.x.pk, "name": "冒名", "scopes": ["read"]})
    assert ApiCredential.objects.filter(organisation=world.x, name="冒名").exists() == (role == "owner")
    assert client.post(f"/api/credentials/{world.x_credential.pk}/revoke/").status_code == revoke_status
    world.x_credential.refresh_from_db()
    assert (world.x_credential.revoked_at is not None) == (role == "owner")


@pytest.mark.parametrize("role", ["owner", "staff", "outsider"])
def test_the_webhooks_page_acts_only_for_owned_organisations(client, world, role):
    theirs = WebhookSubscription.objects.create(organisation=world.x, url="https://tto.example.edu.cn/hooks",
                                                events=["message.posted"], secret="s" * 48)
    client.force_login(getattr(world, role))
    assert (theirs.url in client.get("/api/webhooks/").content.decode()) == (role == "owner")
    client.post("/api/webhooks/", {"organisation": world.x.pk, "url": "https://spy.example.com/",
                                   "events": ["message.posted"]})
    assert WebhookSubscription.objects.filter(url="https://spy.example.com/").exists() == (role == "owner")
    assert client.post(f"/api/webhooks/{theirs.pk}/delete/").status_code == (302 if role == "owner" else 404)


@pytest.fixture
def thread(world):
    """An accepted interest of organisation Y in X's listing, with one message from each side."""
    listing = make_listing(org=world.x)
    interest = Interest.objects.create(listing=listing, from_organisation=world.y, to_organisation=world.x,
                                       from_user=world.y_owner, message="我们有相关技术", state=Interest.State.ACCEPTED)
    Message.objects.create(interest=interest, author=world.owner, organisation=world.x, body="欢迎来谈")
    return interest


@expect({"anonymous": 401, "outsider": 404, "viewer": 200, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 200})
def test_reading_a_message_thread(clients, thread, role, status):
    assert clients[role].get(f"/api/v1/interests/{thread.pk}/").status_code == status
    assert clients[role].get(f"/api/v1/interests/{thread.pk}/messages/").status_code == status


@expect({"anonymous": 401, "outsider": 404, "viewer": 403, "editor": 201, "owner": 201, "staff": 404,
         "credential_own": 201, "credential_other": 201})
def test_posting_a_message(clients, thread, role, status):
    response = clients[role].post(f"/api/v1/interests/{thread.pk}/messages/", {"body": "下周见"}, format="json")
    assert response.status_code == status, response.content
    assert thread.messages.filter(body="下周见").exists() == (status == 201)


@expect({"anonymous": 401, "outsider": 404, "viewer": 403, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 200})
def test_recording_an_outcome(clients, thread, role, status):
    response = clients[role].post(f"/api/v1/interests/{thread.pk}/outcome/", {"outcome": "started"}, format="json")
    assert response.status_code == status, response.content
    thread.refresh_from_db()
    assert (thread.state == Interest.State.IN_PROGRESS) == (status == 200)


@expect({"anonymous": 401, "outsider": 404, "viewer": 403, "editor": 200, "owner": 200, "staff": 404,
         "credential_own": 200, "credential_other": 403})
def test_answering_an_interest(clients, world, role, status):
    interest = Interest.objects.create(listing=make_listing(org=world.x), from_organisation=world.y,
                                       to_organisation=world.x, from_user=world.y_owner, message="合作？")
    response = clients[role].post(f"/api/v1/interests/{interest.pk}/accept/")
    assert response.status_code == status, response.content
    interest.refresh_from_db()
    assert (interest.state == Interest.State.ACCEPTED) == (status == 200)


@expect({"anonymous": 401, "outsider": 403, "viewer": 403, "editor": 201, "owner": 201, "staff": 403,
         "credential_own": 201, "credential_other": 400})
def test_expressing_interest_for_organisation_x(clients, world, role, status):
    body = {"organisation": world.x.pk, "listing": make_listing(org=world.y).pk, "message": "我们想合作"}
    response = clients[role].post("/api/v1/interests/", body, format="json")
    assert response.status_code == status, response.content
    assert Interest.objects.filter(from_organisation=world.x).exists() == (status == 201)


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_organisations_and_taxonomy(clients, world, role):
    assert clients[role].get("/api/v1/organisations/").status_code == 200
    assert clients[role].get(f"/api/v1/organisations/{world.x.pk}/").status_code == 200
    assert clients[role].get("/api/v1/taxonomy/").status_code == 200


def test_the_list_shows_exactly_what_each_caller_may_see(clients, world, draft, published):
    verified_only = make_listing(org=world.y, visibility=Listing.Visibility.VERIFIED)
    members_only = make_listing(org=world.y, visibility=Listing.Visibility.MEMBERS)
    y_draft = make_listing(org=world.y, status=Listing.Status.DRAFT)
    y_rejected = make_listing(org=world.y, status=Listing.Status.REJECTED)
    submitted = make_listing(org=world.y, status=Listing.Status.SUBMITTED)

    def ids(role):
        return {item["id"] for item in clients[role].get("/api/v1/listings/?page_size=100").json()["results"]}

    assert ids("anonymous") == {published.pk}
    assert ids("outsider") == {published.pk, members_only.pk}
    assert ids("editor") == {published.pk, members_only.pk, draft.pk}
    assert ids("credential_own") == {published.pk, members_only.pk, draft.pk}
    assert ids("credential_other") == {published.pk, members_only.pk, verified_only.pk, y_draft.pk, y_rejected.pk,
                                       submitted.pk}
    assert ids("staff") == {published.pk, members_only.pk, verified_only.pk, submitted.pk}
