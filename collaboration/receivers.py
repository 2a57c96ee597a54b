from notifications.outbox import outbox_record


def on_listing_changed(sender, listing, action, **kwargs):
    """A newly published listing is checked against saved searches by the worker, not in this transaction."""
    if action == "published":
        outbox_record(type="saved_search.scan", payload={"listing_id": listing.pk})
