"""Thin views: read through selectors, write through services, map domain errors to HTTP in `errors`."""
from .editing import (  # noqa: F401
    attachment_delete,
    attachment_upload,
    listing_close,
    listing_create,
    listing_edit,
    listing_submit,
    listing_unsubmit,
)
from .moderation import (  # noqa: F401
    listing_approve,
    listing_feature,
    listing_reject,
    moderation_queue,
    revision_approve,
    revision_reject,
)
from .pages import attachment_download, browse, home, listing_detail, organisation_listings  # noqa: F401
