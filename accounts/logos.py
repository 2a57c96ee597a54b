"""Logo uploads: raster images only, the type read from the bytes (never the name), at most 2 MB.
SVG is refused because a browser would run scripts embedded in it."""
import filetype
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


def logo_type(stored_file):
    """The MIME type and extension of a stored logo, read from its bytes; None for anything but our image types
    (a logo put in place another way, e.g. through the admin, is not served as whatever it claims to be)."""
    with stored_file.open("rb") as handle:
        kind = filetype.guess(handle.read(262))
    if kind is None or kind.mime not in LOGO_TYPES:
        return None
    return kind.mime, LOGO_TYPES[kind.mime]


def check_logo(uploaded_file):
    """Return the file extension to store the logo under, or raise ApplicationError."""
    if uploaded_file.size > LOGO_MAX_BYTES:
        raise ApplicationError(_("The logo is larger than 2 MB."), field="logo")
    uploaded_file.seek(0)
    head = uploaded_file.read(262)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in LOGO_TYPES:
        raise ApplicationError(_("The logo must be a PNG, JPEG, GIF or WebP image."), field="logo")
    return LOGO_TYPES[kind.mime]
