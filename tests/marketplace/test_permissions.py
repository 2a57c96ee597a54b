"""Who may do what to a listing, through the web pages: anonymous, a signed-in outsider, the owning
organisation's viewer, editor and owner, and staff. Invisible listings are 404 (a draft is never revealed),
forbidden actions on visible ones are 403, anonymous writers are sent to sign in. Staff read what curation needs
(awaiting review, published) and never decide about their own organisation's listings."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from marketplace import services
from marketplace.models import Listing
from marketplace.revisions import listing_revision_approve
from tests.factories import make_listing, make_member, make_org, make_staff

from .conftest import PDF_BYTES, upload

pytestmark = pytest.mark.django_db
S, V = Listing.Status, Listing.Visibility
ACTORS = ["anonymous", "outsider", "viewer", "editor", "owner", "staff"]
FUTURE = timezone.localdate() + datetime.timedelta(days=30)


def client_for(client, people, actor):
    if actor != "anonymous":
        client.force_login(getattr(people, actor))
    return client


def row(expected):
    """A table row: one expectation per actor, in ACTORS order."""
    return dict(zip(ACTORS, expected.split(), strict=True))


# --- viewing: status x visibility -> status code per actor (the lab is unverified; the outsider's org too) ---
VIEW = {
    **{(S.DRAFT, visibility): row("404 404 200 200 200 404") for visibility in V.values},
    **{(S.SUBMITTED, visibility): row("404 404 200 200 200 200") for visibility in V.values},
    (S.PUBLISHED, V.PUBLIC): row("200 200 200 200 200 200"),
    (S.PUBLISHED, V.MEMBERS): row("404 200 200 200 200 200"),
    (S.PUBLISHED, V.VERIFIED): row("404 404 200 200 200 200"),
    # Rejected, a listing is its organisation's draft again; closed, it may never have been submitted.
    (S.REJECTED, V.PUBLIC): row("404 404 200 200 200 404"),
    (S.CLOSED, V.PUBLIC): row("404 404 200 200 200 404"),
}
VIEW_CASES = [(status, visibility, actor, int(code)) for (status, visibility), codes in VIEW.items()
              for actor, code in codes.items()]


@pytest.mark.parametrize("status,visibility,actor,expected", VIEW_CASES,
                         ids=[f"{s}-{v}-{a}" for s, v, a, _ in VIEW_CASES])
def test_view_listing_and_download_its_attachment(client, people, status, visibility, actor, expected):
    listing = make_listing(people.org, status=status, visibility=visibility)
    attachment = services.attachment_add(user=people.owner, listing=listing,
                                         uploaded_file=upload("plan.pdf", PDF_BYTES)) if status != S.CLOSED else None
    if attachment is not None and attachment.revision is not None:
        # A file added to a published listing is served to others once approved (tests/marketplace/test_revisions.py).
        listing_revision_approve(user=people.staff, revision=attachment.revision)
    client = client_for(client, people, actor)
    assert client.get(listing.get_absolute_url()).status_code == expected
    if attachment:
        response = client.get(reverse("marketplace:attachment_download", args=[listing.pk, attachment.pk]))
        assert response.status_code == expected
        if expected == 200:
            assert b"".join(response.streaming_content) == PDF_BYTES
            assert response["Content-Type"] == "application/pdf"


def test_a_verified_organisation_member_reads_verified_only_listings(client, people):
    listing = make_listing(people.org, status=S.PUBLISHED, visibility=V.VERIFIED)
    client.force_login(people.verified_member)
    assert client.get(listing.get_absolute_url()).status_code == 200


# --- actions: (method, url name, starting status, post data) -> expected response per actor ---
# 302 = sent to sign in, 303 = done (redirect back), 403 = visible but forbidden, 404 = not visible.
# Staff moderate (approve, reject, feature) but never write another organisation's listing.
ACTIONS = {
    "edit-page": ("get", "marketplace:listing_edit", S.PUBLISHED, {}, row("302 403 403 200 200 403"), None),
    "edit-draft": ("get", "marketplace:listing_edit", S.DRAFT, {}, row("302 404 403 200 200 404"), None),
    "submit": ("post", "marketplace:listing_submit", S.DRAFT, {}, row("302 404 403 303 303 404"), S.SUBMITTED),
    "unsubmit": ("post", "marketplace:listing_unsubmit", S.SUBMITTED, {}, row("302 404 403 303 303 403"), S.DRAFT),
    "close": ("post", "marketplace:listing_close", S.PUBLISHED, {"reason": "fulfilled"},
              row("302 403 403 303 303 403"), S.CLOSED),
    "approve": ("post", "marketplace:listing_approve", S.SUBMITTED, {}, row("403 403 403 403 403 303"), S.PUBLISHED),
    "reject": ("post", "marketplace:listing_reject", S.SUBMITTED, {"reason": "Add the budget."},
               row("403 403 403 403 403 303"), S.REJECTED),
    "feature": ("post", "marketplace:listing_feature", S.PUBLISHED, {"featured": "1"},
                row("403 403 403 403 403 303"), S.PUBLISHED),
    "upload": ("post", "marketplace:attachment_upload", S.PUBLISHED, "file", row("302 403 403 303 303 403"), None),
}
ACTION_CASES = [(name, actor, int(code)) for name, spec in ACTIONS.items() for actor, code in spec[4].items()]


@pytest.mark.parametrize("name,actor,expected", ACTION_CASES, ids=[f"{n}-{a}" for n, a, _ in ACTION_CASES])
def test_listing_actions(client, people, name, actor, expected):
    method, url_name, status, data, _, status_after = ACTIONS[name]
    listing = make_listing(people.org, status=status, deadline=FUTURE)
    client = client_for(client, people, actor)
    if data == "file":
        data = {"file": upload("deck.pdf", PDF_BYTES)}
    response = getattr(client, method)(reverse(url_name, args=[listing.pk]), data)
    assert response.status_code == expected
    listing.refresh_from_db()
    if expected == 303 and status_after:
        assert listing.status == status_after
    elif method == "post":
        assert listing.status == status
    if name == "feature":
        assert listing.featured is (expected == 303)
    if name == "upload":
        assert listing.attachments.count() == (1 if expected == 303 else 0)
    if expected == 302:
        assert reverse("account_login") in response["Location"]


CURATION = {
    "approve": ("marketplace:listing_approve", S.SUBMITTED, {}),
    "reject": ("marketplace:listing_reject", S.SUBMITTED, {"reason": "Add the budget."}),
    "feature": ("marketplace:listing_feature", S.PUBLISHED, {"featured": "1"}),
}


@pytest.mark.parametrize("name", list(CURATION))
def test_curators_do_not_decide_about_their_own_organisations_listings(client, people, name):
    url_name, status, data = CURATION[name]
    curator = make_member(people.org, role=Membership.Role.VIEWER, user=make_staff())
    listing = make_listing(people.org, status=status, deadline=FUTURE)
    client.force_login(curator)
    response = client.post(reverse(url_name, args=[listing.pk]), data)
    assert response.status_code == 403
    assert f'data-testid="error-reason">您是{people.org.name_zh}的成员' in response.content.decode()
    listing.refresh_from_db()
    assert (listing.status, listing.featured) == (status, False)


def test_the_moderation_queue_shows_a_curators_own_listings_as_not_theirs_to_decide(client, people):
    curator = make_member(people.org, role=Membership.Role.EDITOR, user=make_staff())
    own = make_listing(people.org, status=S.SUBMITTED)
    other = make_listing(make_org(), status=S.SUBMITTED)
    client.force_login(curator)
    page = client.get(reverse("marketplace:moderation_queue")).content.decode()
    assert f'data-testid="approve-{other.pk}"' in page and f'data-testid="not-yours-{other.pk}"' not in page
    assert f'data-testid="approve-{own.pk}"' not in page and f'data-testid="not-yours-{own.pk}"' in page
    detail = client.get(own.get_absolute_url()).content.decode()
    assert 'data-testid="approve-listing"' not in detail


def test_a_rejection_from_the_listing_page_lands_on_the_queue(client, people):
    listing = make_listing(people.org, status=S.SUBMITTED)
    client.force_login(people.staff)
    response = client.post(reverse("marketplace:listing_reject", args=[listing.pk]), {"reason": "Add the budget."})
    assert response.status_code == 303 and response["Location"] == reverse("marketplace:moderation_queue")


MODERATION = row("403 403 403 403 403 200")


@pytest.mark.parametrize("actor", ACTORS)
def test_moderation_queue_is_for_staff_only(client, people, actor):
    client = client_for(client, people, actor)
    assert client.get(reverse("marketplace:moderation_queue")).status_code == int(MODERATION[actor])


def test_deleting_an_attachment_needs_an_editor(client, people, pdf_file):
    listing = make_listing(people.org, status=S.PUBLISHED)
    attachment = services.attachment_add(user=people.editor, listing=listing, uploaded_file=pdf_file)
    url = reverse("marketplace:attachment_delete", args=[listing.pk, attachment.pk])
    client.force_login(people.viewer)
    assert client.post(url).status_code == 403
    client.force_login(people.outsider)
    assert client.post(url).status_code == 403
    client.force_login(people.owner)
    assert client.post(url).status_code == 303
    assert not listing.attachments.exists()


def test_creating_needs_an_editor_role_somewhere(client, people):
    client.force_login(people.loner)
    assert client.get(reverse("marketplace:listing_create")).status_code == 403
    client.force_login(people.viewer)
    assert client.get(reverse("marketplace:listing_create")).status_code == 403
    client.force_login(people.editor)
    assert client.get(reverse("marketplace:listing_create")).status_code == 200
    client.logout()
    assert client.get(reverse("marketplace:listing_create")).status_code == 302


def test_counts_and_pages_never_show_what_the_visitor_may_not_read(client, people):
    make_listing(people.org, status=S.PUBLISHED, visibility=V.PUBLIC, title="Open capability")
    make_listing(people.org, status=S.PUBLISHED, visibility=V.MEMBERS, title="Members capability")
    make_listing(people.org, status=S.DRAFT, title="Secret draft")
    response = client.get(reverse("marketplace:home"))
    assert response.context["counts"]["capabilities"] == 1
    page = client.get(reverse("matching:search")).content.decode()
    assert "Open capability" in page and "Members capability" not in page and "Secret draft" not in page
    client.force_login(people.outsider)
    assert client.get(reverse("marketplace:home")).context["counts"]["capabilities"] == 2
    page = client.get(reverse("matching:search")).content.decode()
    assert "Members capability" in page and "Secret draft" not in page
