"""User files are never served as pages of the site's origin: every attachment and logo is a download under a
safe name with the extension of the type its bytes showed, with nosniff and a sandboxing CSP, through the views
that check who may read it."""
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts import services as accounts_services
from core.downloads import safe_download_name
from marketplace import services
from marketplace.models import Listing
from tests.factories import make_listing, make_org

from .conftest import HTML_BYTES, PDF_BYTES, PNG_BYTES, upload

pytestmark = pytest.mark.django_db


def assert_served_as_download(response, content_type, filename, body):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == body


@pytest.fixture
def published_with_files(people):
    listing = make_listing(people.org, status=Listing.Status.DRAFT)
    pdf = services.attachment_add(user=people.editor, listing=listing,
                                  uploaded_file=upload("poly.html", PDF_BYTES, "text/html"))
    png = services.attachment_add(user=people.editor, listing=listing,
                                  uploaded_file=upload("shell.php", PNG_BYTES, "application/x-php"))
    services.listing_submit(user=people.editor, listing=listing)
    services.listing_publish(user=people.staff, listing=listing)
    return listing, pdf, png


def test_attachments_come_back_as_downloads_named_after_their_detected_type(client, published_with_files):
    listing, pdf, png = published_with_files
    assert pdf.file.name.endswith(".pdf") and png.file.name.endswith(".png")  # stored under our extension too
    for attachment, content_type, filename, body in ((pdf, "application/pdf", "poly.pdf", PDF_BYTES),
                                                     (png, "image/png", "shell.png", PNG_BYTES)):
        response = client.get(reverse("marketplace:attachment_download", args=[listing.pk, attachment.pk]))
        assert_served_as_download(response, content_type, filename, body)


def test_the_listing_page_offers_the_safe_name(client, published_with_files):
    listing, _, _ = published_with_files
    html = client.get(listing.get_absolute_url()).content.decode()
    assert ">poly.pdf</a>" in html and ">shell.png</a>" in html and "poly.html" not in html


@pytest.mark.parametrize("original,extension,expected", [
    ("poly.html", "pdf", "poly.pdf"),
    ("shell.php", "png", "shell.png"),
    ("../../etc/passwd.php", "png", "passwd.png"),
    ("C:\\Users\\me\\evil.svg", "png", "evil.png"),
    ("报告 2024.final.html", "pdf", "报告 2024_final.pdf"),
    ('a"b;c\r\n.html', "pdf", "a_b_c.pdf"),
    (".htaccess", "pdf", "htaccess.pdf"),
    ("", "pdf", "file.pdf"),
    ("\u202egpj.exe", "png", "gpj.png"),
])
def test_safe_download_names(original, extension, expected):
    assert safe_download_name(original, extension) == expected


def test_a_non_ascii_name_is_sent_encoded(client, people):
    listing = make_listing(people.org, status=Listing.Status.DRAFT)
    attachment = services.attachment_add(user=people.editor, listing=listing,
                                         uploaded_file=upload("方案说明.html", PDF_BYTES))
    client.force_login(people.editor)
    response = client.get(reverse("marketplace:attachment_download", args=[listing.pk, attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "%E6%96%B9%E6%A1%88%E8%AF%B4%E6%98%8E.pdf" in response["Content-Disposition"]


def test_a_logo_is_served_by_its_view_as_a_download_of_the_detected_type(client, people):
    organisation = accounts_services.organisation_create(
        user=people.loner, kind="enterprise", name_zh="图标公司", name_en="Logo Co",
        logo=upload("shell.php", PNG_BYTES, "image/png"))
    url = reverse("accounts:organisation_logo", args=[organisation.slug])
    assert_served_as_download(client.get(url), "image/png", f"{organisation.slug}-logo.png", PNG_BYTES)
    page = client.get(reverse("accounts:organisation_detail", args=[organisation.slug])).content.decode()
    assert f'src="{url}"' in page and "/media/" not in page


def test_a_stored_logo_that_is_not_an_image_is_not_served(client):
    # e.g. put in place through the admin, which stores what it is given.
    organisation = make_org()
    organisation.logo.save("logos/page.png", ContentFile(HTML_BYTES), save=True)
    assert client.get(reverse("accounts:organisation_logo", args=[organisation.slug])).status_code == 404
    assert client.get(reverse("accounts:organisation_logo", args=[make_org().slug])).status_code == 404


def test_the_storage_is_not_served_directly(client, published_with_files):
    _, pdf, _ = published_with_files
    assert client.get(f"/media/{pdf.file.name}").status_code == 404


def test_the_profile_form_links_the_current_logo_through_its_view_and_keeps_it(client, people):
    organisation = accounts_services.organisation_create(
        user=people.loner, kind="enterprise", name_zh="图标公司", logo=upload("logo.png", PNG_BYTES, "image/png"))
    stored = organisation.logo.name
    client.force_login(people.loner)
    edit = reverse("accounts:organisation_edit", args=[organisation.slug])
    logo_url = reverse("accounts:organisation_logo", args=[organisation.slug])
    assert f'href="{logo_url}"' in client.get(edit).content.decode()
    response = client.post(edit, {"kind": "enterprise", "name_zh": "图标公司（新）"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name_zh == "图标公司（新）" and organisation.logo.name == stored
