"""Thin views: read through selectors, write through services, map domain errors to HTTP in `errors`."""
from .editing import (  # noqa: F401
    attachment_delete, attachment_upload, listing_close, listing_create, listing_edit, listing_submit,
    listing_unsubmit,
)
from .moderation import listing_approve, listing_feature, listing_reject, moderation_queue  # noqa: F401
from .pages import attachment_download, browse, home, listing_detail  # noqa: F401
