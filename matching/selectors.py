"""Reads of the matching app. Everything shown to a person is filtered again by the database's visibility
rules (`published_visible_to`), whatever the index said."""
from django.db.models import F, Q
from django.utils import timezone

from accounts.permissions import role_of
from accounts.places import place_name
from marketplace.models import Listing
from marketplace.selectors import published_visible_to

from .backends import get_search_backend
from .facets import FACETS
from .highlight import highlight_terms, snippets
from .models import Match


def _live(viewer):
    today = timezone.localdate()
    return published_visible_to(viewer).filter(Q(deadline__isnull=True) | Q(deadline__gte=today))


def _hydrate(hits, viewer, text=""):
    """Attach Listing rows to hits, dropping any the viewer may not read (the index can be a moment behind), and
    the snippets of `text` in their title, summary and description."""
    ids = [hit.listing_id for hit in hits]
    rows = {row.pk: row for row in _live(viewer).filter(pk__in=ids).select_related("organisation")}
    terms = highlight_terms(text)
    kept = []
    for hit in hits:
        if hit.listing_id in rows:
            hit.listing = rows[hit.listing_id]
            title, summary = hit.listing.in_language()  # the reader's language when the listing has it
            hit.highlights = snippets(dict(vars(hit.listing), title=title, summary=summary), terms)
            kept.append(hit)
    return kept


def search_listings(*, query):
    backend = get_search_backend()
    results = backend.search(query)
    results.hits = _hydrate(results.hits, query.viewer, query.text)
    return results


def facet_value_label(name, value, labels):
    """How a facet value is shown: its label in the reader's language (provinces from our own table of places)."""
    return place_name(value) if name == "province" else labels.get(value, value)


def facet_groups(*, results, query):
    """[{"name", "title", "values": [{"value", "label", "count", "selected"}]}] in a stable order."""
    groups = []
    for name, facet in FACETS.items():
        counts = results.facets.get(name) or {}
        selected = set(query.values(name))
        labels = facet.value_labels()
        values = [{"value": value, "label": facet_value_label(name, value, labels), "count": count,
                   "selected": value in selected} for value, count in counts.items()]
        for value in selected - set(counts):
            values.append({"value": value, "label": facet_value_label(name, value, labels), "count": 0,
                           "selected": True})
        if facet.range_fields:
            values.sort(key=lambda v: int(v["value"]) if v["value"].isdigit() else 0)
        else:
            values.sort(key=lambda v: (-v["count"], str(v["label"])))
        groups.append({"name": name, "title": facet.title, "values": values})
    return groups


def listing_suggestions(*, prefix, viewer, limit=8):
    return get_search_backend().suggest(prefix[:100], viewer, limit=limit)


def similar_listings(*, listing, viewer, limit=5):
    return _hydrate(get_search_backend().similar(listing, viewer, limit=limit), viewer)


def listing_matches(*, listing, viewer, limit=5):
    """Stored matches of a listing whose counterpart the viewer may read, best first; dismissed ones hidden.
    (Shown to a member of the listing's organisation, they are then marked seen: services.matches_mark_seen.)"""
    visible = _live(viewer).values("pk")
    if listing.kind == Listing.Kind.NEED:
        matches = Match.objects.filter(need=listing, capability__in=visible).select_related(
            "capability", "capability__organisation")
    else:
        matches = Match.objects.filter(capability=listing, need__in=visible).select_related(
            "need", "need__organisation")
    return list(matches.exclude(state=Match.State.DISMISSED).order_by("-score")[:limit])


def match_of_member(*, user, pk):
    """(match, the user's own listing of the pair) when the user belongs to the organisation of one side and may
    read the other; None otherwise, the same answer as for a match that does not exist."""
    match = (Match.objects.select_related("need__organisation", "capability__organisation").filter(pk=pk).first()
             if getattr(user, "is_authenticated", False) else None)
    if match is None:
        return None
    for own, other in ((match.need, match.capability), (match.capability, match.need)):
        if role_of(user, own.organisation) and _live(user).filter(pk=other.pk).exists():
            return match, own
    return None


def new_match_count(*, listing):
    """How many of a listing's matches its owners have not looked at yet."""
    side = Q(need=listing) if listing.kind == Listing.Kind.NEED else Q(capability=listing)
    return Match.objects.filter(side, state=Match.State.NEW).count()


def search_query_from_filters(*, filters, user, page_size=20):
    """A SearchQuery from the marketplace BrowseForm's `filters()` (single values per field), so the browse
    page can be served by the engine: `search_listings(query=search_query_from_filters(...))`."""
    from .backends import SearchQuery

    text = (filters.get("q") or "").strip()
    chosen = {name: [str(filters[name])] for name in FACETS if filters.get(name) not in (None, "")}
    sort = filters.get("sort") or ("relevance" if text else "newest")
    try:
        page = max(1, int(filters.get("page") or 1))
    except (TypeError, ValueError):
        page = 1
    return SearchQuery(text=text, filters=chosen, sort=sort, page=page, page_size=page_size, viewer=user)


def leads_for(*, user, listings=10, per_listing=5):
    """The dashboard's leads inbox: for each published listing of the user's organisations, its open matches (new
    or seen; not dismissed, not yet contacted) whose counterpart the user may read, best first, with the
    counterpart's organisation at hand. Listings with the most new matches come first.
    Returns [{"listing", "matches": [(match, counterpart)], "new": count}]."""
    own = Listing.objects.filter(organisation__memberships__user=user, status=Listing.Status.PUBLISHED)
    readable = _live(user).values("pk")
    rows = (Match.objects.filter(state__in=[Match.State.NEW, Match.State.SEEN])
            .filter(Q(need__in=own, capability__in=readable) | Q(capability__in=own, need__in=readable))
            .exclude(need__organisation=F("capability__organisation"))
            .select_related("need__organisation", "capability__organisation").order_by("-score", "pk"))
    own_ids = set(own.values_list("pk", flat=True))
    groups = {}
    for match in rows:
        listing = match.need if match.need_id in own_ids else match.capability
        group = groups.setdefault(listing.pk, {"listing": listing, "matches": [], "new": 0})
        group["new"] += match.state == Match.State.NEW
        if len(group["matches"]) < per_listing:
            group["matches"].append((match, match.counterpart_of(listing)))
    ordered = sorted(groups.values(), key=lambda g: (-g["new"], -g["matches"][0][0].score))
    return ordered[:listings]
