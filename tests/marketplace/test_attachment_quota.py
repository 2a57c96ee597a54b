"""Attachment quotas: at most LISTING_ATTACHMENT_MAX_FILES files per listing and ORGANISATION_ATTACHMENT_MAX_BYTES
for all of an organisation's files, with a clear message at the field (form pages answer 400)."""
import pytest
from django.urls import reverse

from core.exceptions import ApplicationError
from marketplace import services
from marketplace.models import Attachment, Listing
from tests.factories import make_listing

from .conftest import PDF_BYTES, PNG_BYTES, upload
from .test_forms_uploads import need_form

pytestmark = pytest.mark.django_db
S = Listing.Status


@pytest.fixture
def quotas(settings):
    settings.LISTING_ATTACHMENT_MAX_FILES = 2
    settings.ORGANISATION_ATTACHMENT_MAX_BYTES = 3 * len(PDF_BYTES) + 10
    return settings


def add(people, listing, name="a.pdf", content=PDF_BYTES):
    return services.attachment_add(user=people.editor, listing=listing, uploaded_file=upload(name, content))


def test_a_listing_holds_at_most_the_allowed_number_of_files(people, quotas):
    listing = make_listing(people.org, status=S.DRAFT)
    add(people, listing, "1.pdf")
    add(people, listing, "2.pdf")
    with pytest.raises(ApplicationError) as error:
        add(people, listing, "3.pdf")
    assert error.value.field == "file" and "2" in error.value.message
    assert listing.attachments.count() == 2
    # Removing one makes room again.
    services.attachment_delete(user=people.editor, attachment=listing.attachments.first())
    add(people, listing, "3.pdf")


def test_an_organisation_stores_at_most_the_allowed_bytes_over_all_its_listings(people, quotas):
    first, second = make_listing(people.org, status=S.DRAFT), make_listing(people.org, status=S.DRAFT)
    add(people, first, "1.pdf")
    add(people, first, "2.pdf")
    add(people, second, "3.pdf")
    with pytest.raises(ApplicationError) as error:
        add(people, second, "4.pdf")
    assert error.value.field == "file"
    assert Attachment.objects.filter(listing__organisation=people.org).count() == 3
    # Another organisation has its own allowance.
    other = make_listing(people.outsider.memberships.get().organisation, status=S.DRAFT)
    services.attachment_add(user=people.outsider, listing=other, uploaded_file=upload("o.pdf", PDF_BYTES))


def test_the_upload_form_on_the_listing_page_shows_the_quota_at_the_field(client, people, quotas):
    listing = make_listing(people.org, status=S.DRAFT)
    add(people, listing, "1.pdf")
    add(people, listing, "2.pdf")
    client.force_login(people.editor)
    response = client.post(reverse("marketplace:attachment_upload", args=[listing.pk]),
                           {"file": upload("3.png", PNG_BYTES)})
    assert response.status_code == 400
    assert "2" in str(response.context["attachment_form"].errors["file"])
    assert listing.attachments.count() == 2


def test_the_listing_form_refuses_more_files_than_allowed_at_the_files_field(client, people, quotas):
    client.force_login(people.editor)
    files = [upload(f"{n}.pdf", PDF_BYTES) for n in range(3)]
    response = client.post(reverse("marketplace:listing_create"), need_form(people.org, files=files))
    assert response.status_code == 400 and "files" in response.context["form"].errors
    assert not Listing.objects.filter(organisation=people.org).exists()

    listing = make_listing(people.org, status=S.DRAFT)
    add(people, listing, "1.pdf")
    response = client.post(reverse("marketplace:listing_edit", args=[listing.pk]),
                           need_form(people.org, files=[upload("2.pdf", PDF_BYTES), upload("3.pdf", PDF_BYTES)]))
    assert response.status_code == 400 and "files" in response.context["form"].errors
    assert listing.attachments.count() == 1


def test_the_listing_form_refuses_files_beyond_the_organisations_bytes(client, people, quotas):
    quotas.LISTING_ATTACHMENT_MAX_FILES = 10
    listing = make_listing(people.org, status=S.DRAFT)
    for n in range(3):
        add(people, make_listing(people.org, status=S.DRAFT), f"{n}.pdf")
    client.force_login(people.editor)
    response = client.post(reverse("marketplace:listing_edit", args=[listing.pk]),
                           need_form(people.org, files=[upload("big.pdf", PDF_BYTES)]))
    assert response.status_code == 400 and "files" in response.context["form"].errors
    assert not listing.attachments.exists()
