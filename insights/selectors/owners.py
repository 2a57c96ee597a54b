"""What a listing's owners report upward: views, the kinds of organisations that looked, matches, interests
and what became of them. Views are those folded in from the counters (every few minutes)."""
from collections import defaultdict

from django.db.models import Count, Q

from accounts.models import Organisation
from collaboration.models import Interest
from marketplace.models import Listing
from matching.models import Match

from ..models import ListingViewCount, ListingViewer
from .engagement import ACCEPTED, rate

S = Interest.State


def listing_statistics(listing_ids):
    """{listing id: {views, viewers, viewers_by_kind, matches, interests, accepted, completed, interest_rate,
    acceptance_rate}} for the given listings (any the caller may report on)."""
    ids = list(listing_ids)
    stats = {pk: {"views": 0, "viewers": 0, "viewers_by_kind": {kind: 0 for kind in Organisation.Kind.values},
                  "matches": 0, "interests": 0, "accepted": 0, "completed": 0} for pk in ids}
    if not ids:
        return stats
    for pk, views in ListingViewCount.objects.filter(listing_id__in=ids).values_list("listing_id", "views"):
        stats[pk]["views"] = views
    for pk, kind, n in (ListingViewer.objects.filter(listing_id__in=ids).values("listing_id", "organisation__kind")
                        .annotate(n=Count("pk")).values_list("listing_id", "organisation__kind", "n")):
        stats[pk]["viewers_by_kind"][kind] = n
        stats[pk]["viewers"] += n
    matches = defaultdict(int)
    for field in ("need_id", "capability_id"):
        for pk, n in (Match.objects.filter(**{f"{field}__in": ids}).order_by().values(field).annotate(n=Count("pk"))
                      .values_list(field, "n")):
            matches[pk] += n
    for pk, n in matches.items():
        stats[pk]["matches"] = n
    rows = (Interest.objects.filter(listing_id__in=ids).order_by().values("listing_id")
            .annotate(n=Count("pk"), accepted=Count("pk", filter=ACCEPTED),
                      completed=Count("pk", filter=Q(state=S.COMPLETED))))
    for row in rows:
        stats[row["listing_id"]].update(interests=row["n"], accepted=row["accepted"], completed=row["completed"])
    for entry in stats.values():
        entry["interest_rate"] = rate(entry["interests"], entry["views"])
        entry["acceptance_rate"] = rate(entry["accepted"], entry["interests"])
    return stats


def organisation_listing_statistics(organisation):
    """The organisation's listings that were ever published, newest first, each with its statistics, and the
    totals over them."""
    listings = list(Listing.objects.filter(organisation=organisation, published_at__isnull=False)
                    .order_by("-published_at", "-pk").only("pk", "title", "kind", "status", "published_at"))
    stats = listing_statistics(listing.pk for listing in listings)
    names = ("views", "viewers", "matches", "interests", "accepted", "completed")
    totals = {name: sum(stats[listing.pk][name] for listing in listings) for name in names}
    totals["interest_rate"] = rate(totals["interests"], totals["views"])
    totals["acceptance_rate"] = rate(totals["accepted"], totals["interests"])
    return {"rows": [{"listing": listing, **stats[listing.pk]} for listing in listings], "totals": totals}
