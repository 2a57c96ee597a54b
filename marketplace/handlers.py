"""Who hears about revisions of published listings (config/reactions.py registers them): curators when changes
await review (not those of its organisation: another curator decides), the organisation when they are approved or
rejected (with why). Each notice names the listing, so its audience is cut by readers_of."""
from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.selectors import readers_of
from notifications.fanout import Audience
from notifications.handlers import listing_by_id, member_ids, staff_ids
from notifications.models import NotificationType as T


def revision_submitted(event):
    listing = listing_by_id(event.payload.get("listing_id"))
    if listing is None:
        return []
    curators = set(staff_ids()) - set(member_ids(listing.organisation_id))
    return [Audience(
        user_ids=readers_of(listing, curators), type=T.MODERATION, url=reverse("marketplace:moderation_queue"),
        listing_id=listing.pk,
        render=lambda: (_("Changes to review: “%(title)s”") % {"title": listing.title},
                        _("A published listing was edited; the published version stays visible until you decide.")),
    )]


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
