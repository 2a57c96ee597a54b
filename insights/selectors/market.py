"""Supply and demand: published capabilities and needs by sector, technology, metro area, province and month."""
from django.db.models import Count

from accounts.models import Region
from marketplace.models import Listing, Sector, Technology

from .scope import count_by_month, month_key

K = Listing.Kind


def _kind_counts(queryset, field):
    """{value: {"capabilities": n, "needs": n}} of live listings grouped by `field`."""
    counts = {}
    for value, kind, n in queryset.values(field, "kind").annotate(n=Count("pk")).values_list(field, "kind", "n"):
        row = counts.setdefault(value or "", {"capabilities": 0, "needs": 0})
        row["capabilities" if kind == K.CAPABILITY else "needs"] += n
    return counts


def _taxonomy_rows(counts, model, key):
    """Every term, the busiest first (the top sectors of a zone lead its table and chart), then the listings
    without a term of this taxonomy."""
    rows = []
    for slug in model.objects.order_by("position", "slug").values_list("slug", flat=True):
        found = counts.pop(slug, {"capabilities": 0, "needs": 0})
        rows.append({key: slug, **found})
    rows.sort(key=lambda row: -(row["capabilities"] + row["needs"]))  # stable: taxonomy order among equals
    if "" in counts:
        rows.append({key: "", **counts.pop("")})
    return rows


def by_sector(scope):
    return _taxonomy_rows(_kind_counts(scope.live(), "sectors__slug"), Sector, "sector")


def by_technology(scope):
    return _taxonomy_rows(_kind_counts(scope.live(), "technologies__slug"), Technology, "technology")


def by_region(scope):
    counts = _kind_counts(scope.live(), "metro_area")
    rows = [{"region": slug, **counts.pop(slug, {"capabilities": 0, "needs": 0})} for slug in Region.values]
    if "" in counts:
        rows.append({"region": "", **counts.pop("")})
    return rows


def by_province(scope):
    counts = _kind_counts(scope.live(), "province")
    rows = [{"province": name, **row} for name, row in counts.items()]
    rows.sort(key=lambda row: (-(row["capabilities"] + row["needs"]), row["province"] == "", row["province"]))
    return rows


def totals(scope):
    live = scope.live()
    kinds = dict(live.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return {
        "capabilities": kinds.get(K.CAPABILITY, 0),
        "needs": kinds.get(K.NEED, 0),
        "organisations": live.values("organisation_id").distinct().count(),
    }


def by_month(scope, months, now=None):
    """New listings, matches, interests, accepted interests and completed collaborations per month."""
    from collaboration.models import Interest

    S = Interest.State
    interests = scope.interests()
    series = {
        "listings": count_by_month(scope.listings(), "published_at", months),
        "matches": count_by_month(scope.matches(), "created_at", months),
        "interests": count_by_month(interests, "created_at", months),
        # By the month of the event: the answer, the recorded outcome.
        "accepted": count_by_month(interests.filter(answered_at__isnull=False).exclude(state=S.DECLINED),
                                   "answered_at", months),
        "completed": count_by_month(interests.filter(state=S.COMPLETED, outcome_at__isnull=False),
                                    "outcome_at", months),
    }
    rows = []
    for month in months:
        key = month_key(month)
        rows.append({"month": key, **{name: counts.get(key, 0) for name, counts in series.items()}})
    return rows
