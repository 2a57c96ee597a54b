"""The search index's reaction to listing events (config/reactions.py registers it): index the listing, or take
it out, and refresh its matches, in the "indexing" queue. A listing that never was published is in no index and
has no matches, so its events (a draft's saves) cost nothing: the reaction does not apply to them."""
from core.outbox import Reaction


def listings_sync(events):
    from .tasks import listing_sync

    # The listings are committed already (the event was recorded with them), so the task may run at once.
    for listing_id in sorted({event.payload["listing_id"] for event in events}):
        listing_sync.delay(listing_id)


def ever_published(payload):
    return bool(payload.get("ever_published"))


index_listing = Reaction(name="index", run=listings_sync, applies=ever_published)
