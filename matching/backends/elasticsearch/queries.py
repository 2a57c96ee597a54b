"""What the Elasticsearch backend asks: query builders, pure functions of the probe, the tuning and what the index
already answered (term vectors). `backend.py` sends them and reads the answers."""
import math

from elasticsearch_dsl import Q, Search

from marketplace.models import Listing

from ... import analysis
from ...documents import SEARCH_FIELDS, TEXT_FIELDS
from ...facets import FACETS, TRL_LEVELS, levels
from ...glossary import EXPANSION_WEIGHT, expand_query
from ...text import CJK, script_of
from ..base import audience, today

TAXONOMY_CANDIDATES = 20  # counterparts found by shared taxonomy alone, at most
MATCH_SOURCE = {"excludes": ["description", "suggest", "keywords_text"]}


# ---- text ---------------------------------------------------------------------------------------------------
def weighted_fields(suffix, weight, tuning):
    fields = tuning.get("field_weights") or TEXT_FIELDS
    return [f"{name}{suffix}^{boost * weight:g}" for name, boost in fields.items()]


def query_weights(text, tuning):
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


def text_query(text, tuning, minimum_should_match=None):
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
    clauses = []
    for suffix, weight in query_weights(text, tuning).items():
        options = {"query": text, "fields": weighted_fields(suffix, weight, tuning),
                   "type": tuning.get("type", "best_fields"), "tie_breaker": tuning["tie_breaker"]}
        if minimum_should_match:
            options["minimum_should_match"] = minimum_should_match
        clauses.append(Q("multi_match", **options))
    return Q("bool", should=clauses, minimum_should_match=1)


# ---- matching: the text of one work -------------------------------------------------------------------------
# A counterpart's text relevance is read from the combined field of all its text (`documents.MATCH_FIELDS`):
# one BM25 over title, keywords, technologies, summary and description, no per-field weights (reviewer-expertise-dev
# under cross-validation: -0.006 +- 0.005 against best_fields over weighted fields; matching/README.md).
EN, ZH_BI, ZH_SEG, EN_STEM = "text_all.en", "text_all.bi", "text_seg", "text_stem"


def english_field(tuning):
    return EN_STEM if tuning.get("english") == "stem" and analysis.enabled() else EN


def termvector_requests(index, works, tuning):
    """([_mtermvectors docs], [(position, field)]): the long works whose terms are selected (speed at 100,000
    listings: a long text as hundreds of term clauses costs hundreds of posting lists), each with the field whose
    analysis and statistics decide."""
    docs, positions = [], []

    def add(position, field, value):
        docs.append({"_index": index, "doc": {field.split(".")[0]: value}, "fields": [field],
                     "term_statistics": True, "field_statistics": True, "positions": False, "offsets": False})
        positions.append((position, field))

    for position, work in enumerate(works):
        script = script_of(work)
        if script != "zh" and len(work.split()) > tuning["select_min_tokens"]:
            field = english_field(tuning)
            add(position, field, analysis.analyse_lines(work, "en") if field == EN_STEM else work)
        if script != "en" and len(CJK.findall(work)) > tuning["long_zh_chars"]:
            add(position, ZH_BI, work)
            if analysis.enabled():
                add(position, ZH_SEG, analysis.analyse_lines(work, "zh"))
    return docs, positions


def selected_terms(positions, found, tuning):
    """{(position, field): {term: frequency}}: a long work's most informative terms in a field (tf x idf against
    the index, from its term vectors `found`, in the order of `positions`)."""
    selected = {}
    for (position, field), doc in zip(positions, found, strict=True):
        vectors = (doc.get("term_vectors") or {}).get(field, {})
        count = (vectors.get("field_statistics") or {}).get("doc_count", 1)
        selected[(position, field)] = informative_terms(vectors.get("terms") or {}, count,
                                                        tuning["max_query_terms"], tuning["max_doc_freq"])
    return selected


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


def terms_clause(field, terms):
    return Q("bool", should=[Q("term", **{field: {"value": term, "boost": freq}}) for term, freq in terms.items()])


def language_clauses(text, language, selected, tuning):
    """The clauses of a text in one language, summed. English: its words in the combined field (or its stems).
    Chinese: characters and bigrams (the index's own analysis) plus jieba words, summed without a weight (better
    than either alone on csl-zh-title and -discipline in every fold); a long Chinese text queries its selected
    bigrams and words."""
    if language == "en":
        field = english_field(tuning)
        if field in selected:
            return [terms_clause(field, selected[field])] if selected[field] else []
        value = analysis.analyse_lines(text, "en") if field == EN_STEM else text
        return [Q("match", **{field: value})] if value else []
    if ZH_BI in selected:
        return [terms_clause(field, terms) for field, terms in selected.items() if field in (ZH_BI, ZH_SEG) and terms]
    clauses = [Q("match", text_all=text)]
    if analysis.enabled():
        words = analysis.analyse_lines(text, "zh")
        if words:
            clauses.append(Q("match", **{ZH_SEG: words}))
    return clauses


def work_query(work, selected, tuning):
    """The text relevance of a counterpart to one work: its own language's clauses, plus the glossary's terms of
    the other language at a lower weight (an English need reaches Chinese capabilities and the reverse)."""
    script = script_of(work)
    languages = ["en", "zh"] if script == "mixed" else [script]
    should = [clause for language in languages for clause in language_clauses(work, language, selected, tuning)]
    weight = tuning["cross_language_weight"]
    if script != "mixed" and weight and analysis.enabled():
        other = "zh" if script == "en" else "en"
        terms = " ".join(analysis.cross_language_terms(work, script))
        if terms and other == "zh":
            # Chinese terms as jieba words only (each a user word, so it stays whole): as characters and bigrams
            # a long English text's dozens of terms became posting lists of most Chinese listings.
            should.append(Q("match", **{ZH_SEG: {"query": analysis.analyse_lines(terms, "zh"), "boost": weight}}))
        elif terms:
            should.append(Q("bool", should=language_clauses(terms, other, {}, tuning), boost=weight))
    return Q("bool", should=should, minimum_should_match=1) if should else None


# ---- filters ------------------------------------------------------------------------------------------------
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
    facet = FACETS[name]
    if facet.range_fields:
        return Q("bool", should=[level_filter(facet, n) for n in levels(values)], minimum_should_match=1)
    return Q("terms", **{facet.index_field: list(values)})


def level_filter(facet, level):
    low, high = facet.range_fields
    return Q("bool", filter=[Q("range", **{low: {"lte": level}}), Q("range", **{high: {"gte": level}})])


def taxonomy_clauses(probe):
    return [Q("constant_score", filter=Q("terms", **{name: probe.slugs(name)}))
            for name in ("sectors", "technologies") if getattr(probe, name)]


# ---- requests -----------------------------------------------------------------------------------------------
def search_request(query, tuning, *, using=None, index=None):
    """The Search of a faceted search (also what the benchmark sends as the raw floor)."""
    search = Search(using=using, index=index)
    text = query.text.strip()
    base = Q("bool", filter=hard_filters([], query.viewer),
             must=[search_text_query(text, tuning, words=query.words)] if text else [])
    search = search.query(base)
    selected = {name: query.values(name) for name in FACETS if query.values(name)}
    if selected:
        search = search.post_filter(Q("bool", filter=[facet_filter(n, v) for n, v in selected.items()]))
    if query.facets:
        for name, facet in FACETS.items():
            others = [facet_filter(n, v) for n, v in selected.items() if n != name]
            bucket = search.aggs.bucket(name, "filter", filter=Q("bool", filter=others))
            if facet.range_fields:
                bucket.bucket("values", "filters", filters={str(n): level_filter(facet, n) for n in TRL_LEVELS})
            else:
                bucket.bucket("values", "terms", field=facet.index_field, size=100)
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


def search_text_query(text, tuning, *, words="most"):
    """A search box's text: its words as always, or (see matching.glossary.Expansion) each glossary phrase of it (its
    own words, or at EXPANSION_WEIGHT the best of its other terms: other language, synonyms) and each other word as
    a unit, a hit holding as many units as `words` says. The text fields and the taxonomy labels are searched."""
    tuning = dict(tuning, field_weights=SEARCH_FIELDS)
    expansion = expand_query(text)
    # The text as it always was read: the expansion adds hits, never drops one the user's own words find.
    minimum = "1" if words == "any" else "2<70%"
    own = text_query(text, tuning, minimum_should_match=minimum)
    stemmed = analysis.analyse(text, "en") if analysis.enabled() and script_of(text) == "en" else ""
    if stemmed:
        # The same words by their Snowball stems ("render" meets "rendering"): this build has no stemmer.
        own = Q("bool", should=[own, Q("match", **{EN_STEM: {"query": stemmed, "minimum_should_match": minimum}})],
                minimum_should_match=1)
    if not expansion.phrases:
        return own
    required, optional = expansion.units(words)

    def unit(own, alternatives):
        clause = text_query(own, tuning, minimum_should_match="2<70%")
        if not alternatives:
            return clause
        # A glossary term is matched whole (the user's own words keep the tolerance of "2<70%").
        others = Q("dis_max", queries=[text_query(term, tuning, minimum_should_match="100%")
                                       for term in alternatives], boost=EXPANSION_WEIGHT)
        return Q("dis_max", queries=[clause, others])

    expanded = Q("bool", must=[Q("bool", should=[unit(*u) for u in required],
                                 minimum_should_match=expansion.required(words))],
                 should=[unit(*u) for u in optional])
    return Q("bool", should=[own, expanded], minimum_should_match=1)


# The requests of a match, by what their hits are: counterparts scored by text, or found by the taxonomy (no text
# score).
TEXT, TAXONOMY = "text", "taxonomy"


def match_requests(index, probe, filters, queries, size, include_ids=None):
    """(msearch body, [(role, work position)]): the best counterparts of each work's query (`queries`, one per
    work); `include_ids` scored alike, and those of them sharing the taxonomy; the best counterparts sharing the
    taxonomy."""
    requests = []

    def add(role, position, query, **options):
        requests.append(((role, position), {"query": query.to_dict(), "track_total_hits": False, **options}))

    for position, query in enumerate(queries):
        # No hit count: lets Lucene skip documents that cannot reach the top (block-max WAND).
        add(TEXT, position, Q("bool", filter=filters, must=[query]), size=size, _source=MATCH_SOURCE)
    taxonomy = taxonomy_clauses(probe)
    if include_ids:
        included = filters + [Q("ids", values=[str(i) for i in include_ids])]
        if len(queries) == 1:  # a profile of many works scores every candidate afterwards (`scoring_requests`)
            add(TEXT, 0, Q("bool", filter=included, must=[queries[0]]), size=len(include_ids), _source=MATCH_SOURCE)
        add(TAXONOMY, None, Q("bool", filter=included, should=taxonomy or [Q("match_all")], minimum_should_match=1),
            size=len(include_ids), _source=MATCH_SOURCE)
    if taxonomy:
        # Counterparts sharing the taxonomy (both sectors and technologies first, then the newest), without a
        # text score: their text ranks below the text candidates' anyway, and scoring it doubled the cost.
        add(TAXONOMY, None, Q("bool", filter=filters, should=taxonomy, minimum_should_match=1),
            size=TAXONOMY_CANDIDATES, _source=MATCH_SOURCE,
            sort=["_score", {"published_at": {"order": "desc", "missing": "_last"}}])
    body = [part for _, request in requests for part in ({"index": index}, request)]
    return body, [key for key, _ in requests]


def scoring_requests(index, filters, queries, candidate_ids):
    """One request per work scoring exactly the candidates: a profile's works are scored against every
    candidate any of them found, so that a candidate one work did not retrieve still gets that work's score."""
    ids = Q("ids", values=sorted(candidate_ids))
    body = []
    for query in queries:
        body += [{"index": index}, {"query": Q("bool", filter=filters + [ids], must=[query]).to_dict(),
                                    "size": len(candidate_ids), "_source": False, "track_total_hits": False}]
    return body


def suggest_request(prefix, viewer, limit, *, using=None, index=None):
    return Search(using=using, index=index).query(
        Q("bool", filter=hard_filters([], viewer), must=[Q("match_phrase_prefix", suggest={"query": prefix})])
    ).source(["title", "keywords"]).extra(size=limit * 2)
