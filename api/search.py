"""The API's door to the matching engine. Search and matches go through `matching.backends.get_search_backend()`
(the same backend, facets and scoring as the site) when the engine provides it; until then, and whenever it
raises SearchUnavailable, a small database fallback answers with the same shapes. The database stays the truth:
hits are re-read through the visibility selectors before they are shown."""
import datetime
import logging
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Region
from marketplace.models import Listing
from marketplace.selectors import published_visible_to
from matching.highlight import highlight_terms, snippets

from .selectors import listings_attach_taxonomy

logger = logging.getLogger(__name__)

FACET_FIELDS = {
    "kind": "kind",
    "sector": "sectors__slug",
    "technology": "technologies__slug",
    "collaboration": "collaboration_types__slug",
    "region": "metro_area",
    "province": "province",
    "org_kind": "organisation__kind",
}
SORTS = ("relevance", "newest", "deadline")


def engine():
    """The site's search backend, or None while the matching engine does not provide one."""
    try:
        from matching.backends import get_search_backend
    except ImportError:
        return None
    return get_search_backend()


def _unavailable_errors():
    try:
        from matching.backends.base import SearchUnavailable
    except ImportError:
        return ()
    return (SearchUnavailable,)


@dataclass
class ApiSearchResult:
    total: int
    hits: list  # [(listing, score, highlights)]
    facets: dict = field(default_factory=dict)
    backend: str = "database"


def search(*, user, text, filters, sort, page, page_size, facets=False):
    backend = engine()
    if backend is not None:
        try:
            return _engine_search(backend, user, text, filters, sort, page, page_size, facets)
        except _unavailable_errors() as error:
            logger.warning("search backend unavailable, answering from the database: %s", error)
    return _database_search(user, text, filters, sort, page, page_size, facets)


def _visible_in_order(user, ids):
    listings = listings_attach_taxonomy(published_visible_to(user).filter(pk__in=ids).select_related("organisation"))
    by_id = {listing.pk: listing for listing in listings}
    return [by_id[i] for i in ids if i in by_id]


def _engine_search(backend, user, text, filters, sort, page, page_size, facets):
    from matching.backends.base import SearchQuery

    query = SearchQuery(text=text, filters=filters, sort=sort, page=page, page_size=page_size, viewer=user,
                        facets=facets)
    results = backend.search(query)
    ids = [hit.listing_id for hit in results.hits]
    listings = {listing.pk: listing for listing in _visible_in_order(user, ids)}
    terms = highlight_terms(text)
    hits = [(listings[hit.listing_id], hit.score, snippets(vars(listings[hit.listing_id]), terms))
            for hit in results.hits if hit.listing_id in listings]
    # During a fallback the database answered, not the backend that was asked.
    return ApiSearchResult(total=results.total, hits=hits, facets=results.facets,
                           backend=getattr(results, "backend", "") or getattr(backend, "name", "engine"))


def _database_search(user, text, filters, sort, page, page_size, facets):
    base = published_visible_to(user)
    words = [word for word in text.split() if word][:10]
    for word in words:
        base = base.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
                           | Q(keywords__icontains=word))

    def narrowed(queryset, skip=None):
        for name, values in filters.items():
            if name == skip or not values:
                continue
            if name == "trl":
                levels = [int(v) for v in values]
                queryset = queryset.filter(trl_min__lte=max(levels), trl_max__gte=min(levels))
            else:
                queryset = queryset.filter(**{f"{FACET_FIELDS[name]}__in": values})
        return queryset

    results = narrowed(base).distinct()
    counts = {}
    for name, path in FACET_FIELDS.items() if facets else ():
        rows = narrowed(base, skip=name).exclude(**{f"{path}__isnull": True}).exclude(**{path: ""}).values(path)
        counts[name] = {row[path]: row["n"] for row in rows.annotate(n=Count("pk", distinct=True)).order_by("-n")}
    if sort == "deadline":
        results = results.order_by("deadline", "-published_at", "-pk")
    else:  # the database has no relevance: newest first
        results = results.order_by("-published_at", "-pk")
    total = results.count()
    start = (page - 1) * page_size
    page_listings = list(results.select_related("organisation").prefetch_related(
        "sectors", "technologies", "collaboration_types")[start:start + page_size])
    terms = highlight_terms(text)
    hits = [(listing, 0.0, snippets(vars(listing), terms)) for listing in page_listings]
    return ApiSearchResult(total=total, hits=hits, facets=counts, backend="database-fallback")


# ---- matches ---------------------------------------------------------------------------------------------------

@dataclass
class ApiMatch:
    listing: object
    score: float
    parts: dict
    reasons_zh: list
    reasons_en: list
    state: str = ""


def matches(*, user, listing, limit):
    """Best counterparts of `listing` visible to `user`. With the matching engine: its stored matches (computed
    in the background when a listing is published), read through its selector exactly as the listing's page
    does. Without it: a live match from a backend, else the database fallback."""
    try:
        from matching.selectors import listing_matches
    except ImportError:
        listing_matches = None
    if listing_matches is not None:
        # The selector already keeps only counterparts the viewer may read (and brings them with their
        # organisation): reading them again would double the database work of this endpoint.
        rows = listing_matches(listing=listing, viewer=user, limit=limit)
        other = "capability" if listing.kind == Listing.Kind.NEED else "need"
        counterparts = listings_attach_taxonomy(getattr(r, other) for r in rows)
        return [ApiMatch(counterpart, float(r.score), r.parts or {}, list(r.reasons_zh or []),
                         list(r.reasons_en or []), r.state)
                for r, counterpart in zip(rows, counterparts)]
    backend = engine()
    if backend is not None:
        try:
            results = backend.match(listing, user, limit=limit)
        except _unavailable_errors() as error:
            logger.warning("match backend unavailable, answering from the database: %s", error)
        else:
            ids = [int(result.listing_id) for result in results]
            visible = {item.pk: item for item in _visible_in_order(user, ids)}
            return [ApiMatch(visible[int(r.listing_id)], r.score, r.parts, r.reasons_zh, r.reasons_en)
                    for r in results if int(r.listing_id) in visible]
    return _database_matches(user, listing, limit)


def _database_matches(user, listing, limit):
    """A plain blend on shared taxonomy, collaboration, region, readiness and freshness (no text relevance)."""
    sectors = set(listing.sectors.values_list("slug", flat=True))
    technologies = set(listing.technologies.values_list("slug", flat=True))
    collaboration = set(listing.collaboration_types.values_list("slug", flat=True))
    candidates = (
        published_visible_to(user).filter(kind=listing.counterpart_kind).exclude(organisation=listing.organisation)
        .filter(Q(sectors__slug__in=sectors) | Q(technologies__slug__in=technologies)).distinct()
        .select_related("organisation").prefetch_related("sectors", "technologies", "collaboration_types")[:200]
    )
    now = timezone.now()
    scored = []
    for other in candidates:
        o_sectors = {t.slug for t in other.sectors.all()}
        o_tech = {t.slug for t in other.technologies.all()}
        o_collab = {t.slug for t in other.collaboration_types.all()}
        shared_sectors, shared_tech = sectors & o_sectors, technologies & o_tech
        parts = {
            "text": 0.0,
            "taxonomy": (len(shared_sectors) + len(shared_tech)) / max(1, len(sectors) + len(technologies)),
            "collaboration": 1.0 if collaboration & o_collab else 0.0,
            "region": 1.0 if (other.remote_ok or listing.remote_ok
                              or (listing.metro_area and listing.metro_area == other.metro_area)) else 0.0,
            "readiness": 1.0 if (other.trl_min <= listing.trl_max and listing.trl_min <= other.trl_max) else 0.0,
            "freshness": 0.5 ** (((now - (other.published_at or now)) / datetime.timedelta(days=90))),
        }
        score = round(0.5 * parts["taxonomy"] + 0.15 * parts["collaboration"] + 0.1 * parts["region"]
                      + 0.15 * parts["readiness"] + 0.1 * parts["freshness"], 4)
        reasons_zh, reasons_en = [], []
        if shared_sectors or shared_tech:
            reasons_zh.append("共同领域或技术：" + "、".join(sorted(shared_sectors | shared_tech)))
            reasons_en.append("Shared sectors or technologies: " + ", ".join(sorted(shared_sectors | shared_tech)))
        if parts["readiness"]:
            reasons_zh.append(f"技术成熟度相符（TRL {other.trl_min}–{other.trl_max}）")
            reasons_en.append(f"Readiness fits (TRL {other.trl_min}–{other.trl_max})")
        if listing.metro_area and listing.metro_area == other.metro_area:
            reasons_zh.append("同在" + str(Region(listing.metro_area).label))
            reasons_en.append("Same region")
        scored.append(ApiMatch(other, score, parts, reasons_zh, reasons_en))
    scored.sort(key=lambda m: (-m.score, -m.listing.pk))
    return scored[:limit]
