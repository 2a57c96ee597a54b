"""Edits after approval do not skip review: a change to what readers see of a published listing, or a new file,
waits as the listing's pending revision; the published version stays visible (and indexed) until a curator
approves it; rejecting keeps the published version and tells the owners why. The deadline and a narrower
audience apply at once."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ApplicationError, PermissionDeniedError
from core.models import AuditEntry
from marketplace import services
from marketplace.models import Attachment, Listing, ListingRevision
from marketplace.revisions import listing_revision_approve, listing_revision_reject, pending_revision, proposed_listing
from notifications.models import Notification
from tests.factories import make_listing, make_member, make_org, make_sector, make_staff
from tests.fixtures.search import use_elasticsearch  # noqa: F401

from .conftest import PDF_BYTES, upload
from .test_forms_uploads import need_form

pytestmark = pytest.mark.django_db
S, V, R = Listing.Status, Listing.Visibility, ListingRevision.Status


@pytest.fixture
def published(people):
    listing = make_listing(people.org, kind=Listing.Kind.NEED, title="Cloud rendering for museums",
                           summary="Stream 3D halls to phones.", description="Forty halls.",
                           sectors=[make_sector("museums-heritage")], trl_min=4, trl_max=8)
    return listing


def audit_actions(listing):
    return list(AuditEntry.objects.filter(target_type="marketplace.listing", target_id=listing.pk)
                .order_by("pk").values_list("action", flat=True))


def test_an_edit_of_public_text_waits_for_review_and_the_published_version_stays(client, people, published):
    games = make_sector("games")
    services.listing_update(user=people.editor, listing=published, title="Buy cheap followers here",
                            description="Call +86 138 0000 0000", sectors=[games])
    published.refresh_from_db()
    assert (published.title, published.description) == ("Cloud rendering for museums", "Forty halls.")
    assert [s.slug for s in published.sectors.all()] == ["museums-heritage"]
    assert published.status == S.PUBLISHED

    revision = pending_revision(published)
    assert revision.changes == {"title": "Buy cheap followers here", "description": "Call +86 138 0000 0000",
                                "sectors": [games.pk]}
    assert revision.proposed_by == people.editor
    assert "listing.revision_propose" in audit_actions(published)

    html = client.get(published.get_absolute_url()).content.decode()  # anyone
    assert "Cloud rendering for museums" in html and "followers" not in html
    assert 'data-testid="revision-pending"' not in html
    client.force_login(people.viewer)
    assert 'data-testid="revision-pending"' in client.get(published.get_absolute_url()).content.decode()


def test_later_edits_update_the_one_pending_revision_and_edits_back_drop_out(people, published):
    services.listing_update(user=people.editor, listing=published, title="A better title")
    services.listing_update(user=people.owner, listing=published, summary="A better summary.")
    assert ListingRevision.objects.filter(listing=published).count() == 1
    assert pending_revision(published).changes == {"title": "A better title", "summary": "A better summary."}
    # The new values are checked together with the pending ones.
    with pytest.raises(ApplicationError):
        services.listing_update(user=people.editor, listing=published, trl_min=9, trl_max=5)
    services.listing_update(user=people.editor, listing=published, title="Cloud rendering for museums",
                            summary="Stream 3D halls to phones.")
    assert not ListingRevision.objects.filter(listing=published).exists()


def test_the_deadline_and_a_narrower_audience_apply_at_once(people, published):
    deadline = timezone.localdate() + datetime.timedelta(days=90)
    services.listing_update(user=people.editor, listing=published, deadline=deadline, visibility=V.VERIFIED)
    published.refresh_from_db()
    assert (published.deadline, published.visibility) == (deadline, V.VERIFIED)
    assert pending_revision(published) is None
    # A wider audience is a change of who reads it: reviewed.
    services.listing_update(user=people.editor, listing=published, visibility=V.PUBLIC)
    published.refresh_from_db()
    assert published.visibility == V.VERIFIED and pending_revision(published).changes == {"visibility": V.PUBLIC}


def test_approving_publishes_the_values_and_files_and_tells_the_owners(
        people, published, django_capture_on_commit_callbacks):
    games = make_sector("games")
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_update(user=people.editor, listing=published, title="Cloud rendering for museums and games",
                                sectors=[games])
        pdf = services.attachment_add(user=people.editor, listing=published, uploaded_file=upload("plan.pdf",
                                                                                                 PDF_BYTES))
    revision = pending_revision(published)
    assert pdf.revision == revision
    staff_notice = Notification.objects.filter(recipient=people.staff, type="moderation").get()
    assert "Cloud rendering for museums" in staff_notice.body

    with pytest.raises(PermissionDeniedError):
        listing_revision_approve(user=people.owner, revision=revision)
    with django_capture_on_commit_callbacks(execute=True):
        listing_revision_approve(user=people.staff, revision=revision)
    published.refresh_from_db()
    assert published.title == "Cloud rendering for museums and games"
    assert [s.slug for s in published.sectors.all()] == ["games"]
    assert Attachment.objects.get(pk=pdf.pk).revision is None
    revision.refresh_from_db()
    assert (revision.status, revision.decided_by) == (R.APPROVED, people.staff)
    assert audit_actions(published)[-1] == "listing.revision_approve"
    assert Notification.objects.filter(recipient=people.owner, type="listing_review").exists()
    with pytest.raises(ApplicationError):
        listing_revision_approve(user=people.staff, revision=revision)  # decided once


def test_a_curator_of_the_listings_own_organisation_is_not_asked_to_review_its_changes(
        people, published, django_capture_on_commit_callbacks):
    member_curator = make_member(people.org, user=make_staff())
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_update(user=people.editor, listing=published, title="Cloud rendering for all museums")
    asked = Notification.objects.filter(type="moderation").values_list("recipient_id", flat=True)
    assert people.staff.pk in asked and member_curator.pk not in asked
    assert Notification.objects.get(recipient=people.staff, type="moderation").listing_id == published.pk


def test_rejecting_keeps_the_published_version_drops_the_files_and_says_why(
        client, people, published, settings, django_capture_on_commit_callbacks):
    services.listing_update(user=people.editor, listing=published, title="Totally different")
    pdf = services.attachment_add(user=people.editor, listing=published, uploaded_file=upload("x.pdf", PDF_BYTES))
    stored = settings.MEDIA_ROOT / pdf.file.name
    revision = pending_revision(published)
    with pytest.raises(ApplicationError):
        listing_revision_reject(user=people.staff, revision=revision, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        listing_revision_reject(user=people.staff, revision=revision, reason="The title no longer says what it is.")
    published.refresh_from_db()
    assert published.title == "Cloud rendering for museums"
    assert not Attachment.objects.filter(pk=pdf.pk).exists() and not stored.exists()
    assert audit_actions(published)[-1] == "listing.revision_reject"
    notice = Notification.objects.get(recipient=people.owner, type="listing_review")
    assert "The title no longer says what it is." in notice.body
    client.force_login(people.owner)
    html = client.get(published.get_absolute_url()).content.decode()
    assert 'data-testid="revision-rejected"' in html and "The title no longer says what it is." in html


def test_a_file_added_to_a_published_listing_is_served_to_others_only_once_approved(client, people, published):
    pdf = services.attachment_add(user=people.editor, listing=published, uploaded_file=upload("plan.pdf", PDF_BYTES))
    url = reverse("marketplace:attachment_download", args=[published.pk, pdf.pk])
    assert client.get(url).status_code == 404
    assert "plan.pdf" not in client.get(published.get_absolute_url()).content.decode()
    for insider in (people.viewer, people.staff):
        client.force_login(insider)
        assert client.get(url).status_code == 200
    client.force_login(people.viewer)
    assert 'data-testid="attachment-pending"' in client.get(published.get_absolute_url()).content.decode()

    listing_revision_approve(user=people.staff, revision=pdf.revision)
    client.logout()
    assert client.get(url).status_code == 200
    assert "plan.pdf" in client.get(published.get_absolute_url()).content.decode()


def test_removing_the_only_pending_file_withdraws_the_revision(people, published):
    pdf = services.attachment_add(user=people.editor, listing=published, uploaded_file=upload("plan.pdf", PDF_BYTES))
    services.attachment_delete(user=people.editor, attachment=pdf)
    assert not ListingRevision.objects.filter(listing=published).exists()


def test_the_moderation_queue_shows_revisions_beside_submissions_with_a_readable_diff(client, people, published):
    submitted = make_listing(people.org, status=S.SUBMITTED, submitted_at=timezone.now(), title="A new need")
    services.listing_update(user=people.editor, listing=published, title="Cloud rendering for museums and games",
                            trl_min=5, description="")
    client.force_login(people.staff)
    html = client.get(reverse("marketplace:moderation_queue")).content.decode()
    revision = pending_revision(published)
    assert f'data-listing-id="{submitted.pk}"' in html
    assert f'data-revision-id="{revision.pk}"' in html
    assert "<span>Cloud rendering for museums</span><ins> and games</ins>" in html
    assert "<del>Forty halls.</del>" in html
    assert "<del>4</del><span> → </span><ins>5</ins>" in html

    response = client.post(reverse("marketplace:revision_approve", args=[revision.pk]))
    assert response.status_code == 303
    published.refresh_from_db()
    assert published.title == "Cloud rendering for museums and games" and published.trl_min == 5
    queue = client.get(reverse("marketplace:moderation_queue")).content.decode()
    assert f'data-revision-id="{revision.pk}"' not in queue


def test_curators_reject_from_the_queue_with_a_reason(client, people, published):
    services.listing_update(user=people.editor, listing=published, summary="Spam spam spam spam.")
    revision = pending_revision(published)
    client.force_login(people.staff)
    url = reverse("marketplace:revision_reject", args=[revision.pk])
    client.post(url, {"reason": ""})
    assert pending_revision(published) == revision  # no reason, no decision
    assert client.post(url, {"reason": "Not about the listing."}).status_code == 303
    revision.refresh_from_db()
    assert (revision.status, revision.rejection_reason) == (R.REJECTED, "Not about the listing.")
    client.force_login(people.owner)
    assert client.post(reverse("marketplace:revision_approve", args=[revision.pk])).status_code in {403, 404}


def test_the_web_form_saves_a_revision_and_shows_the_pending_values_when_edited_again(client, people, published):
    client.force_login(people.editor)
    url = reverse("marketplace:listing_edit", args=[published.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="review-notice"' in page
    data = need_form(people.org, title="Cloud rendering for museums, revised", summary="Stream 3D halls to phones.",
                     description="Forty halls.", trl_min="4", trl_max="8", budget_min="", budget_max="",
                     province="", city="", metro_area="", remote_ok="", visibility="public", keywords="",
                     sectors=[published.sectors.get().pk])
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    published.refresh_from_db()
    assert published.title == "Cloud rendering for museums"
    revision = pending_revision(published)
    assert revision.changes["title"] == "Cloud rendering for museums, revised"
    assert 'value="Cloud rendering for museums, revised"' in client.get(url).content.decode()


def test_closing_drops_the_pending_revision_and_expiry_folds_it_in(people, published):
    other = make_listing(people.org, title="Other need", deadline=timezone.localdate() - datetime.timedelta(days=1))
    services.listing_update(user=people.editor, listing=published, title="Never reviewed")
    services.listing_update(user=people.editor, listing=other, title="Reviewed again on resubmission")
    services.listing_close(user=people.owner, listing=published, reason="withdrawn")
    published.refresh_from_db()
    assert published.title == "Cloud rendering for museums" and not ListingRevision.objects.filter(
        listing=published).exists()
    services.listings_expire()
    other.refresh_from_db()
    assert (other.status, other.title) == (S.EXPIRED, "Reviewed again on resubmission")
    assert not ListingRevision.objects.filter(listing=other).exists()


def test_proposed_listing_is_a_copy(people, published):
    services.listing_update(user=people.editor, listing=published, title="Proposed")
    shown, terms = proposed_listing(published, pending_revision(published))
    assert shown.title == "Proposed" and published.title == "Cloud rendering for museums"
    assert terms["sectors"] == [published.sectors.get().pk]


@pytest.mark.elasticsearch
@pytest.mark.django_db(transaction=True)
def test_the_index_keeps_the_published_text_until_the_changes_are_approved(use_elasticsearch,  # noqa: F811
                                                                             require_postgres):
    from matching.backends import SearchQuery
    from matching.backends.elasticsearch import ElasticsearchBackend

    def indexed(text):
        results = ElasticsearchBackend().search(SearchQuery(text=text, viewer=AnonymousUser(), page_size=20))
        return {hit.listing_id for hit in results.hits}

    org, staff = make_org(), make_staff()
    editor = make_member(org)
    listing = services.listing_create(user=editor, organisation=org, kind=Listing.Kind.CAPABILITY,
                                      title="Photogrammetry of bronze vessels", summary="Museum-grade 3D scans.")
    services.listing_submit(user=editor, listing=listing)
    services.listing_publish(user=staff, listing=listing)
    assert listing.pk in indexed("photogrammetry")

    services.listing_update(user=editor, listing=listing, title="Holographic karaoke engine")
    assert listing.pk in indexed("photogrammetry") and listing.pk not in indexed("karaoke")
    listing_revision_approve(user=staff, revision=pending_revision(listing))
    assert listing.pk in indexed("karaoke") and listing.pk not in indexed("photogrammetry")
