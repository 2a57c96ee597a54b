"""Does a listing fit a saved search? The saved parameters (those of the search page and /api/v1/search/: `q` and
the facets of matching.facets) run through the search's own database conditions, restricted to that one listing:
an alert announces a listing the saved search would show."""
import json

from matching.backends import SYSTEM_VIEWER
from matching.backends.database.filters import filter_for, text_filter, visible_base
from matching.facets import FACETS

PARAMETERS = ("q", *FACETS)


def clean_query(raw):
    """{name: [values]} of the search parameters in a QueryDict, a dict of lists or a dict of strings; empty
    values and anything else (page, sort ...) dropped."""
    if hasattr(raw, "lists"):
        items = raw.lists()
    else:
        items = ((key, value if isinstance(value, (list, tuple)) else [value]) for key, value in (raw or {}).items())
    query = {}
    for key, values in items:
        if key not in PARAMETERS:
            continue
        values = [str(value).strip() for value in values if str(value).strip()]
        if values:
            query[key] = values[:20]
    return query


def query_fits(query, listing_id):
    """True when the listing is among what the saved query finds; a query of no search parameter finds nothing."""
    query = clean_query(query)
    if not query:
        return False
    listings = visible_base(SYSTEM_VIEWER).filter(pk=listing_id)  # whoever may read it is decided by readers_of
    text = " ".join(query.pop("q", []))
    if text:
        listings = listings.filter(text_filter(text))
    for name, values in query.items():
        listings = listings.filter(filter_for(name, values))
    return listings.exists()


class ListingFacts:
    """One listing tested against many saved searches: each distinct query is asked once."""

    def __init__(self, listing):
        self.listing_id = listing.pk
        self._answers = {}

    def fits(self, query):
        key = json.dumps(query, sort_keys=True, ensure_ascii=False)
        if key not in self._answers:
            self._answers[key] = query_fits(query, self.listing_id)
        return self._answers[key]


def listing_fits(query, facts):
    return facts.fits(query)
