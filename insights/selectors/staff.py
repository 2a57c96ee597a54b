"""Figures only staff read: activity per organisation and moderation throughput (all visibilities)."""
from collections import defaultdict
from statistics import median

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Organisation
from collaboration.models import Interest
from core.models import AuditEntry
from marketplace.models import Listing

from .engagement import ACCEPTED, hours
from .scope import month_key

S = Interest.State
LISTING = "marketplace.listing"
DECISIONS = {"listing.approve": "approved", "listing.reject": "rejected"}
ACTIVITY = ("listings", "interests_sent", "interests_received", "answered", "accepted", "completed")


def organisation_activity(scope):
    """Per organisation (of the kind chosen, if any): listings published and interests sent and received in the
    period, with what came of the received ones; the busiest first."""
    activity = defaultdict(lambda: dict.fromkeys(ACTIVITY, 0))
    published = scope.listings().filter(scope.period_q("published_at"))
    for org_id, n in published.values("organisation_id").annotate(n=Count("pk")).values_list("organisation_id", "n"):
        activity[org_id]["listings"] = n
    everything = Interest.objects.filter(scope.period_q("created_at")).order_by()
    sent = everything.filter(from_organisation__kind=scope.org_kind) if scope.org_kind else everything
    for org_id, n in sent.values("from_organisation_id").annotate(n=Count("pk")).values_list(
            "from_organisation_id", "n"):
        activity[org_id]["interests_sent"] = n
    received = everything.filter(to_organisation__kind=scope.org_kind) if scope.org_kind else everything
    rows = received.values("to_organisation_id").annotate(
        n=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)),
        accepted=Count("pk", filter=ACCEPTED), completed=Count("pk", filter=Q(state=S.COMPLETED)))
    for row in rows:
        entry = activity[row["to_organisation_id"]]
        entry.update(interests_received=row["n"], answered=row["answered"], accepted=row["accepted"],
                     completed=row["completed"])
    organisations = Organisation.objects.filter(pk__in=list(activity)).values_list(
        "pk", "slug", "name_zh", "name_en", "kind")
    table = [{"slug": slug, "name_zh": zh, "name_en": en, "kind": kind, **activity[pk]}
             for pk, slug, zh, en, kind in organisations]
    table.sort(key=lambda row: (-sum(row[name] for name in ACTIVITY), row["slug"]))
    return table


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def moderation(scope, months):
    """Curators' decisions in the period and the time from the submission before each to the decision."""
    decisions = AuditEntry.objects.filter(target_type=LISTING, action__in=list(DECISIONS)).filter(
        scope.period_q("created_at"))
    if scope.org_kind:
        ids = Listing.objects.filter(organisation__kind=scope.org_kind).values("pk")
        decisions = decisions.filter(target_id__in=ids)
    decisions = list(decisions.order_by("created_at").values_list("target_id", "action", "created_at"))
    submissions = defaultdict(list)
    for target_id, created_at in AuditEntry.objects.filter(
            target_type=LISTING, action="listing.submit", target_id__in={d[0] for d in decisions}
    ).order_by("created_at").values_list("target_id", "created_at"):
        submissions[target_id].append(created_at)
    counts = {"approved": 0, "rejected": 0}
    durations, monthly = [], defaultdict(lambda: {"approved": 0, "rejected": 0, "durations": []})
    for target_id, action, decided_at in decisions:
        outcome = DECISIONS[action]
        counts[outcome] += 1
        month = monthly[month_key(timezone.localtime(decided_at))]
        month[outcome] += 1
        before = [moment for moment in submissions.get(target_id, []) if moment <= decided_at]
        if before:
            durations.append(decided_at - before[-1])
            month["durations"].append(decided_at - before[-1])
    by_month = []
    for month in months:
        entry = monthly.get(month_key(month), {"approved": 0, "rejected": 0, "durations": []})
        by_month.append({"month": month_key(month), "approved": entry["approved"], "rejected": entry["rejected"],
                         "median_hours": hours(median(entry["durations"])) if entry["durations"] else None})
    return {
        "decisions": counts["approved"] + counts["rejected"], **counts,
        "median_hours": hours(median(durations)) if durations else None,
        "p90_hours": hours(_percentile(durations, 0.9)) if durations else None,
        "pending": Listing.objects.filter(status=Listing.Status.SUBMITTED).count(),
        "by_month": by_month,
    }
