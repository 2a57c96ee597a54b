"""What happened after publication: the funnel, the time to a first answer, why interests were declined, and
the demand nobody met."""
from collections import defaultdict
from datetime import timedelta
from statistics import median

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from collaboration.models import Interest
from marketplace.models import Listing
from matching.models import Match
from matching.services import MIN_MATCH_SCORE

from .scope import count_by_month, month_key

S = Interest.State
ACCEPTED = Q(answered_at__isnull=False) & ~Q(state=S.DECLINED)  # accepted at some point, whatever came next
UNMET_AFTER = timedelta(days=14)  # a need this long on the platform without a match or an interest is unmet
STAGES = ("matches", "interests", "accepted", "in_progress", "completed")


def rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def funnel(scope):
    """match → interest → accepted → in progress → completed. "In progress" counts the collaborations that were
    started (in progress now, or completed since); each rate is against the stage before."""
    counts = scope.interests().aggregate(
        interests=Count("pk"),
        accepted=Count("pk", filter=ACCEPTED),
        in_progress=Count("pk", filter=Q(state__in=[S.IN_PROGRESS, S.COMPLETED])),
        completed=Count("pk", filter=Q(state=S.COMPLETED)),
    )
    counts["matches"] = scope.matches().count()
    rows, previous = [], None
    for stage in STAGES:
        rows.append({"stage": stage, "count": counts[stage],
                     "rate": None if previous is None else rate(counts[stage], previous)})
        previous = counts[stage]
    return rows


def hours(delta):
    return round(delta.total_seconds() / 3600.0, 1)


def first_answer(scope):
    """How many interests were answered, and the median time from sending to the first answer (hours)."""
    pairs = scope.interests().filter(answered_at__isnull=False).values_list("created_at", "answered_at")
    durations = [answered - created for created, answered in pairs.iterator(chunk_size=5000)]
    return {"answered": len(durations), "median_hours": hours(median(durations)) if durations else None}


def decline_reasons(scope, months):
    declined = scope.interests().filter(state=S.DECLINED)
    counts = dict(declined.values_list("decline_reason").annotate(n=Count("pk")).values_list("decline_reason", "n"))
    total = sum(counts.values())
    distribution = [{"reason": reason, "count": counts.get(reason, 0), "share": rate(counts.get(reason, 0), total)}
                    for reason in Interest.DeclineReason.values]
    trend = []
    per_reason = {reason: count_by_month(declined.filter(decline_reason=reason), "answered_at", months)
                  for reason in Interest.DeclineReason.values if counts.get(reason)}
    for month in months:
        key = month_key(month)
        trend.append({"month": key, "counts": {reason: series.get(key, 0) for reason, series in per_reason.items()}})
    return {"distribution": distribution, "trend": trend}


def unmet_demand(scope, now=None):
    """Needs published at least 14 days ago that still have no match above the threshold or no interest, by
    sector × metro area (a need counts under each of its sectors; "" is none). Public figures count only the
    matches with public capabilities."""
    now = now or timezone.now()
    good_matches = Match.objects.filter(need=OuterRef("pk"), score__gte=MIN_MATCH_SCORE)
    if scope.public:
        good_matches = good_matches.filter(capability__visibility=Listing.Visibility.PUBLIC)
    needs = (scope.live().filter(kind=Listing.Kind.NEED, published_at__lte=now - UNMET_AFTER)
             .annotate(matched=Exists(good_matches), wanted=Exists(Interest.objects.filter(listing=OuterRef("pk"))))
             .filter(Q(matched=False) | Q(wanted=False)))
    # Each need's two flags once, then its sectors, grouped here rather than by sector in SQL, where the two
    # EXISTS were evaluated again for each count.
    flags = {pk: (region or "", matched, wanted) for pk, region, matched, wanted in
             needs.values_list("pk", "metro_area", "matched", "wanted").iterator(chunk_size=5000)}
    sectors = defaultdict(list)
    for pk, slug in (Listing.sectors.through.objects.filter(listing_id__in=needs.values("pk"))
                     .values_list("listing_id", "sector__slug").iterator(chunk_size=5000)):
        if pk in flags:
            sectors[pk].append(slug)
    cells = defaultdict(lambda: [0, 0, 0])
    for pk, (region, matched, wanted) in flags.items():
        for slug in sectors.get(pk) or [""]:
            cell = cells[(slug, region)]
            cell[0] += 1
            cell[1] += not matched
            cell[2] += not wanted
    table = [{"sector": sector, "region": region, "unmet": unmet, "no_match": no_match, "no_interest": no_interest}
             for (sector, region), (unmet, no_match, no_interest) in cells.items()]
    table.sort(key=lambda row: (-row["unmet"], row["sector"], row["region"]))
    return {"threshold": MIN_MATCH_SCORE, "min_days": UNMET_AFTER.days, "total": len(flags), "rows": table}
