"""The Elasticsearch backend: sends what `queries.py` builds (full-text search with facets, matching, similar,
suggestions) and reads the answers; writes through `index.py`."""
import logging

from elasticsearch import NotFoundError

from marketplace.models import Listing

from ... import conf
from ...documents import profile_from_document
from ...profiles import ListingProfile, profile_from_listing, profiles_for_ids
from ...scoring import rank
from ...text import TUNING, probing_text, segments
from ...facets import FACETS
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
        return self._index or conf.listings_alias()

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

    def probe_pieces(self, probe):
        """(paragraphs of the probing text, their selected terms)."""
        pieces = segments(probing_text(probe), self.tuning)
        return pieces, self.selected_terms(pieces)

    def selected_terms(self, pieces):
        """{position: (suffix, {term: frequency})}: the informative terms of the long paragraphs, chosen with the
        index's own term statistics (one _mtermvectors call; see queries.selected_terms)."""
        docs, positions = queries.termvector_requests(self.index, pieces, self.tuning)
        if not docs:
            return {}
        found = self._multi("match", lambda: self.client.mtermvectors(docs=docs)["docs"])
        return queries.selected_terms(positions, found, self.tuning)

    def match_requests(self, probe, viewer, kinds, size, exclude_organisation, prepared=None, include_ids=None):
        """(pieces, msearch body, role of each request) of a match; `prepared`: the (pieces, selected terms) if
        already made."""
        pieces, selected = prepared or self.probe_pieces(probe)
        exclude = [probe.id] if probe.id is not None else []
        filters = queries.hard_filters(kinds, viewer, exclude, exclude_organisation)
        body, roles = queries.match_requests(self.index, probe, filters, pieces, selected, size, self.tuning,
                                             include_ids)
        return pieces, body, roles

    def _text_candidates(self, probe, viewer, kinds, size, exclude_organisation, include_ids=None):
        prepared = pieces, selected = self.probe_pieces(probe)
        _, body, roles = self.match_requests(probe, viewer, kinds, size, exclude_organisation, prepared, include_ids)
        if not body:
            return {}, {}
        responses = self._multi("match", lambda: self.client.msearch(searches=body)["responses"])
        text_scores, sources = {}, {}
        for role, response in zip(roles, responses):
            for hit in response["hits"]["hits"] if role != queries.FEEDBACK else ():
                text = max(0.0, hit["_score"] or 0.0) if role == queries.TEXT else 0.0
                text_scores[hit["_id"]] = max(text_scores.get(hit["_id"], 0.0), text)
                sources[hit["_id"]] = hit["_source"]
        sourced = queries.feedback_sources(pieces, selected, self.tuning)
        probe_best = [hit["_id"] for hit in responses[0]["hits"]["hits"]]
        best = {position: probe_best for position in queries.expandable(selected, self.tuning)}
        best.update({position: [hit["_id"] for hit in response["hits"]["hits"]] for position, response in
                     zip(sourced, [r for role, r in zip(roles, responses) if role == queries.FEEDBACK])})
        self._feedback(selected, best, text_scores)
        return text_scores, sources

    def _feedback(self, selected, best, text_scores):
        """Pseudo-relevance feedback (RM3) for the English paragraphs that query selected terms: each adds the
        score of the likeliest words of its best hits (`queries.feedback_terms`), in its own share and place,
        queried over the candidates only: one _mtermvectors call and one small query of ~10 words a paragraph. A
        second retrieval with the whole expanded queries cost a match as much again (p95 42 -> 67 ms at
        100,000)."""
        k = self.tuning.get("feedback_docs") or 0
        best = {position: hits[:k] for position, hits in best.items() if hits[:k]}
        if not best or not text_scores:
            return
        # No term statistics: they cost a lookup per word of every hit; the feedback words are only queried over
        # the candidates, so frequent ones cost little there.
        docs = [{"_index": self.index, "_id": doc_id, "fields": ["description.en"], "term_statistics": False,
                 "field_statistics": False, "positions": False, "offsets": False}
                for doc_id in sorted({d for hits in best.values() for d in hits})]
        found = self._multi("match", lambda: self.client.mtermvectors(docs=docs)["docs"])
        vectors = {doc["_id"]: ((doc.get("term_vectors") or {}).get("description.en") or {}).get("terms") or {}
                   for doc in found}
        query = queries.feedback_query(selected, best, vectors, self.tuning, text_scores)
        if query is None:
            return
        body = [{"index": self.index},
                {"query": query.to_dict(), "size": len(text_scores), "_source": False, "track_total_hits": False}]
        responses = self._multi("match", lambda: self.client.msearch(searches=body)["responses"])
        for hit in responses[0]["hits"]["hits"]:
            text_scores[hit["_id"]] += max(0.0, hit["_score"] or 0.0)

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
