"""What only a demonstration zone's page shows: its organisations and listings, shared facilities, collaborations
inside and across its border, and its most responsive organisations. Public figures: public listings only."""
from collections import defaultdict
from dataclasses import replace
from statistics import median

from django.db.models import Count, Q

from accounts.models import Organisation
from collaboration.models import Interest
from marketplace.models import Listing

from .engagement import hours, rate

S = Interest.State
COLLABORATING = (S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED)  # accepted and not abandoned
FACILITY_SHARING = "facility_sharing"
LIST_LIMIT = 30
RESPONSIVE_LIMIT = 10


def _listing_row(listing):
    organisation = listing.organisation
    return {"id": listing.pk, "title": listing.title, "kind": listing.kind, "organisation": organisation.slug,
            "organisation_zh": organisation.name_zh, "organisation_en": organisation.name_en}


def organisations(scope):
    """The zone's organisations by kind, and those with the most public listings (names are public)."""
    based = Organisation.objects.filter(metro_area=scope.zone).order_by()
    by_kind = dict(based.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    public = Q(listings__status=Listing.Status.PUBLISHED, listings__visibility=Listing.Visibility.PUBLIC)
    rows = (based.annotate(n=Count("listings", filter=public))
            .order_by("-n", "name_zh")
            .values_list("slug", "name_zh", "name_en", "kind", "province", "n")[:LIST_LIMIT])
    return {
        "total": sum(by_kind.values()),
        "by_kind": [{"kind": kind, "count": by_kind.get(kind, 0)} for kind in Organisation.Kind.values],
        "top": [{"slug": slug, "name_zh": zh, "name_en": en, "kind": kind, "province": province, "listings": n}
                for slug, zh, en, kind, province, n in rows],
    }


def latest_listings(scope):
    rows = scope.live().select_related("organisation").order_by("-published_at", "-pk")[:LIST_LIMIT]
    return [_listing_row(listing) for listing in rows]


def shared_facilities(scope):
    """Published capabilities of the zone that offer equipment and facility sharing."""
    offers = scope.live().filter(kind=Listing.Kind.CAPABILITY, collaboration_types__slug=FACILITY_SHARING)
    rows = offers.select_related("organisation").order_by("-published_at", "-pk")[:LIST_LIMIT]
    return {"total": offers.count(), "rows": [_listing_row(listing) for listing in rows]}


def collaborations(scope):
    """Accepted interests (not abandoned) in public listings that involve an organisation of the zone: inside
    (both sides based in the zone) or across its border, and between which provinces."""
    zone = scope.zone
    # Here the zone is where the organisations are based, wherever the listing is located.
    touching = (replace(scope, zone="").interests().filter(state__in=COLLABORATING)
                .filter(Q(from_organisation__metro_area=zone) | Q(to_organisation__metro_area=zone)))
    rows = (touching.values("from_organisation__province", "to_organisation__province",
                            "from_organisation__metro_area", "to_organisation__metro_area")
            .annotate(n=Count("pk")))
    inside = across = 0
    pairs = defaultdict(int)
    for row in rows:
        both = row["from_organisation__metro_area"] == zone and row["to_organisation__metro_area"] == zone
        if both:
            inside += row["n"]
        else:
            across += row["n"]
        pairs[(row["from_organisation__province"] or "", row["to_organisation__province"] or "", both)] += row["n"]
    provinces = [{"from_province": source, "to_province": target, "inside": both, "count": n}
                 for (source, target, both), n in pairs.items()]
    provinces.sort(key=lambda row: (-row["count"], row["from_province"], row["to_province"]))
    return {"inside": inside, "across": across, "provinces": provinces}


def responsive(scope):
    """The zone's organisations that answer the interests they receive most often, then fastest."""
    received = replace(scope, zone="").interests().filter(to_organisation__metro_area=scope.zone)
    counts = received.values("to_organisation").annotate(
        received=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    durations = defaultdict(list)
    for org_id, created, answered in received.filter(answered_at__isnull=False).values_list(
            "to_organisation", "created_at", "answered_at").iterator(chunk_size=5000):
        durations[org_id].append(answered - created)
    names = dict((pk, (slug, zh, en)) for pk, slug, zh, en in Organisation.objects.filter(
        pk__in=[row["to_organisation"] for row in counts]).values_list("pk", "slug", "name_zh", "name_en"))
    rows = []
    for row in counts:
        org_id = row["to_organisation"]
        slug, zh, en = names[org_id]
        spent = durations.get(org_id)
        rows.append({"slug": slug, "name_zh": zh, "name_en": en, "received": row["received"],
                     "answered": row["answered"], "rate": rate(row["answered"], row["received"]),
                     "median_hours": hours(median(spent)) if spent else None})
    rows.sort(key=lambda r: (-(r["rate"] or 0), r["median_hours"] if r["median_hours"] is not None else 1e12,
                             -r["received"], r["slug"]))
    return rows[:RESPONSIVE_LIMIT]
