"""The Elasticsearch backend: sends what `queries.py` builds (full-text search with facets, matching, similar,
suggestions) and reads the answers; writes through `index.py`."""
import logging

from elasticsearch import NotFoundError

from marketplace.models import Listing

from ...app_settings import app_settings
from ...documents import profile_from_document
from ...facets import FACETS
from ...profiles import ListingProfile, profile_from_listing, profiles_for_ids
from ...scoring import rank
from ...text import TUNING, aggregate
from ...text import works as text_works
from ..base import REBUILD_BATCH, SearchBackend, SearchHit, SearchResults, topic_retry
from . import index as es_index
from . import maintenance, queries
from .client import IndexMissing, get_client, raise_missing, unavailable_on_transport_errors

logger = logging.getLogger(__name__)

CANDIDATES = 60  # counterparts retrieved by text and taxonomy before the blend re-ranks them
_ALIASES_SEEN = set()  # aliases known to exist in this process (reads skip the check)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, index=None, client=None, tuning=None):
        self._index = index
        self._client = client
        self.tuning = tuning or TUNING

    @property
    def client(self):
        return self._client or get_client()

    @property
    def index(self):
        return self._index or app_settings.LISTINGS_ALIAS

    def _ensure(self):
        if self._index is None:
            es_index.ensure_alias(self.client, self.index)
            _ALIASES_SEEN.add(self.index)

    def _read(self, call):
        """Run a read. The alias is made on the first miss instead of being checked before every read (a
        round trip that cost a match ~10 ms at 100,000 listings); a vanished alias is made again."""
        if self._index is not None or self.index in _ALIASES_SEEN:
            try:
                return call()
            except (NotFoundError, IndexMissing):
                _ALIASES_SEEN.discard(self.index)
        self._ensure()
        return call()

    def _multi(self, action, call):
        """A multi-request (msearch, mtermvectors) whose items may fail one by one."""
        with unavailable_on_transport_errors(action):
            return self._read(lambda: raise_missing(call()))

    # ---- writes -------------------------------------------------------------------------------------------
    def index_listings(self, listing_ids, *, refresh=False):
        """Index what is published and delete the rest: re-reads the rows, so running it twice is harmless."""
        listing_ids = list(listing_ids)
        with unavailable_on_transport_errors("indexing"):
            self._ensure()
            profiles = profiles_for_ids(listing_ids)
            indexable = [p for p in profiles if p.status == Listing.Status.PUBLISHED]
            keep = {p.id for p in indexable}
            gone = [i for i in listing_ids if i not in keep]
            es_index.bulk_write(self.client, self.index, indexable, gone, refresh=refresh)

    def delete_listings(self, listing_ids, *, refresh=False):
        with unavailable_on_transport_errors("deleting"):
            self._ensure()
            es_index.bulk_write(self.client, self.index, (), list(listing_ids), refresh=refresh)

    def rebuild(self, *, batch_size=REBUILD_BATCH, progress=None):
        with unavailable_on_transport_errors("rebuild"):
            return maintenance.rebuild(self, batch_size=batch_size, progress=progress)

    def reconcile(self, *, dry_run=False):
        with unavailable_on_transport_errors("reconcile"):
            return maintenance.reconcile(self, dry_run=dry_run)

    # ---- search -------------------------------------------------------------------------------------------
    def search_request(self, query):
        return queries.search_request(query, self.tuning, using=self.client, index=self.index)

    def search(self, query):
        results = self._search(query)
        retry = topic_retry(query, results)
        return self._search(retry) if retry else results

    def _search(self, query):
        with unavailable_on_transport_errors("search"):
            response = self._read(self.search_request(query).execute)
        hits = [SearchHit(listing_id=int(hit.meta.id), score=hit.meta.score or 0.0, title=hit.title, kind=hit.kind)
                for hit in response.hits]
        facets = {}
        if query.facets:
            aggs = response.aggregations
            for name, facet in FACETS.items():
                buckets = getattr(aggs, name)["values"]["buckets"]
                if facet.range_fields:
                    facets[name] = {key: b["doc_count"] for key, b in buckets.to_dict().items() if b["doc_count"]}
                else:
                    facets[name] = {b["key"]: b["doc_count"] for b in buckets}
        return SearchResults(hits=hits, total=response.hits.total.value, facets=facets, page=max(1, query.page),
                             page_size=query.page_size, backend=self.name)

    # ---- match / similar ----------------------------------------------------------------------------------
    def _profile(self, listing):
        return listing if isinstance(listing, ListingProfile) else profile_from_listing(listing)

    def probe_works(self, probe):
        """(the works of the probe, one query each)."""
        works = text_works(probe)
        selected = self.selected_terms(works)
        return works, [queries.work_query(work, {field: terms for (position, field), terms in selected.items()
                                                 if position == i}, self.tuning) for i, work in enumerate(works)]

    def selected_terms(self, works):
        """{(position, field): {term: frequency}}: the informative terms of the long works, chosen with the index's
        own term statistics (one _mtermvectors call; see queries.selected_terms)."""
        docs, positions = queries.termvector_requests(self.index, works, self.tuning)
        if not docs:
            return {}
        found = self._multi("match", lambda: self.client.mtermvectors(docs=docs)["docs"])
        return queries.selected_terms(positions, found, self.tuning)

    def match_requests(self, probe, viewer, kinds, size, exclude_organisation, include_ids=None):
        """(filters, the works' queries, msearch body, role of each request): what a match sends first (the
        benchmark sends it alone as the raw floor)."""
        _, work_queries = self.probe_works(probe)
        work_queries = [q for q in work_queries if q is not None]
        exclude = [probe.id] if probe.id is not None else []
        filters = queries.hard_filters(kinds, viewer, exclude, exclude_organisation)
        body, roles = queries.match_requests(self.index, probe, filters, work_queries, size, include_ids)
        return filters, work_queries, body, roles

    def _text_candidates(self, probe, viewer, kinds, size, exclude_organisation, include_ids=None):
        """({candidate id: text score}, {candidate id: its source}). One work (a listing): one query. A profile
        of many works: each work retrieves its best, then every work scores every candidate (one request per
        work over their ids), and a candidate's score is the aggregate of its work scores."""
        filters, work_queries, body, roles = self.match_requests(probe, viewer, kinds, size, exclude_organisation,
                                                                 include_ids)
        if not work_queries:
            return {}, {}
        responses = self._multi("match", lambda: self.client.msearch(searches=body)["responses"])
        per_work, sources = {}, {}
        for (role, position), response in zip(roles, responses, strict=True):
            for hit in response["hits"]["hits"]:
                sources[hit["_id"]] = hit["_source"]
                if role == queries.TEXT:
                    per_work.setdefault(hit["_id"], {})[position] = max(0.0, hit["_score"] or 0.0)
        if len(work_queries) > 1 and sources:
            body = queries.scoring_requests(self.index, filters, work_queries, sources)
            responses = self._multi("match", lambda: self.client.msearch(searches=body)["responses"])
            per_work = {}
            for position, response in enumerate(responses):
                for hit in response["hits"]["hits"]:
                    per_work.setdefault(hit["_id"], {})[position] = max(0.0, hit["_score"] or 0.0)
        text_scores = {doc_id: aggregate(per_work.get(doc_id, {}), len(work_queries), self.tuning)
                       for doc_id in sources}
        return text_scores, sources

    def match(self, listing, viewer, *, limit=10, include_ids=None):
        probe = self._profile(listing)
        size = max(CANDIDATES, limit or 0)
        text_scores, sources = self._text_candidates(probe, viewer, [probe.counterpart_kind], size,
                                                     probe.organisation_id, include_ids)
        pairs = [(profile_from_document(doc_id, sources[doc_id]), score) for doc_id, score in text_scores.items()]
        if not include_ids:
            return rank(probe, pairs, limit)
        # Scored among the usual candidates (the text part is relative to the best of them), then only those asked.
        wanted = {str(i) for i in include_ids}
        return [result for result in rank(probe, pairs, None) if str(result.listing_id) in wanted]

    def similar(self, listing, viewer, *, limit=5):
        probe = self._profile(listing)
        text_scores, sources = self._text_candidates(probe, viewer, [probe.kind], limit, None)
        ordered = sorted(text_scores.items(), key=lambda item: item[1], reverse=True)[:limit]
        return [SearchHit(listing_id=int(sources[d].get("listing_id") or d), score=s, title=sources[d]["title"],
                          kind=sources[d]["kind"]) for d, s in ordered]

    def suggest(self, prefix, viewer, *, limit=8):
        prefix = prefix.strip()
        if not prefix:
            return []
        search = queries.suggest_request(prefix, viewer, limit, using=self.client, index=self.index)
        with unavailable_on_transport_errors("suggest"):
            response = self._read(search.execute)
        seen, suggestions = set(), []
        lowered = prefix.lower()
        for hit in response.hits:
            texts = [hit.title] + [k for k in (hit.keywords or []) if k.lower().startswith(lowered)]
            for text in texts:
                if text.lower() not in seen:
                    seen.add(text.lower())
                    suggestions.append({"text": text, "listing_id": int(hit.meta.id)})
        return suggestions[:limit]
