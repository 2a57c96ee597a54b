"""The one interface of the search backends and the shapes of what they return."""
from dataclasses import dataclass, field

from django.utils import timezone

from marketplace.models import Listing

SORTS = ("relevance", "newest", "deadline")


class SearchUnavailable(Exception):
    """The search service cannot be reached; callers fall back to the database backend."""


class SystemViewer:
    """The matching engine's own eyes when it stores Match rows: every published visibility. Rows are
    filtered again by the reader's visibility when shown."""

    is_authenticated = True
    is_staff = True


SYSTEM_VIEWER = SystemViewer()


def audience(viewer):
    from marketplace.selectors import audience_visibilities

    if isinstance(viewer, SystemViewer):
        return list(Listing.Visibility.values)
    return [str(v) for v in audience_visibilities(viewer)]


def today():
    return timezone.localdate()


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict = field(default_factory=dict)  # facet name (matching.facets) -> list of values
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    viewer: object = None
    facets: bool = True

    def values(self, name):
        value = self.filters.get(name) or []
        if isinstance(value, (str, int)):
            value = [value]
        return [str(v) for v in value if str(v).strip()]

    @property
    def effective_sort(self):
        if self.sort not in SORTS or (self.sort == "relevance" and not self.text.strip()):
            return "newest"
        return self.sort


@dataclass
class SearchHit:
    listing_id: int
    score: float
    title: str
    kind: str
    highlights: dict = field(default_factory=dict)  # field -> safe HTML snippet with <mark>, from the database row
    listing: object = None  # filled from the database by the selector (the database is the truth)


@dataclass
class SearchResults:
    hits: list
    total: int
    facets: dict  # facet name -> {value: count}
    page: int
    page_size: int
    fallback: bool = False
    backend: str = ""  # the name of the backend that answered (the database during a fallback)

    @property
    def pages(self):
        return max(1, -(-self.total // self.page_size))


class SearchBackend:
    name = "base"

    # Writes
    def index_listings(self, listing_ids):
        raise NotImplementedError

    def delete_listings(self, listing_ids):
        raise NotImplementedError

    # Reads
    def search(self, query):
        raise NotImplementedError

    def match(self, listing, viewer, limit=10):
        """Best counterpart listings of `listing` (a Listing or ListingProfile): [MatchResult]."""
        raise NotImplementedError

    def similar(self, listing, viewer, limit=5):
        raise NotImplementedError

    def suggest(self, prefix, viewer, limit=8):
        """[{"text", "listing_id"}] titles and keywords starting with the prefix."""
        raise NotImplementedError
