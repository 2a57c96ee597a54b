"""The Elasticsearch backend: full-text search with facets, matching, similar, suggestions."""
import logging
import math

from elasticsearch import NotFoundError
from elasticsearch_dsl import Q, Search

from marketplace.models import Listing

from .. import conf
from ..documents import TEXT_FIELDS, profile_from_document
from ..profiles import ListingProfile, profile_from_listing, profiles_for_ids
from ..scoring import rank
from ..text import CJK, TUNING, combine, probing_text, script_of, segments
from . import es_index
from .base import (FACETS, TRL_LEVELS, SearchBackend, SearchHit, SearchResults, SearchUnavailable, audience,
                   today)
from .es_client import get_client, unavailable_on_transport_errors

logger = logging.getLogger(__name__)

TAXONOMY_BOOST = 1.0
CANDIDATES = 60  # counterparts retrieved by text and taxonomy before the blend re-ranks them
TAXONOMY_CANDIDATES = 20  # of which at most this many by shared taxonomy alone
MATCH_SOURCE = {"excludes": ["description", "suggest", "keywords_text"]}


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
    weights = query_weights(text, tuning)
    clauses = []
    for suffix, weight in weights.items():
        options = {"query": text, "fields": weighted_fields(suffix, weight, tuning),
                   "type": tuning.get("type", "best_fields"), "tie_breaker": tuning["tie_breaker"]}
        if minimum_should_match:
            options["minimum_should_match"] = minimum_should_match
        clauses.append(Q("multi_match", **options))
    return Q("bool", should=clauses, minimum_should_match=1)


_ALIASES_SEEN = set()  # aliases known to exist in this process (reads skip the check)


class IndexMissing(Exception):
    pass


def raise_missing(items):
    """msearch/mtermvectors report failures per item, not as an exception: a missing index (made again by
    the caller), or anything else (say a rejected request on a busy node), which must not pass silently as
    fewer hits or an unselected paragraph; the site falls back to the database for that read instead."""
    for item in items:
        error = item.get("error")
        if isinstance(error, dict) and error.get("type") == "index_not_found_exception":
            raise IndexMissing(error.get("reason", ""))
        if error:
            logger.warning("Elasticsearch failed an item of a multi-request: %s", error)
            raise SearchUnavailable(str(error))
    return items


def query_weights(text, tuning=TUNING):
    """{field suffix: weight} of the analysed fields worth querying for this text."""
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
    return {suffix: weight for suffix, weight in weights.items() if weight}


def selected_terms_query(terms, suffix, weight, tuning=TUNING):
    """What multi_match best_fields over `suffix` fields would send for a text made of `terms` ({term: query
    frequency}): per field a sum of term clauses, then the best field plus tie_breaker x the others."""
    fields = tuning.get("field_weights") or TEXT_FIELDS
    per_field = [Q("bool", should=[Q("term", **{f"{name}{suffix}": {"value": term, "boost": freq}})
                                   for term, freq in terms.items()], boost=boost * weight)
                 for name, boost in fields.items()]
    return Q("dis_max", queries=per_field, tie_breaker=tuning["tie_breaker"])


def informative_terms(terms, doc_count, limit, max_doc_freq, among="all"):
    """{term: frequency} of the `limit` terms of a text with the highest tf x idf (term statistics from the
    whole index, so that the choice does not depend on how the index happens to be split into segments).
    Words the index lacks are ranked too and then dropped (among="all"): the query stands for the text's most
    distinctive words whatever the index holds; among="indexed" would reach down to common words instead."""
    def idf(freq):
        return math.log((doc_count + 1) / (freq + 1))

    ranked = sorted(((info.get("term_freq", 1) * idf(info.get("doc_freq", 0)), term)
                     for term, info in terms.items()
                     if among == "all" or info.get("doc_freq", 0) >= 1), reverse=True)
    return {term: terms[term].get("term_freq", 1) for _, term in ranked[:limit or len(ranked)]
            if 1 <= terms[term].get("doc_freq", 0) <= max_doc_freq}


def feedback_terms(terms, feedback, limit, share):
    """Pseudo-relevance feedback (RM3): the `limit` most probable words of a relevance model built from
    `feedback`, the term vectors ({term: {"term_freq"}}) of a paragraph's best hits, each hit
    counting alike, as {term: weight} of a query that carries `share` of the weight of the paragraph's query
    `terms` ({term: weight}): the words the probing text lacks but its closest counterparts use."""
    if not feedback or not terms:
        return {}
    model = {}
    for vector in feedback:
        length = sum(info.get("term_freq", 1) for info in vector.values()) or 1
        for term, info in vector.items():
            model[term] = model.get(term, 0.0) + info.get("term_freq", 1) / length / len(feedback)
    chosen = sorted(model.items(), key=lambda item: (-item[1], item[0]))[:limit]
    chosen_mass = sum(p for _, p in chosen) or 1.0
    weight = share * sum(terms.values())
    return {term: weight * p / chosen_mass for term, p in chosen}


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
        # No highlighter: snippets are made from the database rows the hits are read back from.
        return search.source(["kind", "title"])

    def search(self, query):
        with unavailable_on_transport_errors("search"):
            response = self._read(self.search_request(query).execute)
        hits = [SearchHit(listing_id=int(hit.meta.id), score=hit.meta.score or 0.0, title=hit.title, kind=hit.kind)
                for hit in response.hits]
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

    def paragraph_should(self, piece, chosen=None):
        """The scoring clauses of one paragraph: its selected terms ((suffix, {term: weight})) as term clauses,
        or the paragraph's text as match queries."""
        if not chosen:
            return [text_query(piece, self.tuning)]
        should = []
        for field_suffix, weight in query_weights(piece, self.tuning).items():
            # The bigram fields only hold bigrams ("数 字"): the selected characters cannot match there.
            field_terms = {t: f for t, f in chosen[1].items() if field_suffix != ".bi" or " " in t}
            if field_terms:
                should.append(selected_terms_query(field_terms, field_suffix, weight, self.tuning))
        return should

    def match_requests(self, probe, viewer, kinds, size, exclude_organisation, include_ids=None, prepared=None):
        """The msearch body: one request per paragraph of the probing text (the first also pulls candidates
        that share the taxonomy), plus, for the evaluation, the same requests restricted to `include_ids`.
        `prepared`: the (pieces, selected terms) when the caller already has them."""
        pieces, selected = prepared or self.probe_pieces(probe)
        filters = self.match_filters(probe, viewer, kinds, exclude_organisation)
        source = MATCH_SOURCE
        body = []
        for position, piece in enumerate(pieces):
            should = self.paragraph_should(piece, selected.get(position))
            query = Q("bool", filter=filters, should=should, minimum_should_match=1)
            # No hit count: lets Lucene skip documents that cannot reach the top (block-max WAND).
            body += [{"index": self.index}, {"query": query.to_dict(), "size": size, "_source": source,
                                             "track_total_hits": False}]
            if include_ids:
                restricted = Q("bool", filter=filters + [Q("ids", values=list(include_ids))], should=should,
                               minimum_should_match=1)
                body += [{"index": self.index},
                         {"query": restricted.to_dict(), "size": len(include_ids), "_source": source,
                          "track_total_hits": False}]
        taxonomy = [Q("constant_score", filter=Q("terms", **{name: probe.slugs(name)}), boost=TAXONOMY_BOOST)
                    for name in ("sectors", "technologies") if getattr(probe, name)]
        if body and taxonomy:
            # Counterparts sharing the taxonomy, in a request of their own (last): as should clauses of the text
            # query they made every paragraph query walk a quarter of the index.
            query = Q("bool", filter=filters, should=taxonomy, minimum_should_match=1)
            body += [{"index": self.index},
                     {"query": query.to_dict(), "size": TAXONOMY_CANDIDATES, "_source": source,
                      "track_total_hits": False,
                      "sort": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}]}]
        return pieces, body

    def probe_pieces(self, probe):
        pieces = segments(probing_text(probe), self.tuning)
        return pieces, self.selected_terms(pieces)

    def match_filters(self, probe, viewer, kinds, exclude_organisation):
        exclude = [probe.id] if probe.id is not None else []
        return hard_filters(kinds, viewer, exclude, exclude_organisation)

    def selected_terms(self, pieces):
        """{position: (suffix, {term: frequency})} for the long paragraphs: only their most informative terms
        (tf x idf against the index, from one _mtermvectors call) are queried. A long text as hundreds of term
        clauses costs hundreds of posting lists, and its frequent words add little."""
        docs, positions = [], []
        for position, piece in enumerate(pieces):
            weights = query_weights(piece, self.tuning)
            request = {"_index": self.index, "doc": {"description": piece}, "term_statistics": True,
                       "field_statistics": True, "positions": False, "offsets": False}
            if set(weights) == {"", ".bi"}:
                # A short Chinese text (characters and bigrams): its match query (a token graph) ranks better
                # than term clauses (csl-zh-discipline), so it is only replaced when it holds frequent
                # characters, the slow part at 100,000 listings; the filtering happens below.
                docs.append(dict(request, fields=["description"]))
                positions.append((position, ""))
                continue
            if len(weights) != 1:
                continue
            suffix = next(iter(weights))
            tokens = len(piece.split()) if suffix == ".en" else 2 * len(CJK.findall(piece))
            if tokens <= self.tuning.get("select_min_tokens", 10**9):
                continue
            docs.append(dict(request, fields=[f"description{suffix}"]))
            positions.append((position, suffix))
        if not docs:
            return {}
        with unavailable_on_transport_errors("match"):
            found = self._read(lambda: raise_missing(self.client.mtermvectors(docs=docs)["docs"]))
        max_doc_freq = self.tuning.get("max_doc_freq") or 2**31 - 1
        selected = {}
        for (position, suffix), doc in zip(positions, found):
            vectors = (doc.get("term_vectors") or {}).get(f"description{suffix}", {})
            terms = vectors.get("terms") or {}
            if suffix == "":
                if all(info.get("doc_freq", 0) <= max_doc_freq for info in terms.values()):
                    continue  # nothing frequent: the match query as it is
                limit = self.tuning.get("max_query_terms_zh_short")
            else:
                limit = self.tuning.get("max_query_terms_en" if suffix == ".en" else "max_query_terms_zh")
            count = (vectors.get("field_statistics") or {}).get("doc_count", 1)
            chosen = informative_terms(terms, count, limit, max_doc_freq, self.tuning.get("select_among", "all"))
            if chosen:
                selected[position] = (suffix, chosen)
        return selected

    def _text_candidates(self, probe, viewer, kinds, size, exclude_organisation, include_ids=None):
        prepared = self.probe_pieces(probe)
        pieces, body = self.match_requests(probe, viewer, kinds, size, exclude_organisation, include_ids, prepared)
        if not body:
            return {}, {}
        with unavailable_on_transport_errors("match"):
            responses = self._read(lambda: raise_missing(self.client.msearch(searches=body)["responses"]))
        per_segment = 2 if include_ids else 1
        per_doc, sources, best_hits = {}, {}, {}
        for position, response in enumerate(responses):
            if position >= len(pieces) * per_segment:  # the taxonomy request: candidates without text scores
                for hit in response["hits"]["hits"]:
                    per_doc.setdefault(hit["_id"], {})
                    sources[hit["_id"]] = hit["_source"]
                continue
            if position % per_segment == 0:
                best_hits[position // per_segment] = [hit["_id"] for hit in response["hits"]["hits"]]
            for hit in response["hits"]["hits"]:
                per_doc.setdefault(hit["_id"], {})[position // per_segment] = max(0.0, hit["_score"])
                sources[hit["_id"]] = hit["_source"]
        if self.tuning.get("feedback_docs"):
            self._feedback(prepared, best_hits, per_doc, sources,
                           self.match_filters(probe, viewer, kinds, exclude_organisation), include_ids)
        if self.tuning.get("segment_normalise") and len(pieces) > 1:
            # Paragraph queries differ in length, so their BM25 scales differ: each counts relative to its best.
            best = {}
            for scores in per_doc.values():
                for position, score in scores.items():
                    best[position] = max(best.get(position, 0.0), score)
            per_doc = {d: {p: s / best[p] for p, s in scores.items() if best.get(p)} for d, scores in per_doc.items()}
        decay = self.tuning.get("segment_decay")
        if decay and len(pieces) > 1:
            per_doc = {d: {p: s * decay ** p for p, s in scores.items()} for d, scores in per_doc.items()}
        text_scores = {doc_id: combine([s for s in scores.values() if s], len(pieces), self.tuning)
                       for doc_id, scores in per_doc.items()}
        return text_scores, sources

    def _feedback(self, prepared, best_hits, per_doc, sources, filters, include_ids=None):
        """Pseudo-relevance feedback for the English paragraphs that query selected terms: a paragraph's score
        of each of its hits becomes (1 - share) x its own plus the score of the words of its best hits
        (`feedback_terms`), queried over those hits only (one _mtermvectors call, one msearch of ~10 terms per
        paragraph). A second retrieval with the whole expanded queries cost a match as much again (p95
        42 -> 67 ms at 100,000 listings); this reranks for a few milliseconds."""
        pieces, selected = prepared
        k, share = self.tuning["feedback_docs"], self.tuning["feedback_share"]
        expandable = [p for p, (suffix, _) in sorted(selected.items()) if suffix == ".en" and best_hits.get(p)]
        if not expandable or not per_doc:
            return
        feedback_ids = sorted({doc_id for p in expandable for doc_id in best_hits[p][:k]})
        # No term statistics: they cost a lookup per word of every hit (~100 ms for 60 long texts); the feedback
        # words are only queried over the candidates, so frequent ones cost little there.
        docs = [{"_index": self.index, "_id": doc_id, "fields": ["description.en"], "term_statistics": False,
                 "field_statistics": False, "positions": False, "offsets": False} for doc_id in feedback_ids]
        with unavailable_on_transport_errors("match"):
            found = self._read(lambda: raise_missing(self.client.mtermvectors(docs=docs)["docs"]))
        vectors = {doc["_id"]: ((doc.get("term_vectors") or {}).get("description.en") or {}).get("terms") or {}
                   for doc in found}
        body, queried = [], []
        for position in expandable:
            feedback = [vectors[d] for d in best_hits[position][:k] if vectors.get(d)]
            terms = feedback_terms(selected[position][1], feedback, self.tuning["feedback_terms"], share)
            if not terms:
                continue
            queried.append(position)
            should = self.paragraph_should(pieces[position], (".en", terms))
            # The paragraph's own hits (they passed the hard filters a moment ago): only their scores change.
            hits = best_hits[position]
            body += [{"index": self.index},
                     {"query": Q("bool", filter=[Q("ids", values=hits)], should=should,
                                 minimum_should_match=1).to_dict(),
                      "size": len(hits), "_source": False, "track_total_hits": False}]
            if include_ids:
                restricted = Q("bool", filter=filters + [Q("ids", values=list(include_ids))], should=should,
                               minimum_should_match=1)
                body += [{"index": self.index},
                         {"query": restricted.to_dict(), "size": len(include_ids), "_source": MATCH_SOURCE,
                          "track_total_hits": False}]
        if not body:
            return
        with unavailable_on_transport_errors("match"):
            responses = self._read(lambda: raise_missing(self.client.msearch(searches=body)["responses"]))
        for scores in per_doc.values():
            for position in queried:
                if position in scores:
                    scores[position] *= 1 - share
        per_request = 2 if include_ids else 1
        added = set()
        for index, response in enumerate(responses):
            position = queried[index // per_request]
            for hit in response["hits"]["hits"]:
                if (hit["_id"], position) in added:  # found by both requests of the evaluation
                    continue
                added.add((hit["_id"], position))
                scores = per_doc.setdefault(hit["_id"], {})
                scores[position] = scores.get(position, 0.0) + max(0.0, hit["_score"])
                if "_source" in hit:
                    sources[hit["_id"]] = hit["_source"]

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
