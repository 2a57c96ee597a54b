"""Who reacts to what: every event type recorded in the outbox, and the reactions that follow it, in the order they
run. This is the only place where consumers are wired to events (settings.OUTBOX_REACTIONS points here).

Services record facts with core.outbox.outbox_record in the transaction of the change. After commit each reaction
below runs once per event, on its own (core.outbox.outbox_process): one that fails is retried without running the
others again, and each is idempotent by its own keys as well. The kinds of reaction:

- notify(audiences): in-app notifications and their e-mails (notifications.fanout); `audiences(event)` says who
  hears what, cut to those who may read the listing it names (marketplace.selectors.readers_of). Saved-search
  alerts are one too (collaboration.handlers.saved_search_alerts).
- webhook(type, build): one delivery per subscription of the organisations `build(event)` names (api.handlers).
- settle(keys): marks read the notices of what is done (a curators' queue emptied, an interest answered).
- index_listing: the search index and the listing's matches (matching.handlers), only for listings that are or
  were published: a draft's saves cost no task.
"""
from api import handlers as webhooks
from api.handlers import webhook
from api.models import WebhookEvent as W
from collaboration import handlers as collaboration
from events import handlers as events
from marketplace import handlers as revisions
from matching.handlers import index_listing
from notifications import handlers as notifications
from notifications.fanout import notify, settle

REACTIONS = {
    # Listings (marketplace.services, marketplace.revisions).
    "listing.created": [index_listing],
    "listing.updated": [index_listing],
    "listing.submitted": [notify(notifications.listing_submitted), index_listing],
    "listing.unsubmitted": [settle(notifications.moderation_done), index_listing],
    "listing.published": [notify(notifications.listing_published), settle(notifications.moderation_done),
                          notify(collaboration.saved_search_alerts),
                          webhook(W.LISTING_PUBLISHED, webhooks.listing_published), index_listing],
    "listing.rejected": [notify(notifications.listing_rejected), settle(notifications.moderation_done),
                         index_listing],
    "listing.closed": [settle(notifications.moderation_done), webhook(W.LISTING_CLOSED, webhooks.listing_closed),
                       index_listing],
    "listing.expired": [settle(notifications.moderation_done), index_listing],
    "listing.featured": [index_listing],
    "listing.unfeatured": [index_listing],
    "listing.revision_submitted": [notify(revisions.revision_submitted)],
    "listing.revision_approved": [notify(revisions.revision_approved), settle(notifications.moderation_done),
                                  index_listing],
    "listing.revision_rejected": [notify(revisions.revision_rejected), settle(notifications.moderation_done)],
    # Matches (matching.services, in the transaction that writes them).
    "match.created": [notify(notifications.match_created), webhook(W.MATCH_CREATED, webhooks.match_created)],
    # Organisations (accounts.services).
    "organisation.verification_requested": [notify(notifications.verification_requested)],
    "organisation.verification_decided": [notify(notifications.verification_decided),
                                          settle(notifications.verification_done)],
    # Interests and their threads (collaboration.services).
    "interest.sent": [notify(collaboration.interest_sent), webhook(W.INTEREST_RECEIVED, webhooks.interest_received)],
    "interest.answered": [notify(collaboration.interest_answered), settle(collaboration.interest_settled),
                          webhook(W.INTEREST_ANSWERED, webhooks.interest_answered)],
    "interest.message": [notify(collaboration.interest_message), webhook(W.MESSAGE_POSTED, webhooks.message_posted)],
    "interest.outcome": [notify(collaboration.interest_outcome)],
    "interest.reminder": [notify(collaboration.interest_reminder)],
    # Matchmaking events and their meetings (events.services).
    "event.registered": [notify(events.participant_registered)],
    "event.decided": [notify(events.participant_decided)],
    "meeting.requested": [notify(events.meeting_requested),
                          webhook(W.MEETING_REQUESTED, webhooks.meeting_requested)],
    "meeting.answered": [notify(events.meeting_answered), webhook(W.MEETING_ANSWERED, webhooks.meeting_answered)],
    "meeting.scheduled": [notify(events.meeting_scheduled),
                          webhook(W.MEETING_SCHEDULED, webhooks.meeting_scheduled)],
    "meeting.cancelled": [notify(events.meeting_cancelled)],
    "meeting.reminder": [notify(events.meeting_reminder)],
    # Webhook subscriptions (api.services.webhooks).
    "webhook.paused": [notify(webhooks.webhook_paused)],
}
