"""The admin changes listings only through the services: content edits by those who may edit the listing go
through listing_update (audited, recorded in the outbox, refusals shown as form errors); curators read listings
there and decide with the actions; nobody creates a listing around the workflow."""
import pytest
from django.urls import reverse

from accounts.models import Membership
from core.models import AuditEntry, OutboxEvent
from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_user

pytestmark = pytest.mark.django_db
S = Listing.Status


@pytest.fixture
def staff_editor(people):
    """Platform staff who is also an editor of the lab: they may write its listings, here as on the site."""
    user = make_user(is_staff=True, is_superuser=True)
    make_member(people.org, role=Membership.Role.EDITOR, user=user)
    return user


def change_url(listing):
    return reverse("admin:marketplace_listing_change", args=[listing.pk])


def form_data(client, listing, **changes):
    """The change form as the admin page fills it, with `changes` typed in."""
    form = client.get(change_url(listing)).context["adminform"].form
    data = {"attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0", "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "0"}
    for name in form.fields:
        value = changes.get(name, form.initial.get(name))
        if isinstance(value, (list, tuple)):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = str(value)
    return data


def test_an_editor_who_is_staff_edits_through_the_service(client, people, staff_editor):
    listing = make_listing(people.org, kind=Listing.Kind.NEED, status=S.DRAFT, title="Old title")
    client.force_login(staff_editor)
    response = client.post(change_url(listing), form_data(client, listing, title="New title"))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "New title"
    entry = AuditEntry.objects.get(target_id=listing.pk, action="listing.update")
    assert entry.actor == staff_editor and entry.data == {"fields": ["title"]}
    assert OutboxEvent.objects.filter(type="listing.updated", payload__listing_id=listing.pk).count() == 1


def test_a_refused_change_comes_back_as_a_field_error(client, people, staff_editor):
    listing = make_listing(people.org, kind=Listing.Kind.NEED, status=S.DRAFT, budget_min=10, budget_max=20)
    client.force_login(staff_editor)
    response = client.post(change_url(listing), form_data(client, listing, budget_min=50))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["budget_min"]
    listing.refresh_from_db()
    assert listing.budget_min == 10 and not AuditEntry.objects.filter(target_id=listing.pk).exists()


def test_curators_read_listings_in_the_admin_and_write_none(client, people):
    curator = make_user(is_staff=True, is_superuser=True)
    listing = make_listing(people.org, status=S.PUBLISHED, title="Published title")
    client.force_login(curator)
    assert client.get(change_url(listing)).status_code == 200
    data = {"title": "Changed by a curator", "summary": listing.summary}
    assert client.post(change_url(listing), data).status_code == 403
    assert client.get(reverse("admin:marketplace_listing_add")).status_code == 403
    listing.refresh_from_db()
    assert listing.title == "Published title"
