import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def schedule_listing_sync(sender, listing, **kwargs):
    """After commit (never before: the task must read the committed row), index the listing and refresh its
    matches. robust=True: if the broker is down the save still succeeds and the reconcile catches up."""
    from .tasks import listing_sync

    listing_id = listing.pk
    transaction.on_commit(lambda: listing_sync.delay(listing_id), robust=True)
