"""Reads of the collaboration workflow."""
from datetime import timedelta
from statistics import median

from django.db.models import Count, Q

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


# The interests page's tabs: what reached the user's organisations, the part of it waiting for their answer, and
# what they sent.
INTEREST_BOXES = ("received", "awaiting", "sent")


def interests_in_box(*, user, box, state=""):
    """One tab of the interests page, newest first, optionally of one state."""
    rows = interests_sent(user=user) if box == "sent" else interests_received(user=user)
    if box == "awaiting":
        rows = rows.filter(state=Interest.State.SENT)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-created_at", "-pk")


def interest_box_counts(*, user):
    """{box: count} for the tabs, in one query."""
    ids = _org_ids(user)
    received, sent = Q(to_organisation_id__in=ids), Q(from_organisation_id__in=ids)
    return Interest.objects.filter(received | sent).aggregate(
        received=Count("pk", filter=received), awaiting=Count("pk", filter=received & Q(state=Interest.State.SENT)),
        sent=Count("pk", filter=sent),
    )


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
    ids = _org_ids(user)
    # The member's own side (its messages are drawn on the right); a member of both reads it as the receiver.
    side = interest.to_organisation_id if interest.to_organisation_id in ids else interest.from_organisation_id
    return {"can_answer": answers and interest.state == Interest.State.SENT,
            "can_write": acts and interest.is_open_for_messages, "my_side": side}


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


def saved_search_summary(query, labels=None):
    """What a saved search looks for, readable: [(title, [values])], its words first, in the reader's language.
    `labels` caches the facet labels across several searches."""
    from django.utils.translation import gettext as _

    from matching.facets import FACETS
    from matching.selectors import facet_value_label

    from .saved_search_matching import clean_query

    labels = {} if labels is None else labels
    query = clean_query(query)
    parts = []
    if query.get("q"):
        parts.append((_("Words"), [" ".join(query["q"])]))
    for name, facet in FACETS.items():
        values = query.get(name)
        if values:
            if name not in labels:
                labels[name] = facet.value_labels()
            parts.append((facet.title, [facet_value_label(name, value, labels[name]) for value in values]))
    return parts


def saved_search_new_counts(*, user):
    """{saved search id: its alerts about new listings that the user has not opened yet}."""
    from collections import Counter

    from notifications.models import Notification, NotificationType

    keys = Notification.objects.filter(recipient=user, type=NotificationType.SAVED_SEARCH, read_at__isnull=True,
                                       key__startswith="saved_search:").values_list("key", flat=True)
    return Counter(int(key.split(":")[1]) for key in keys if key.split(":")[1].isdigit())


def saved_search_url(saved_search, **extra):
    """The search page with the saved search's filters."""
    from django.urls import reverse
    from django.utils.http import urlencode

    return reverse("matching:search") + "?" + urlencode({**saved_search.query, **extra}, doseq=True)


def saved_search_rows(*, user):
    """The saved-searches page: each search with its readable summary and how many new results it alerted."""
    counts = saved_search_new_counts(user=user)
    labels = {}
    return [{"saved": saved, "summary": saved_search_summary(saved.query, labels), "new": counts.get(saved.pk, 0),
             "url": saved_search_url(saved)}
            for saved in saved_searches_for(user=user)]
