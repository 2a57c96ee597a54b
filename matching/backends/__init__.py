"""`get_search_backend()`: the configured backend, with the database as the fallback when Elasticsearch is
unreachable. Reads fall back (results marked `fallback`); writes, rebuilds and repairs go to Elasticsearch
alone (an unreachable one raises SearchUnavailable; the scheduled reconcile repairs the index afterwards)."""
import logging

from ..app_settings import app_settings
from .base import REBUILD_BATCH, SYSTEM_VIEWER, SearchBackend, SearchQuery, SearchResults, SearchUnavailable

__all__ = ["SYSTEM_VIEWER", "SearchQuery", "SearchUnavailable", "get_search_backend"]
logger = logging.getLogger(__name__)


class FallbackBackend(SearchBackend):
    def __init__(self, primary, fallback):
        self.primary = primary
        self.fallback = fallback
        self.last_fell_back = False

    @property
    def name(self):
        return self.primary.name

    def _read(self, operation, *args, **kwargs):
        try:
            self.last_fell_back = False
            return getattr(self.primary, operation)(*args, **kwargs)
        except SearchUnavailable:
            self.last_fell_back = True
            result = getattr(self.fallback, operation)(*args, **kwargs)
            if isinstance(result, SearchResults):
                result.fallback, result.backend = True, self.fallback.name
            return result

    def index_listings(self, listing_ids, *, refresh=False):
        self.primary.index_listings(listing_ids, refresh=refresh)

    def delete_listings(self, listing_ids, *, refresh=False):
        self.primary.delete_listings(listing_ids, refresh=refresh)

    def rebuild(self, *, batch_size=REBUILD_BATCH, progress=None):
        return self.primary.rebuild(batch_size=batch_size, progress=progress)

    def reconcile(self, *, dry_run=False):
        return self.primary.reconcile(dry_run=dry_run)

    def search(self, query):
        return self._read("search", query)

    def match(self, listing, viewer, *, limit=10, include_ids=None):
        return self._read("match", listing, viewer, limit=limit, include_ids=include_ids)

    def similar(self, listing, viewer, *, limit=5):
        return self._read("similar", listing, viewer, limit=limit)

    def suggest(self, prefix, viewer, *, limit=8):
        return self._read("suggest", prefix, viewer, limit=limit)


def get_search_backend(name=None):
    from .database import DatabaseBackend

    name = name or app_settings.BACKEND
    if name == "database":
        return DatabaseBackend()
    if name == "elasticsearch":
        from .elasticsearch import ElasticsearchBackend

        return FallbackBackend(ElasticsearchBackend(), DatabaseBackend())
    raise ValueError(f"Unknown SEARCH_BACKEND {name!r}: use 'database' or 'elasticsearch'.")
