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
from ..text import CJK, TUNING, probing_text, script_of, segments
from . import es_index
from .base import (FACETS, TRL_LEVELS, SearchBackend, SearchHit, SearchResults, SearchUnavailable, audience,
                   today)
from .es_client import get_client, unavailable_on_transport_errors

logger = logging.getLogger(__name__)

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
    `terms` ({term: weight}): the words its closest counterparts use most, the probing text's own among them
    (reweighting those helped; the new words alone did not)."""
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

    def probe_query(self, pieces, selected):
        """The text relevance of a counterpart to the whole probing text: the sum of its paragraphs' queries,
        paragraph i weighted decay^i (a profile lists its newest, most telling work first). One query gives
        every document its complete score: retrieving per paragraph left a candidate found by one paragraph
        unscored by the others. The English paragraphs that feedback will add to count 1 - feedback_share."""
        decay = self.tuning.get("segment_decay") or 1.0
        expanded = set(self.expandable(selected))
        share = self.tuning.get("feedback_share", 0.0)
        return Q("bool", should=[
            Q("bool", should=self.paragraph_should(piece, selected.get(position)),
              boost=decay ** position * (1 - share if position in expanded else 1.0))
            for position, piece in enumerate(pieces)], minimum_should_match=1)

    def expandable(self, selected):
        """The paragraphs pseudo-relevance feedback adds to: the English ones that query selected terms."""
        if not self.tuning.get("feedback_docs"):
            return []
        return [position for position, (suffix, _) in sorted(selected.items()) if suffix == ".en"]

    def match_requests(self, probe, viewer, kinds, size, exclude_organisation, prepared=None, include_ids=None):
        """The msearch body, in this order: the best counterparts by the whole probing text; for the evaluation,
        `include_ids` scored alike; those sharing the taxonomy; the best hits of each paragraph that feedback
        draws on its own (`feedback_sources`). `prepared`: the (pieces, selected terms) if already made."""
        pieces, selected = prepared or self.probe_pieces(probe)
        if not pieces:
            return pieces, []
        filters = self.match_filters(probe, viewer, kinds, exclude_organisation)
        text = self.probe_query(pieces, selected)
        # No hit count: lets Lucene skip documents that cannot reach the top (block-max WAND).
        body = [{"index": self.index}, {"query": Q("bool", filter=filters, must=[text]).to_dict(), "size": size,
                                        "_source": MATCH_SOURCE, "track_total_hits": False}]
        if include_ids:
            body += [{"index": self.index},
                     {"query": Q("bool", filter=filters + [Q("ids", values=list(include_ids))],
                                 must=[text]).to_dict(),
                      "size": len(include_ids), "_source": MATCH_SOURCE, "track_total_hits": False}]
        taxonomy = self.taxonomy_clauses(probe)
        if taxonomy:
            # Counterparts sharing the taxonomy (both sectors and technologies first, then the newest), without a
            # text score: their text ranks below the text candidates' anyway, and scoring it doubled the cost.
            query = Q("bool", filter=filters, should=taxonomy, minimum_should_match=1)
            body += [{"index": self.index},
                     {"query": query.to_dict(), "size": TAXONOMY_CANDIDATES, "_source": MATCH_SOURCE,
                      "track_total_hits": False,
                      "sort": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}]}]
        for position in self.feedback_sources(pieces, selected):
            # The feedback of a paragraph comes from its own best hits (a profile's papers differ in topic).
            query = Q("bool", filter=filters, should=self.paragraph_should(pieces[position], selected[position]),
                      minimum_should_match=1)
            body += [{"index": self.index}, {"query": query.to_dict(), "size": self.tuning["feedback_docs"],
                                             "_source": False, "track_total_hits": False}]
        return pieces, body

    @staticmethod
    def taxonomy_clauses(probe):
        return [Q("constant_score", filter=Q("terms", **{name: probe.slugs(name)}))
                for name in ("sectors", "technologies") if getattr(probe, name)]

    def feedback_sources(self, pieces, selected):
        """The paragraphs whose feedback comes from their own best hits, each a request of its own: those of a
        long text split into paragraphs (a profile's works differ in topic); a text of one paragraph has the
        probe's best hits."""
        return self.expandable(selected) if len(pieces) > 1 else []

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
        prepared = pieces, selected = self.probe_pieces(probe)
        _, body = self.match_requests(probe, viewer, kinds, size, exclude_organisation, prepared, include_ids)
        if not body:
            return {}, {}
        with unavailable_on_transport_errors("match"):
            responses = self._read(lambda: raise_missing(self.client.msearch(searches=body)["responses"]))
        scored = 2 if include_ids else 1  # the requests scored by text: the best hits, the included ids
        shared = 1 if self.taxonomy_clauses(probe) else 0
        text_scores, sources = {}, {}
        for index, response in enumerate(responses[:scored + shared]):
            for hit in response["hits"]["hits"]:
                text = max(0.0, hit["_score"] or 0.0) if index < scored else 0.0
                text_scores[hit["_id"]] = max(text_scores.get(hit["_id"], 0.0), text)
                sources[hit["_id"]] = hit["_source"]
        sourced = self.feedback_sources(pieces, selected)
        probe_best = [hit["_id"] for hit in responses[0]["hits"]["hits"]]
        best = {position: probe_best for position in self.expandable(selected)}
        best.update({position: [hit["_id"] for hit in response["hits"]["hits"]]
                     for position, response in zip(sourced, responses[scored + shared:])})
        self._feedback(selected, best, text_scores)
        return text_scores, sources

    def _feedback(self, selected, best, text_scores):
        """Pseudo-relevance feedback (RM3) for the English paragraphs that query selected terms: each adds the
        score of the likeliest words of its best hits (`feedback_terms`), in its own share and place, queried
        over the candidates only: one _mtermvectors call and one small query of ~10 words a paragraph. A second
        retrieval with the whole expanded queries cost a match as much again (p95 42 -> 67 ms at 100,000)."""
        k = self.tuning.get("feedback_docs") or 0
        best = {position: hits[:k] for position, hits in best.items() if hits[:k]}
        if not best or not text_scores:
            return
        # No term statistics: they cost a lookup per word of every hit; the feedback words are only queried over
        # the candidates, so frequent ones cost little there.
        docs = [{"_index": self.index, "_id": doc_id, "fields": ["description.en"], "term_statistics": False,
                 "field_statistics": False, "positions": False, "offsets": False}
                for doc_id in sorted({d for hits in best.values() for d in hits})]
        with unavailable_on_transport_errors("match"):
            found = self._read(lambda: raise_missing(self.client.mtermvectors(docs=docs)["docs"]))
        vectors = {doc["_id"]: ((doc.get("term_vectors") or {}).get("description.en") or {}).get("terms") or {}
                   for doc in found}
        decay = self.tuning.get("segment_decay") or 1.0
        should = []
        for position, hits in best.items():
            words = feedback_terms(selected[position][1], [vectors[d] for d in hits if vectors.get(d)],
                                   self.tuning["feedback_terms"], self.tuning["feedback_share"])
            if words:
                should.append(Q("bool", boost=decay ** position, should=[
                    selected_terms_query(words, ".en", self.tuning["en_weight"] or 1.0, self.tuning)]))
        if not should:
            return
        query = Q("bool", filter=[Q("ids", values=sorted(text_scores))], should=should, minimum_should_match=1)
        body = [{"index": self.index},
                {"query": query.to_dict(), "size": len(text_scores), "_source": False, "track_total_hits": False}]
        with unavailable_on_transport_errors("match"):
            responses = self._read(lambda: raise_missing(self.client.msearch(searches=body)["responses"]))
        for hit in responses[0]["hits"]["hits"]:
            text_scores[hit["_id"]] += max(0.0, hit["_score"] or 0.0)

    def match(self, listing, viewer, limit=10, include_ids=None, candidates=CANDIDATES):
        probe = self._profile(listing)
        size = max(candidates, limit or 0)
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
