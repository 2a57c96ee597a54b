"""What an attachment is, decided from its bytes (never from its name or the browser's claim), and how many
an organisation may store."""
import filetype
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

from .app_settings import app_settings

# Detected MIME type -> extension used for the stored file.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}
ACCEPT_ATTRIBUTE = ",".join([".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", *ALLOWED_TYPES])


def max_attachment_bytes():
    return app_settings.LISTING_ATTACHMENT_MAX_BYTES


def check_upload(uploaded_file):
    """Return the detected MIME type of an uploaded file, or raise ApplicationError(field="file")."""
    limit = max_attachment_bytes()
    if uploaded_file.size is None or uploaded_file.size > limit:
        raise ApplicationError(
            _("“%(name)s” is larger than %(limit)s.") % {"name": uploaded_file.name, "limit": filesizeformat(limit)},
            field="file",
        )
    if uploaded_file.size == 0:
        raise ApplicationError(_("“%(name)s” is empty.") % {"name": uploaded_file.name}, field="file")
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ApplicationError(
            _("“%(name)s” is not a PDF, PNG, JPEG, GIF or WebP file.") % {"name": uploaded_file.name},
            field="file",
        )
    return kind.mime


def check_quota(*, organisation, listing=None, sizes):
    """Raise ApplicationError(field="file") if adding files of these sizes would give the listing more than
    LISTING_ATTACHMENT_MAX_FILES files or the organisation more than ORGANISATION_ATTACHMENT_MAX_BYTES in all
    (files awaiting review count too)."""
    from .models import Attachment

    max_files = app_settings.LISTING_ATTACHMENT_MAX_FILES
    present = Attachment.objects.filter(listing=listing).count() if listing is not None and listing.pk else 0
    if present + len(sizes) > max_files:
        raise ApplicationError(
            _("A listing can have at most %(limit)s files; this one has %(count)s. Remove a file before adding "
              "another.") % {"limit": max_files, "count": present},
            field="file",
        )
    max_bytes = app_settings.ORGANISATION_ATTACHMENT_MAX_BYTES
    used = Attachment.objects.filter(listing__organisation=organisation).aggregate(total=Sum("size"))["total"] or 0
    if used + sum(sizes) > max_bytes:
        raise ApplicationError(
            _("Your organisation's files may take at most %(limit)s in all, and %(used)s are in use. Remove files "
              "you no longer need first.") % {"limit": filesizeformat(max_bytes), "used": filesizeformat(used)},
            field="file",
        )
