"""Reads of listings. Visibility is decided here and nowhere else: pages, files, counts, search and the API
all start from `listings_visible_to`."""
from django.db.models import Q

from accounts.models import Membership
from accounts.selectors import user_in_verified_organisation

from .models import Listing

S = Listing.Status
V = Listing.Visibility


def audience_visibilities(user):
    """The visibility levels of published listings this user may read."""
    if not getattr(user, "is_authenticated", False):
        return [V.PUBLIC]
    if user.is_staff or user_in_verified_organisation(user=user):
        return [V.PUBLIC, V.MEMBERS, V.VERIFIED]
    return [V.PUBLIC, V.MEMBERS]


def published_visible_to(user):
    """Published listings the user may read: what browsing, search and matching show."""
    return Listing.objects.filter(status=S.PUBLISHED, visibility__in=audience_visibilities(user))


def listings_visible_to(user):
    """Every listing the user may open: published ones by visibility, plus their own organisations' listings
    in any status; staff also see everything that is not a draft."""
    condition = Q(status=S.PUBLISHED, visibility__in=audience_visibilities(user))
    if getattr(user, "is_authenticated", False):
        own = Membership.objects.filter(user=user).values("organisation_id")
        condition |= Q(organisation_id__in=own)
        if user.is_staff:
            condition |= ~Q(status=S.DRAFT)
    return Listing.objects.filter(condition)


def listing_can_view(*, user, listing):
    return listings_visible_to(user).filter(pk=listing.pk).exists()


def listing_can_edit(*, user, listing):
    from accounts.selectors import membership_role

    if listing.status == S.CLOSED:
        return False
    return membership_role(user=user, organisation=listing.organisation) in {"owner", "editor"}


def moderation_queue():
    return (
        Listing.objects.filter(status=S.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at")
    )
