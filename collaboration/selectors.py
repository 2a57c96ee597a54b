"""Reads of the collaboration workflow."""
from datetime import timedelta
from statistics import median

from django.db.models import Q

from accounts.models import Membership
from accounts.permissions import ACTING_ROLES, can_act_for

from .models import Interest, SavedSearch

RESPONSE_SAMPLE = 200


def _org_ids(user, roles=None):
    rows = Membership.objects.filter(user=user)
    if roles:
        rows = rows.filter(role__in=roles)
    return list(rows.values_list("organisation_id", flat=True))


def interests_received(*, user):
    return (Interest.objects.filter(to_organisation_id__in=_org_ids(user))
            .select_related("listing", "from_organisation", "to_organisation"))


def interests_sent(*, user):
    return (Interest.objects.filter(from_organisation_id__in=_org_ids(user))
            .select_related("listing", "from_organisation", "to_organisation"))


def interest_for(*, user, pk):
    """The interest if the user belongs to either side, else None: its messages are the two organisations'
    business, not staff's (accounts.permissions)."""
    ids = _org_ids(user)
    rows = Interest.objects.select_related("listing", "from_organisation", "to_organisation", "from_user",
                                           "answered_by", "collaboration_type")
    return rows.filter(Q(from_organisation_id__in=ids) | Q(to_organisation_id__in=ids), pk=pk).first()


def interest_messages(*, interest):
    return interest.messages.select_related("author", "organisation")


def interest_permissions(*, user, interest):
    """What the interest page offers this member: viewers read, editors and owners act (accounts.permissions)."""
    answers = can_act_for(user, interest.to_organisation)
    acts = answers or can_act_for(user, interest.from_organisation)
    return {"can_answer": answers and interest.state == Interest.State.SENT,
            "can_write": acts and interest.is_open_for_messages}


def interest_options(*, user, listing):
    """What the express-interest include shows: the organisations the user can send from, and any open
    interest one of them already has in this listing."""
    if not getattr(user, "is_authenticated", False):
        return {"can_send": False, "organisations": [], "open_interest": None, "signed_in": False}
    from accounts.models import Organisation

    organisations = list(Organisation.objects.filter(
        pk__in=_org_ids(user, roles=ACTING_ROLES)).exclude(pk=listing.organisation_id))
    open_interest = Interest.objects.filter(
        listing=listing, from_organisation__in=organisations, state__in=Interest.OPEN_STATES
    ).first()
    published = listing.status == "published"
    return {"can_send": bool(organisations) and published and open_interest is None,
            "organisations": organisations, "open_interest": open_interest, "signed_in": True}


def organisation_median_response(*, organisation):
    """Median time between an interest and its answer over the organisation's latest answered interests."""
    rows = (Interest.objects.filter(to_organisation=organisation, answered_at__isnull=False)
            .order_by("-answered_at").values_list("created_at", "answered_at")[:RESPONSE_SAMPLE])
    durations = [(answered - created).total_seconds() for created, answered in rows]
    if not durations:
        return None
    return timedelta(seconds=median(durations))


def saved_searches_for(*, user):
    return SavedSearch.objects.filter(user=user)
