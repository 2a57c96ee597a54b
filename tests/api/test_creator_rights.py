"""Credentials and webhook subscriptions stop when whoever created them loses the right to: an owner removed,
leaving, demoted, deactivated or deleted; a credential revoked (for the subscriptions made with it). Each stop
has an audit entry; the remaining owners are told; the members page shows what each owner's departure stops."""
import pytest

from accounts import services as accounts
from accounts.models import Membership
from api.models import WebhookSubscription
from core.models import AuditEntry
from marketplace.models import Listing
from tests.factories import make_listing, make_member

from .conftest import bearer, issue_credential


@pytest.fixture
def departing(world, django_capture_on_commit_callbacks):
    """X's first owner minted x_credential and subscribed a webhook by session; a second owner stays."""
    world.other_owner = make_member(world.x, role=Membership.Role.OWNER)
    world.subscription = WebhookSubscription.objects.create(
        organisation=world.x, url="https://tto.example.edu.cn/hooks", events=["message.posted"], secret="s" * 48,
        created_by=world.owner)
    world.draft = make_listing(org=world.x, status=Listing.Status.DRAFT)
    assert bearer(world.x_token).get(f"/api/v1/listings/{world.draft.pk}/").status_code == 200
    return world


def membership(world, user):
    return Membership.objects.get(organisation=world.x, user=user)


def remove(world):
    accounts.membership_remove(user=world.other_owner, membership=membership(world, world.owner))


def leave(world):
    accounts.membership_remove(user=world.owner, membership=membership(world, world.owner))


def demote(world):
    accounts.membership_set_role(user=world.other_owner, membership=membership(world, world.owner), role="editor")


def deactivate(world):
    world.owner.is_active = False
    world.owner.save()


def delete(world):
    world.owner.delete()


LOSSES = {"removed": remove, "removed by leaving": leave, "demoted": demote, "deactivated": deactivate,
          "deleted": delete}


@pytest.mark.parametrize("loss", list(LOSSES))
def test_what_an_owner_created_stops_when_they_lose_owner_rights(departing, loss, django_capture_on_commit_callbacks,
                                                                  mailoutbox):
    world = departing
    email = world.owner.email
    with django_capture_on_commit_callbacks(execute=True):
        LOSSES[loss](world)

    assert bearer(world.x_token).get(f"/api/v1/listings/{world.draft.pk}/").status_code == 401
    assert bearer(world.x_token).patch(f"/api/v1/listings/{world.draft.pk}/", {"title": "改"}).status_code == 401
    world.x_credential.refresh_from_db()
    world.subscription.refresh_from_db()
    assert world.x_credential.revoked_at is not None and world.subscription.is_paused

    revoke = AuditEntry.objects.get(action="api_credential.revoke", target_id=world.x_credential.pk)
    pause = AuditEntry.objects.get(action="webhook.pause", target_id=world.subscription.pk)
    reason = {"removed by leaving": "removed"}.get(loss, loss)
    assert revoke.data == pause.data == {"creator": email, "reason": reason}

    told = [message for message in mailoutbox if world.x_credential.name in message.body]
    assert [message.to for message in told] == [[world.other_owner.email]]
    assert world.subscription.url in told[0].body


def test_other_owners_credentials_and_the_editors_departure_change_nothing(departing,
                                                                           django_capture_on_commit_callbacks):
    world = departing
    kept, kept_token = issue_credential(world.x, name="Second owner's sync")
    kept.created_by = world.other_owner
    kept.save()
    with django_capture_on_commit_callbacks(execute=True):
        remove(world)
        accounts.membership_remove(user=world.other_owner, membership=membership(world, world.editor))
    kept.refresh_from_db()
    assert kept.revoked_at is None
    assert bearer(kept_token).get(f"/api/v1/listings/{world.draft.pk}/").status_code == 200


def test_a_webhook_made_with_a_credential_lives_as_long_as_the_credential(world,
                                                                          django_capture_on_commit_callbacks):
    response = bearer(world.x_token).post("/api/v1/webhooks/", {"url": "https://tto.example.edu.cn/hooks",
                                                                "events": ["message.posted"]}, format="json")
    subscription = WebhookSubscription.objects.get(pk=response.json()["id"])
    second = make_member(world.x, role=Membership.Role.OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        remove_first = Membership.objects.get(organisation=world.x, user=world.owner)
        accounts.membership_remove(user=second, membership=remove_first)
    subscription.refresh_from_db()
    assert subscription.is_paused  # the credential went with its creator, and the webhook with the credential

    # The remaining owner resumes it and answers for it from then on.
    from api.services.webhooks import subscription_update

    subscription_update(user=second, subscription=subscription, paused=False)
    subscription.refresh_from_db()
    assert not subscription.is_paused and subscription.created_by == second


def test_the_members_page_lists_what_each_owner_created(client, departing):
    world = departing
    client.force_login(world.other_owner)
    page = client.get(f"/orgs/{world.x.slug}/members/").content.decode()
    row = page[page.index(f'data-member-email="{world.owner.email}"'):]
    row = row[:row.index("</li>")]
    assert f"{world.x_credential.name} (ctx_{world.x_credential.prefix}_…)" in row
    assert world.subscription.url in row
    client.force_login(world.viewer)  # only owners manage members, and only they see this
    assert 'data-testid="member-creations"' not in client.get(f"/orgs/{world.x.slug}/members/").content.decode()


def test_the_owners_are_told_in_their_own_language_prefix_included(departing, django_capture_on_commit_callbacks,
                                                                    mailoutbox):
    world = departing
    world.other_owner.language = "en"
    world.other_owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        remove(world)
    [told] = [message for message in mailoutbox if message.to == [world.other_owner.email]]
    assert told.subject.startswith("[CultureTech Exchange] API access of")
