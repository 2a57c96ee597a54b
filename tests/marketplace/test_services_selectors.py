"""Services added for attachments and bulk loading, the read selectors, the taxonomy data and the admin."""
import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ApplicationError, PermissionDeniedError
from core.models import AuditEntry, OutboxEvent
from marketplace import selectors, services
from marketplace.models import Attachment, Listing, Sector, Technology
from marketplace.taxonomy import TAXONOMY_FILE, load_taxonomy
from tests.factories import make_listing, make_member, make_org, make_sector, make_user

from .conftest import PDF_BYTES, upload

pytestmark = pytest.mark.django_db
S = Listing.Status


def test_the_taxonomy_ships_with_the_migrations_in_file_order_and_reloads_idempotently():
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    assert list(Sector.objects.values_list("slug", flat=True)) == [term["slug"] for term in data["sectors"]]
    assert Technology.objects.count() == len(data["technologies"])
    first = data["sectors"][0]
    sector = Sector.objects.get(slug=first["slug"])
    assert (sector.name_zh, sector.name_en, sector.position) == (first["name_zh"], first["name_en"], 0)
    assert sector.label("en") == first["name_en"] and sector.label("zh-hans") == first["name_zh"]
    sector.name_en = "Edited by staff"
    sector.save()
    load_taxonomy(sector_model=Sector, technology_model=Technology)
    assert Sector.objects.count() == len(data["sectors"])


def test_listing_create_sets_taxonomy_and_cleans_keywords(people):
    sector = make_sector()
    listing = services.listing_create(
        user=people.editor, organisation=people.org, kind=Listing.Kind.CAPABILITY, title="Light-field display",
        summary="Glasses-free 3D for museums.", keywords="光场，裸眼3D、光场, museum", sectors=[sector],
        trl_min=6, trl_max=9,
    )
    assert listing.status == S.DRAFT and listing.keywords == ["光场", "裸眼3D", "museum"]
    assert (listing.trl_min, listing.trl_max) == (6, 6)
    assert list(listing.sectors.all()) == [sector]


def test_attachment_add_checks_the_editor_role(people, pdf_file):
    listing = make_listing(people.org, status=S.DRAFT)
    for user in (people.viewer, people.outsider, AnonymousUser()):
        with pytest.raises(PermissionDeniedError):
            services.attachment_add(user=user, listing=listing, uploaded_file=upload("a.pdf", PDF_BYTES))
    attachment = services.attachment_add(user=people.editor, listing=listing, uploaded_file=pdf_file)
    assert (attachment.original_name, attachment.size, attachment.uploaded_by) == (
        "brochure.pdf", len(PDF_BYTES), people.editor)
    assert AuditEntry.objects.filter(action="listing.attachment_add", target_id=listing.pk).exists()


def test_no_attachments_on_a_closed_listing(people, pdf_file):
    listing = make_listing(people.org, status=S.CLOSED)
    with pytest.raises(ApplicationError):
        services.attachment_add(user=people.editor, listing=listing, uploaded_file=pdf_file)


def test_attachment_delete_removes_the_row_and_the_file(people, pdf_file, settings, django_capture_on_commit_callbacks):
    listing = make_listing(people.org, status=S.DRAFT)
    attachment = services.attachment_add(user=people.editor, listing=listing, uploaded_file=pdf_file)
    path = settings.MEDIA_ROOT / attachment.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(user=people.owner, attachment=attachment)
    assert not Attachment.objects.exists() and not path.exists()


def test_listing_import_published_matches_what_the_workflow_leaves(people):
    listing = services.listing_import(
        organisation=people.org, kind=Listing.Kind.NEED, status=S.PUBLISHED,
        data={"title": "Imported need", "summary": "From a partner file.", "external_id": "X-1",
              "deadline": timezone.localdate() + datetime.timedelta(days=5)},
    )
    seen = list(OutboxEvent.objects.filter(payload__listing_id=listing.pk).values_list("type", flat=True))
    assert listing.status == S.PUBLISHED and listing.published_at and listing.submitted_at
    assert listing.external_id == "X-1" and seen == ["listing.published"]
    assert listing in selectors.published_visible_to(AnonymousUser())


def test_listing_import_dry_run_writes_nothing_and_still_validates(people):
    listing = services.listing_import(organisation=people.org, kind="need", data={"title": "T", "summary": "S"},
                                      dry_run=True)
    assert listing.pk is None and not Listing.objects.exists()
    with pytest.raises(ValidationError):
        services.listing_import(organisation=people.org, kind="need", data={"title": "T", "summary": "S",
                                                                           "ip_status": "bogus"}, dry_run=True)


def test_editable_organisations_are_those_with_an_editor_or_owner_role(people):
    second = make_org()
    make_member(second, role="viewer", user=people.editor)
    assert list(selectors.listing_editable_organisations(user=people.editor)) == [people.org]
    assert not selectors.listing_editable_organisations(user=people.viewer).exists()
    assert not selectors.listing_editable_organisations(user=AnonymousUser()).exists()


def test_sector_counts_follow_visibility(people):
    sector = make_sector()
    make_listing(people.org, sectors=[sector])
    make_listing(people.org, sectors=[sector], visibility="members")
    make_listing(people.org, sectors=[sector], status=S.DRAFT)
    counts = {s.slug: s.n for s in selectors.sectors_with_counts(user=AnonymousUser())}
    assert counts == {sector.slug: 1}
    counts = {s.slug: s.n for s in selectors.sectors_with_counts(user=people.outsider)}
    assert counts == {sector.slug: 2}


def test_attachment_download_selector_applies_the_listing_visibility(people, pdf_file):
    draft = make_listing(people.org, status=S.DRAFT)
    attachment = services.attachment_add(user=people.editor, listing=draft, uploaded_file=pdf_file)
    assert selectors.attachment_for_download(user=people.viewer, listing_id=draft.pk, attachment_id=attachment.pk)
    for user in (AnonymousUser(), people.outsider, people.staff):
        with pytest.raises(Attachment.DoesNotExist):
            selectors.attachment_for_download(user=user, listing_id=draft.pk, attachment_id=attachment.pk)


def test_the_admin_lists_listings_and_approves_through_the_service(client, people):
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = make_listing(people.org, status=S.SUBMITTED)
    assert client.get(reverse("admin:marketplace_listing_changelist")).status_code == 200
    assert client.get(reverse("admin:marketplace_listing_change", args=[listing.pk])).status_code == 200
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:marketplace_sector_changelist")).status_code == 200
    response = client.post(reverse("admin:marketplace_listing_changelist"),
                           {"action": "approve", "_selected_action": [listing.pk]})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == S.PUBLISHED
    assert AuditEntry.objects.filter(action="listing.approve", actor=admin, target_id=listing.pk).exists()


def test_the_admin_reject_action_asks_for_a_reason(client, people):
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = make_listing(people.org, status=S.SUBMITTED)
    url = reverse("admin:marketplace_listing_changelist")
    response = client.post(url, {"action": "reject", "_selected_action": [listing.pk]})
    assert response.status_code == 200 and b'name="reason"' in response.content
    client.post(url, {"action": "reject", "_selected_action": [listing.pk], "apply": "1", "reason": "Too vague."})
    listing.refresh_from_db()
    assert (listing.status, listing.rejection_reason) == (S.REJECTED, "Too vague.")
