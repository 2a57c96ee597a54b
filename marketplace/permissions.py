"""What a person may do with a listing, decided once: `listing_permissions(user, listing)`. Services enforce it,
views and the API refuse with it, templates show only what it allows (`permissions` on the listing page). It
applies the roles of accounts.permissions (owners and editors act for their organisation, curators curate others')
to the listing's workflow."""
from functools import cached_property

from accounts.permissions import can_act_for, can_curate, is_curator, role_of

from .models import Listing

S = Listing.Status

# Legal transitions: from-status -> allowed to-statuses.
TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.CLOSED},
    S.SUBMITTED: {S.PUBLISHED, S.REJECTED, S.DRAFT, S.CLOSED},
    S.REJECTED: {S.DRAFT, S.SUBMITTED, S.CLOSED},
    S.PUBLISHED: {S.CLOSED, S.EXPIRED},
    S.EXPIRED: {S.CLOSED, S.SUBMITTED},
    S.CLOSED: set(),
}


class ListingPermissions:
    """`act`: an owner or editor of its organisation, who writes it (content, files, workflow) as far as its
    status allows; `edit`, `submit`, `unsubmit`, `close`: what that allows now. `moderate` (approve or reject) and
    `feature`: a curator who is not of its organisation, while it awaits review or is published. `member`: any
    role in its organisation; `read_private`: members and curators read its matches, statistics and files awaiting
    review. `view`: may open it at all (one query, asked only when needed)."""

    def __init__(self, user, listing):
        self.user, self.listing = user, listing
        organisation, status = listing.organisation, listing.status
        self.member = role_of(user, organisation) is not None
        self.act = can_act_for(user, organisation)
        self.edit = self.act and status != S.CLOSED
        self.submit = self.act and S.SUBMITTED in TRANSITIONS[status]
        self.unsubmit = self.act and status == S.SUBMITTED
        self.close = self.act and S.CLOSED in TRANSITIONS[status]
        curates = can_curate(user, organisation)
        self.moderate = curates and status == S.SUBMITTED
        self.feature = curates and status == S.PUBLISHED
        self.read_private = self.member or is_curator(user)

    @cached_property
    def view(self):
        from .selectors import listing_can_view

        return listing_can_view(user=self.user, listing=self.listing)


def listing_permissions(user, listing):
    return ListingPermissions(user, listing)
