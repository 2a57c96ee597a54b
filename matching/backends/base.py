"""The one interface of the search backends and the shapes of what they return."""
from dataclasses import asdict, dataclass, field, replace

from django.utils import timezone

from marketplace.models import Listing

SORTS = ("relevance", "newest", "deadline")
REBUILD_BATCH = 1000  # listings read and written per batch by a rebuild


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
    # How much of the text a hit holds (matching.glossary.Expansion): "most" of its glossary phrases and other words;
    # "topic": its glossary phrases, the other words only rank (the backends retry so when "most" found nothing);
    # "any": one of them (the relaxed query suggested when nothing is found).
    words: str = "most"

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


def topic_retry(query, results):
    """The query holding only its glossary phrases, when holding most of its words found nothing and it has both
    phrases and other words (else the answer would be the same); None otherwise."""
    from ..glossary import expand_query

    if results.total or query.words != "most" or not query.text.strip():
        return None
    expansion = expand_query(query.text)
    return replace(query, words="topic") if expansion.phrases and expansion.words else None


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


@dataclass
class RebuildReport:
    index: str  # the index now behind the alias ("" for the database, its own index)
    listings: int  # published listings written
    caught_up: int = 0  # rows changed during the build, written again afterwards
    dropped: list = field(default_factory=list)  # the indexes the alias left

    def as_dict(self):
        return asdict(self)


@dataclass
class ReconcileReport:
    in_database: int = 0
    in_index: int = 0
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    def as_dict(self):
        data = asdict(self)
        for name in ("missing", "stale", "extra"):
            data[name] = len(data[name])
        return data


class SearchBackend:
    """What every backend does, with the same signature everywhere (the contract suite checks it): the listing,
    the viewer or the query positional, every option keyword-only. Reads apply the hard filters (published, not
    past the deadline, visible to the viewer); writes make the index agree with the database rows, and running
    one twice gives the same index."""

    name = "base"

    # ---- writes ---------------------------------------------------------------------------------------------
    def index_listings(self, listing_ids, *, refresh=False):
        """Index those of the listings that are published and remove the others; `refresh`: readable at once."""
        raise NotImplementedError

    def delete_listings(self, listing_ids, *, refresh=False):
        raise NotImplementedError

    def rebuild(self, *, batch_size=REBUILD_BATCH, progress=None):
        """Make the whole index again from the database without a moment of an empty index: RebuildReport.
        `progress`: a tqdm-like factory for a progress bar."""
        raise NotImplementedError

    def reconcile(self, *, dry_run=False):
        """Find what the index misses, holds stale or holds in excess, and repair it unless `dry_run`:
        ReconcileReport."""
        raise NotImplementedError

    # ---- reads ----------------------------------------------------------------------------------------------
    def search(self, query):
        """SearchResults of a SearchQuery (its viewer decides what may be found)."""
        raise NotImplementedError

    def match(self, listing, viewer, *, limit=10, include_ids=None):
        """Best counterparts of `listing` (a Listing or ListingProfile) the viewer may see, other than the
        listing's own organisation's: [MatchResult], best first, at most `limit` (None: every candidate).
        `include_ids`: score exactly these counterparts instead, however far outside the usual candidates they
        are (those the viewer may see and the probe shares text or taxonomy with), e.g. an event's listings."""
        raise NotImplementedError

    def similar(self, listing, viewer, *, limit=5):
        """Listings of the same kind closest to `listing` by text: [SearchHit]."""
        raise NotImplementedError

    def suggest(self, prefix, viewer, *, limit=8):
        """[{"text", "listing_id"}] titles and keywords starting with the prefix."""
        raise NotImplementedError
