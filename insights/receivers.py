def on_listing_viewed(sender, listing, user, **kwargs):
    from .services import listing_view_record

    listing_view_record(listing=listing, user=user)
