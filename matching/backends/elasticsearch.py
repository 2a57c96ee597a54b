"""The Elasticsearch backend: full-text search with facets and highlights, matching, similar, suggestions."""
from elasticsearch_dsl import Q, Search

from marketplace.models import Listing

from .. import conf
from ..documents import TEXT_FIELDS, profile_from_document
from ..profiles import ListingProfile, profile_from_listing, profiles_for_ids
from ..scoring import rank
from ..text import TUNING, combine, probing_text, script_of, segments
from . import es_index
from .base import FACETS, TRL_LEVELS, SearchBackend, SearchHit, SearchResults, audience, today
from .es_client import get_client, unavailable_on_transport_errors

HIGHLIGHT_FIELDS = ("title", "summary", "description")
TAXONOMY_BOOST = 1.0
CANDIDATES = 60  # counterparts retrieved by text and taxonomy before the blend re-ranks them


def weighted_fields(suffix="", weight=1.0, tuning=TUNING):
    fields = tuning.get("field_weights") or TEXT_FIELDS
    return [f"{name}{suffix}^{boost * weight:g}" for name, boost in fields.items()]


def text_query(text, tuning=TUNING, minimum_should_match=None):
    """Chinese characters+bigrams, bigrams alone, and English words, each weighted by field. With
    `tuning["by_script"]`, a text in one script is only sent to that script's fields: faster, and English
    words do not also match as pseudo-Chinese shingles."""
    if tuning.get("query") == "mlt":
        # Only the most distinctive terms of the text (tf-idf against the index) become the query.
        return Q("bool", should=[
            Q("more_like_this", fields=[f"{name}{suffix}" for name in (tuning.get("field_weights") or TEXT_FIELDS)],
              like=text, max_query_terms=tuning.get("mlt_terms", 40), min_term_freq=1, min_doc_freq=1,
              minimum_should_match="1", boost=weight)
            for suffix, weight in (("", tuning["zh_weight"]), (".en", tuning["en_weight"]),
                                   (".bi", tuning["bi_weight"])) if weight], minimum_should_match=1)
    weights = {"": tuning["zh_weight"], ".bi": tuning["bi_weight"], ".en": tuning["en_weight"]}
    if tuning.get("by_script"):
        script = script_of(text)
        if script == "en":
            weights = {".en": tuning["en_weight"] or 1.0}
        elif script == "zh" and len(text) > tuning.get("long_zh_chars", 10**9):
            # A long Chinese text as single characters is thousands of high-frequency postings: its bigrams
            # carry the meaning at a fraction of the cost.
            weights = {".bi": tuning["bi_weight"] or 1.0}
        elif script == "zh":
            weights = {"": tuning["zh_weight"] or 1.0, ".bi": tuning["bi_weight"]}
    clauses = []
    for suffix, weight in weights.items():
        if not weight:
            continue
        options = {"query": text, "fields": weighted_fields(suffix, weight, tuning),
                   "type": tuning.get("type", "best_fields"), "tie_breaker": tuning["tie_breaker"]}
        if minimum_should_match:
            options["minimum_should_match"] = minimum_should_match
        clauses.append(Q("multi_match", **options))
    return Q("bool", should=clauses, minimum_should_match=1)


def hard_filters(kinds, viewer, exclude_ids=(), exclude_organisation=None):
    """Published, not past its deadline, visible to the viewer: applied to every read, counts included."""
    filters = [
        Q("term", status=Listing.Status.PUBLISHED),
        Q("terms", visibility=audience(viewer)),
        Q("bool", should=[Q("range", deadline={"gte": today().isoformat()}),
                          Q("bool", must_not=[Q("exists", field="deadline")])], minimum_should_match=1),
    ]
    if kinds:
        filters.append(Q("terms", kind=list(kinds)))
    must_not = []
    if exclude_ids:
        must_not.append(Q("ids", values=[str(i) for i in exclude_ids]))
    if exclude_organisation:
        must_not.append(Q("term", organisation_id=exclude_organisation))
    if must_not:
        filters.append(Q("bool", must_not=must_not))
    return filters


def facet_filter(name, values):
    if name == "trl":
        levels = [int(v) for v in values if str(v).isdigit()]
        return Q("bool", should=[Q("bool", filter=[Q("range", trl_min={"lte": n}), Q("range", trl_max={"gte": n})])
                                 for n in levels], minimum_should_match=1)
    return Q("terms", **{FACETS[name]: list(values)})


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

    # ---- writes -------------------------------------------------------------------------------------------
    def index_listings(self, listing_ids, refresh=False):
        """Index what is published and delete the rest: re-reads the rows, so running it twice is harmless."""
        listing_ids = list(listing_ids)
        with unavailable_on_transport_errors("indexing"):
            self._ensure()
            profiles = profiles_for_ids(listing_ids)
            indexable = [p for p in profiles if p.status == Listing.Status.PUBLISHED]
            keep = {p.id for p in indexable}
            gone = [i for i in listing_ids if i not in keep]
            es_index.bulk_write(self.client, self.index, indexable, gone, refresh=refresh)

    def delete_listings(self, listing_ids, refresh=False):
        with unavailable_on_transport_errors("deleting"):
            self._ensure()
            es_index.bulk_write(self.client, self.index, (), list(listing_ids), refresh=refresh)

    def index_profiles(self, profiles, refresh=False):
        with unavailable_on_transport_errors("indexing"):
            es_index.bulk_write(self.client, self.index, list(profiles), (), refresh=refresh)

    # ---- search -------------------------------------------------------------------------------------------
    def search_request(self, query):
        """The Search object of a faceted search (also what the benchmark sends as the raw floor)."""
        search = Search(using=self.client, index=self.index)
        text = query.text.strip()
        base = Q("bool", filter=hard_filters([], query.viewer),
                 must=[text_query(text, self.tuning, minimum_should_match="2<70%")] if text else [])
        search = search.query(base)
        selected = {name: query.values(name) for name in FACETS if query.values(name)}
        if selected:
            search = search.post_filter(Q("bool", filter=[facet_filter(n, v) for n, v in selected.items()]))
        if query.facets:
            for name in FACETS:
                others = [facet_filter(n, v) for n, v in selected.items() if n != name]
                bucket = search.aggs.bucket(name, "filter", filter=Q("bool", filter=others))
                if name == "trl":
                    bucket.bucket("values", "filters", filters={
                        str(n): Q("bool", filter=[Q("range", trl_min={"lte": n}), Q("range", trl_max={"gte": n})])
                        for n in TRL_LEVELS})
                else:
                    bucket.bucket("values", "terms", field=FACETS[name], size=100)
        sort = query.effective_sort
        if sort == "newest":
            search = search.sort({"published_at": {"order": "desc", "missing": "_last"}})
        elif sort == "deadline":
            search = search.sort({"deadline": {"order": "asc", "missing": "_last"}},
                                 {"published_at": {"order": "desc"}})
        else:
            search = search.sort("_score", {"published_at": {"order": "desc", "missing": "_last"}})
        page = max(1, query.page)
        start = min((page - 1) * query.page_size, 10000 - query.page_size)
        search = search.extra(from_=start, size=query.page_size, track_total_hits=True)
        search = search.source(["title", "kind", "summary"])
        if text:
            search = search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html",
                                              number_of_fragments=1, fragment_size=140, no_match_size=0)
            for name in HIGHLIGHT_FIELDS:  # the English subfield too: English queries only search there
                search = search.highlight(name).highlight(f"{name}.en")
        return search

    def search(self, query):
        with unavailable_on_transport_errors("search"):
            self._ensure()
            response = self.search_request(query).execute()
        hits = []
        for hit in response.hits:
            highlights = {}
            if hasattr(hit.meta, "highlight"):
                found = hit.meta.highlight.to_dict()
                for name in HIGHLIGHT_FIELDS:
                    fragments = found.get(name) or found.get(f"{name}.en")
                    if fragments:
                        highlights[name] = " … ".join(fragments)
            hits.append(SearchHit(listing_id=int(hit.meta.id), score=hit.meta.score or 0.0, title=hit.title,
                                  kind=hit.kind, highlights=highlights))
        facets = {}
        if query.facets:
            aggs = response.aggregations
            for name in FACETS:
                buckets = getattr(aggs, name)["values"]["buckets"]
                if name == "trl":
                    facets[name] = {key: b["doc_count"] for key, b in buckets.to_dict().items() if b["doc_count"]}
                else:
                    facets[name] = {b["key"]: b["doc_count"] for b in buckets}
        return SearchResults(hits=hits, total=response.hits.total.value, facets=facets, page=max(1, query.page),
                             page_size=query.page_size)

    # ---- match / similar ----------------------------------------------------------------------------------
    def _profile(self, listing):
        return listing if isinstance(listing, ListingProfile) else profile_from_listing(listing)

    def match_requests(self, probe, viewer, kinds, size, exclude_organisation, include_ids=None):
        """The msearch body: one request per paragraph of the probing text (the first also pulls candidates
        that share the taxonomy), plus, for the evaluation, the same requests restricted to `include_ids`."""
        pieces = segments(probing_text(probe), self.tuning)
        exclude = [probe.id] if probe.id is not None else []
        filters = hard_filters(kinds, viewer, exclude, exclude_organisation)
        source = {"excludes": ["description", "suggest", "keywords_text"]}
        body = []
        for position, piece in enumerate(pieces):
            should = [text_query(piece, self.tuning)]
            if position == 0:
                # Constant boosts of known size, named, so that the text score is the rest of _score.
                for name in ("sectors", "technologies"):
                    if getattr(probe, name):
                        should.append(Q("constant_score", filter=Q("terms", **{name: probe.slugs(name)}),
                                        boost=TAXONOMY_BOOST, _name=name))
            query = Q("bool", filter=filters, should=should, minimum_should_match=1)
            body += [{"index": self.index}, {"query": query.to_dict(), "size": size, "_source": source}]
            if include_ids:
                restricted = Q("bool", filter=filters + [Q("ids", values=list(include_ids))], should=should,
                               minimum_should_match=1)
                body += [{"index": self.index},
                         {"query": restricted.to_dict(), "size": len(include_ids), "_source": source}]
        return pieces, body

    def _text_candidates(self, probe, viewer, kinds, size, exclude_organisation, include_ids=None):
        pieces, body = self.match_requests(probe, viewer, kinds, size, exclude_organisation, include_ids)
        if not body:
            return {}, {}
        with unavailable_on_transport_errors("match"):
            self._ensure()
            responses = self.client.msearch(searches=body)["responses"]
        per_segment = 2 if include_ids else 1
        per_doc, sources = {}, {}
        for position, response in enumerate(responses):
            if "error" in response:
                raise RuntimeError(response["error"])
            for hit in response["hits"]["hits"]:
                boosts = TAXONOMY_BOOST * len(hit.get("matched_queries") or [])
                per_doc.setdefault(hit["_id"], {})[position // per_segment] = max(0.0, hit["_score"] - boosts)
                sources[hit["_id"]] = hit["_source"]
        if self.tuning.get("segment_normalise") and len(pieces) > 1:
            # Paragraph queries differ in length, so their BM25 scales differ: each counts relative to its best.
            best = {}
            for scores in per_doc.values():
                for position, score in scores.items():
                    best[position] = max(best.get(position, 0.0), score)
            per_doc = {d: {p: s / best[p] for p, s in scores.items() if best.get(p)} for d, scores in per_doc.items()}
        text_scores = {doc_id: combine([s for s in scores.values() if s], len(pieces), self.tuning)
                       for doc_id, scores in per_doc.items()}
        return text_scores, sources

    def match(self, listing, viewer, limit=10, include_ids=None, candidates=CANDIDATES):
        probe = self._profile(listing)
        size = max(candidates, limit)
        text_scores, sources = self._text_candidates(probe, viewer, [probe.counterpart_kind], size,
                                                     probe.organisation_id, include_ids)
        pairs = [(profile_from_document(doc_id, sources[doc_id]), score) for doc_id, score in text_scores.items()]
        return rank(probe, pairs, limit if not include_ids else None)

    def similar(self, listing, viewer, limit=5):
        probe = self._profile(listing)
        text_scores, sources = self._text_candidates(probe, viewer, [probe.kind], limit, None)
        ordered = sorted(text_scores.items(), key=lambda item: item[1], reverse=True)[:limit]
        return [SearchHit(listing_id=int(sources[d].get("listing_id") or d), score=s, title=sources[d]["title"],
                          kind=sources[d]["kind"]) for d, s in ordered]

    def suggest(self, prefix, viewer, limit=8):
        prefix = prefix.strip()
        if not prefix:
            return []
        search = Search(using=self.client, index=self.index).query(
            Q("bool", filter=hard_filters([], viewer), must=[Q("match_phrase_prefix", suggest={"query": prefix})])
        ).source(["title", "keywords"]).extra(size=limit * 2)
        with unavailable_on_transport_errors("suggest"):
            self._ensure()
            response = search.execute()
        seen, suggestions = set(), []
        lowered = prefix.lower()
        for hit in response.hits:
            texts = [hit.title] + [k for k in (hit.keywords or []) if k.lower().startswith(lowered)]
            for text in texts:
                if text.lower() not in seen:
                    seen.add(text.lower())
                    suggestions.append({"text": text, "listing_id": int(hit.meta.id)})
        return suggestions[:limit]
