"""Does a listing fit a saved search? The browse/search page's filters, checked in Python against one listing
(it runs once per newly published listing, over every saved search)."""
import re

IGNORED = {"page", "sort", "csrfmiddlewaretoken", "per_page", "format"}
# Parameter names the search page may use for each filter.
ALIASES = {
    "q": ("q", "query", "text", "search"),
    "kind": ("kind",),
    "sector": ("sector", "sectors"),
    "technology": ("technology", "technologies", "tech"),
    "collaboration_type": ("collaboration", "collaboration_type", "collaboration_types", "collab"),
    "region": ("region", "metro_area", "metro"),
    "province": ("province",),
    "organisation_kind": ("organisation_kind", "org_kind", "orgkind"),
    "trl": ("trl", "readiness"),
}


def clean_query(raw):
    """{name: [values]} from a QueryDict, a dict of lists or a dict of strings; empty values dropped."""
    if hasattr(raw, "lists"):
        items = raw.lists()
    else:
        items = ((key, value if isinstance(value, (list, tuple)) else [value]) for key, value in (raw or {}).items())
    query = {}
    for key, values in items:
        if key in IGNORED:
            continue
        values = [str(value).strip() for value in values if str(value).strip()]
        if values:
            query[key] = values[:20]
    return query


def query_values(query, name):
    """The values a saved search gives one filter, under any of the names the search page and the API use."""
    found = []
    for alias in ALIASES[name]:
        for value in query.get(alias, []):
            found.extend(part for part in re.split(r"[,，]", value) if part.strip())
    return [value.strip() for value in found]


class ListingFacts:
    """What a saved search can test, read once per listing."""

    def __init__(self, listing):
        self.listing = listing
        self.kind = listing.kind
        self.sectors = set(listing.sectors.values_list("slug", flat=True))
        self.technologies = set(listing.technologies.values_list("slug", flat=True))
        self.collaboration_types = set(listing.collaboration_types.values_list("slug", flat=True))
        self.region = listing.metro_area or listing.organisation.metro_area
        self.province = listing.province or listing.organisation.province
        self.organisation_kind = listing.organisation.kind
        self.text = " ".join([listing.title, listing.summary, " ".join(map(str, listing.keywords or []))]).lower()


def listing_fits(query, facts):
    """True when every filter of the saved search accepts the listing (filters of one name are OR-ed)."""
    checks = (
        ("kind", lambda values: facts.kind in values),
        ("sector", lambda values: facts.sectors & set(values)),
        ("technology", lambda values: facts.technologies & set(values)),
        ("collaboration_type", lambda values: facts.collaboration_types & set(values)),
        ("region", lambda values: facts.region in values),
        ("province", lambda values: facts.province in values),
        ("organisation_kind", lambda values: facts.organisation_kind in values),
        ("trl", lambda values: _trl_fits(values, facts.listing)),
    )
    for name, accepts in checks:
        values = query_values(query, name)
        if values and not accepts(values):
            return False
    terms = [term.lower() for value in query_values(query, "q") for term in value.split()]
    return all(term in facts.text for term in terms)


def _trl_fits(values, listing):
    for value in values:
        try:
            level = int(value)
        except ValueError:
            continue
        if listing.trl_min <= level <= listing.trl_max:
            return True
    return False
