from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership
from tests.factories import make_member, make_org, make_staff, make_user

# The first bytes are what `filetype` reads; the rest pads the file to a realistic shape.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 64
GIF_BYTES = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00" \
    b"\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
HTML_BYTES = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def pdf_file():
    return upload("brochure.pdf", PDF_BYTES, "application/pdf")


@pytest.fixture
def people(db):
    """An unverified lab with an owner, an editor and a viewer; an outsider in another (unverified)
    organisation; a member of a verified firm; and a staff curator."""
    org = make_org(kind="institute")
    other = make_org(kind="enterprise")
    verified_org = make_org(kind="enterprise", verified=True)
    return SimpleNamespace(
        org=org,
        owner=make_member(org, role=Membership.Role.OWNER),
        editor=make_member(org, role=Membership.Role.EDITOR),
        viewer=make_member(org, role=Membership.Role.VIEWER),
        outsider=make_member(other, role=Membership.Role.OWNER),
        verified_member=make_member(verified_org, role=Membership.Role.EDITOR),
        staff=make_staff(),
        loner=make_user(),
    )
