"""Domain events sent by services inside their transaction.

Receivers that derive data (search index, notifications, webhooks) either write their own rows in the same
transaction (an outbox) or schedule work with transaction.on_commit carrying ids, never objects.
"""
from django.dispatch import Signal

# kwargs: listing, action (created|updated|submitted|published|rejected|closed|expired|featured|unfeatured),
# actor (a user or None for the system).
listing_changed = Signal()

# kwargs: listing, user (maybe anonymous). Sent by the listing page on each view of a published listing; the
# insights app counts it (Redis counters, no database write per view).
listing_viewed = Signal()
