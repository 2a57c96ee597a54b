"""The guided form (through listing_create/listing_update), upload checks from the bytes, and Markdown that
cannot carry scripts."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ApplicationError
from marketplace import services
from marketplace.models import Attachment, CollaborationType, Listing
from marketplace.rendering import render_markdown
from tests.factories import make_listing, make_member, make_org, make_sector

from .conftest import GIF_BYTES, HTML_BYTES, PDF_BYTES, PNG_BYTES, upload

pytestmark = pytest.mark.django_db
S = Listing.Status


def need_form(org, **overrides):
    data = {
        "organisation": org.pk, "kind": "need", "title": "Cloud rendering for a digital museum",
        "summary": "We need a partner to stream our 3D exhibition halls to phones.",
        "description": "## Scope\n\n- 40 halls\n- 8K textures", "keywords": "云渲染, 数字博物馆, WebGPU",
        "trl_min": "5", "trl_max": "8", "ip_status": "not_applicable", "budget_min": "200000",
        "budget_max": "500000", "province": "浙江省", "city": "杭州", "metro_area": "yangtze_delta",
        "remote_ok": "on", "visibility": "public",
        "deadline": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
    }
    data.update(overrides)
    return data


def test_an_editor_creates_a_draft_need_through_the_form(client, people):
    sector = make_sector("museums-heritage-test")
    joint = CollaborationType.objects.get(slug="joint_rd")
    client.force_login(people.editor)
    response = client.post(reverse("marketplace:listing_create"),
                           need_form(people.org, sectors=[sector.pk], collaboration_types=[joint.pk],
                                     files=[upload("scope.pdf", PDF_BYTES)]))
    assert response.status_code == 302
    listing = Listing.objects.get(title="Cloud rendering for a digital museum")
    assert response["Location"] == listing.get_absolute_url()
    assert (listing.status, listing.kind, listing.organisation, listing.created_by) == (
        S.DRAFT, "need", people.org, people.editor)
    assert listing.keywords == ["云渲染", "数字博物馆", "WebGPU"]
    assert (listing.trl_min, listing.trl_max, listing.budget_min, listing.budget_max) == (5, 8, 200000, 500000)
    assert list(listing.sectors.all()) == [sector] and list(listing.collaboration_types.all()) == [joint]
    assert listing.attachments.get().content_type == "application/pdf"


def test_a_capability_keeps_one_readiness_level_and_no_budget(client, people):
    client.force_login(people.editor)
    client.post(reverse("marketplace:listing_create"), need_form(people.org, kind="capability", title="Light field"))
    listing = Listing.objects.get(title="Light field")
    assert (listing.trl_min, listing.trl_max, listing.budget_min, listing.budget_max) == (5, 5, None, None)


@pytest.mark.parametrize("overrides,field", [
    ({"title": ""}, "title"),
    ({"summary": "x" * 501}, "summary"),
    ({"trl_min": "8", "trl_max": "3"}, "trl_max"),
    ({"trl_min": "12"}, "trl_min"),
    ({"budget_min": "900", "budget_max": "100"}, "budget_max"),
    ({"budget_min": "-5"}, "budget_min"),
    ({"deadline": "31/02/2027"}, "deadline"),
    ({"visibility": "everybody"}, "visibility"),
    ({"kind": "offer"}, "kind"),
])
def test_invalid_input_is_answered_with_400_and_the_field_error(client, people, overrides, field):
    client.force_login(people.editor)
    response = client.post(reverse("marketplace:listing_create"), need_form(people.org, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Listing.objects.exists()


def test_the_organisation_must_be_one_the_user_edits_for(client, people):
    stranger = make_org()
    client.force_login(people.editor)
    response = client.post(reverse("marketplace:listing_create"), need_form(stranger))
    assert response.status_code == 400 and "organisation" in response.context["form"].errors


def test_a_user_editing_for_several_organisations_chooses_one(client, people):
    second = make_org()
    make_member(second, role="owner", user=people.editor)
    client.force_login(people.editor)
    form = client.get(reverse("marketplace:listing_create")).context["form"]
    assert set(form.fields["organisation"].queryset) == {people.org, second}
    assert not form.fields["organisation"].widget.is_hidden
    client.post(reverse("marketplace:listing_create"), need_form(second))
    assert Listing.objects.get().organisation == second


def test_editing_goes_through_listing_update_and_maps_its_errors_to_fields(client, people):
    # A draft changes at once (a published listing's changes wait for review: test_revisions.py).
    listing = make_listing(people.org, kind="need", status=S.DRAFT, title="Old title")
    client.force_login(people.owner)
    url = reverse("marketplace:listing_edit", args=[listing.pk])
    data = need_form(people.org, title="New title")
    response = client.post(url, data)
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "New title" and listing.status == S.DRAFT

    services.listing_close(user=people.owner, listing=listing, reason="fulfilled")
    assert client.post(url, data).status_code == 403


def test_an_oversized_upload_is_refused(client, people, settings):
    settings.LISTING_ATTACHMENT_MAX_BYTES = 1024
    listing = make_listing(people.org, status=S.DRAFT)
    big = upload("huge.pdf", PDF_BYTES + b"0" * 2048)
    with pytest.raises(ApplicationError) as error:
        services.attachment_add(user=people.editor, listing=listing, uploaded_file=big)
    assert error.value.field == "file"
    client.force_login(people.editor)
    response = client.post(reverse("marketplace:attachment_upload", args=[listing.pk]),
                           {"file": upload("huge.pdf", PDF_BYTES + b"0" * 2048)})
    assert response.status_code == 400 and "file" in response.context["attachment_form"].errors
    response = client.post(reverse("marketplace:listing_create"),
                           need_form(people.org, files=[upload("huge.pdf", PDF_BYTES + b"0" * 2048)]))
    assert response.status_code == 400 and "files" in response.context["form"].errors
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("name,content", [
    ("report.pdf", HTML_BYTES),  # HTML pretending to be a PDF
    ("photo.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),  # a Windows executable
    ("notes.pdf", b"just some text, not a document"),
    ("archive.pdf", b"PK\x03\x04" + b"\x00" * 100),  # a ZIP
])
def test_a_file_is_judged_by_its_bytes_not_its_name(people, name, content):
    listing = make_listing(people.org, status=S.DRAFT)
    with pytest.raises(ApplicationError):
        services.attachment_add(user=people.editor, listing=listing,
                                uploaded_file=upload(name, content, "application/pdf"))
    assert not Attachment.objects.exists()


def test_an_image_is_stored_with_the_type_its_bytes_say(people, settings):
    listing = make_listing(people.org, status=S.DRAFT)
    gif = services.attachment_add(user=people.editor, listing=listing, uploaded_file=upload("logo.png", GIF_BYTES))
    png = services.attachment_add(user=people.editor, listing=listing, uploaded_file=upload("shot.png", PNG_BYTES))
    assert (gif.content_type, png.content_type) == ("image/gif", "image/png")
    assert gif.original_name == "logo.png" and gif.file.name.endswith(".gif")
    stored = settings.MEDIA_ROOT / gif.file.name
    assert stored.read_bytes() == GIF_BYTES


def test_an_upload_on_the_page_with_a_disguised_file_says_why(client, people):
    listing = make_listing(people.org, status=S.DRAFT)
    client.force_login(people.editor)
    response = client.post(reverse("marketplace:attachment_upload", args=[listing.pk]),
                           {"file": upload("report.pdf", HTML_BYTES, "application/pdf")})
    assert not listing.attachments.exists()
    assert response.status_code == 400
    assert "report.pdf" in str(response.context["attachment_form"].errors["file"])


MALICIOUS = """Hello **world**

<script>alert('xss')</script>
<img src=x onerror="alert(1)">
<a href="javascript:alert(2)" onclick="steal()">click</a>
[a link](https://example.com/page)
<iframe src="https://evil.example"></iframe>
<p style="position:fixed" onmouseover="x()">styled</p>
"""


def test_markdown_is_rendered_and_scripts_are_stripped():
    html = str(render_markdown(MALICIOUS))
    assert "<strong>world</strong>" in html
    for bad in ("<script", "alert('xss')", "onerror", "onclick", "javascript:", "<iframe", "style=", "onmouseover"):
        assert bad not in html
    assert '<a href="https://example.com/page" rel="nofollow noopener">a link</a>' in html


def test_the_listing_page_shows_the_sanitised_description(client, people):
    listing = make_listing(people.org, status=S.PUBLISHED, description=MALICIOUS)
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "<strong>world</strong>" in page
    assert "alert('xss')" not in page and "javascript:alert" not in page and "onerror" not in page


def test_the_form_can_start_with_a_kind_and_an_organisation(client, people):
    second = make_org(slug="second-org")
    make_member(second, role="editor", user=people.editor)
    client.force_login(people.editor)
    page = client.get(reverse("marketplace:listing_create"), {"kind": "need", "organisation": "second-org"})
    form = page.context["form"]
    assert form.initial == {"kind": "need", "organisation": second.pk}
