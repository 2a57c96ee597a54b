"""Who hears about revisions of published listings (config/reactions.py registers them): curators when changes
await review (their one notice of the queue, notifications.handlers.moderation_notice), the organisation when they
are approved or rejected (with why). Each notice names the listing, so its audience is cut by readers_of."""
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.selectors import readers_of
from notifications.fanout import Audience
from notifications.handlers import listing_by_id, member_ids, moderation_notice
from notifications.models import NotificationType as T


def revision_submitted(event):
    listing = listing_by_id(event.payload.get("listing_id"))
    if listing is None:
        return []
    return [moderation_notice(listing, lambda: _("Latest: changes to “%(title)s” (%(organisation)s).") % {
        "title": listing.title, "organisation": listing.organisation.display_name(get_language())})]


def revision_approved(event):
    listing = listing_by_id(event.payload.get("listing_id"))
    if listing is None:
        return []
    return [Audience(
        user_ids=readers_of(listing, member_ids(listing.organisation_id)), type=T.LISTING_REVIEW,
        url=listing.get_absolute_url(), listing_id=listing.pk,
        render=lambda: (_("Your changes to “%(title)s” are published") % {"title": listing.title}, ""),
    )]


def revision_rejected(event):
    listing = listing_by_id(event.payload.get("listing_id"))
    if listing is None:
        return []
    reason = event.payload.get("reason") or ""
    return [Audience(
        user_ids=readers_of(listing, member_ids(listing.organisation_id)), type=T.LISTING_REVIEW,
        url=listing.get_absolute_url(), listing_id=listing.pk,
        render=lambda: (_("Your changes to “%(title)s” were not approved") % {"title": listing.title},
                        _("The published version stays as it was. Reason given by the reviewer: %(reason)s")
                        % {"reason": reason}),
    )]
