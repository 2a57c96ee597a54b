"""What the Elasticsearch backend asks: query builders, pure functions of the probe, the tuning and what the index
already answered (term vectors). `backend.py` sends them and reads the answers."""
import math

from elasticsearch_dsl import Q, Search

from marketplace.models import Listing

from ...documents import SEARCH_FIELDS, TEXT_FIELDS
from ...glossary import EXPANSION_WEIGHT, expand_query
from ...text import CJK, script_of
from ...facets import FACETS, TRL_LEVELS, levels
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


def selected_terms_query(terms, suffix, weight, tuning):
    """What multi_match best_fields over `suffix` fields would send for a text made of `terms` ({term: query
    frequency}): per field a sum of term clauses, then the best field plus tie_breaker x the others."""
    fields = tuning.get("field_weights") or TEXT_FIELDS
    per_field = [Q("bool", should=[Q("term", **{f"{name}{suffix}": {"value": term, "boost": freq}})
                                   for term, freq in terms.items()], boost=boost * weight)
                 for name, boost in fields.items()]
    return Q("dis_max", queries=per_field, tie_breaker=tuning["tie_breaker"])


# ---- term selection and feedback ----------------------------------------------------------------------------
def termvector_requests(index, pieces, tuning):
    """([_mtermvectors docs], [(position, suffix)]): the paragraphs whose terms may be selected, each with the
    field whose analysis and statistics decide (see `selected_terms`)."""
    docs, positions = [], []
    for position, piece in enumerate(pieces):
        weights = query_weights(piece, tuning)
        request = {"_index": index, "doc": {"description": piece}, "term_statistics": True,
                   "field_statistics": True, "positions": False, "offsets": False}
        if set(weights) == {"", ".bi"}:
            # A short Chinese text (characters and bigrams): its match query (a token graph) ranks better than
            # term clauses (csl-zh-discipline), so it is only replaced when it holds frequent characters, the
            # slow part at 100,000 listings; the filtering happens in selected_terms.
            docs.append(dict(request, fields=["description"]))
            positions.append((position, ""))
            continue
        if len(weights) != 1:
            continue
        suffix = next(iter(weights))
        tokens = len(piece.split()) if suffix == ".en" else 2 * len(CJK.findall(piece))
        if tokens <= tuning.get("select_min_tokens", 10**9):
            continue
        docs.append(dict(request, fields=[f"description{suffix}"]))
        positions.append((position, suffix))
    return docs, positions


def selected_terms(positions, found, tuning):
    """{position: (suffix, {term: frequency})} for the long paragraphs, from their term vectors (`found`, in the
    order of `positions`): only their most informative terms (tf x idf against the index) are queried. A long text
    as hundreds of term clauses costs hundreds of posting lists, and its frequent words add little."""
    max_doc_freq = tuning.get("max_doc_freq") or 2**31 - 1
    selected = {}
    for (position, suffix), doc in zip(positions, found):
        vectors = (doc.get("term_vectors") or {}).get(f"description{suffix}", {})
        terms = vectors.get("terms") or {}
        if suffix == "":
            if all(info.get("doc_freq", 0) <= max_doc_freq for info in terms.values()):
                continue  # nothing frequent: the match query as it is
            limit = tuning.get("max_query_terms_zh_short")
        else:
            limit = tuning.get("max_query_terms_en" if suffix == ".en" else "max_query_terms_zh")
        count = (vectors.get("field_statistics") or {}).get("doc_count", 1)
        chosen = informative_terms(terms, count, limit, max_doc_freq, tuning.get("select_among", "all"))
        if chosen:
            selected[position] = (suffix, chosen)
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


def expandable(selected, tuning):
    """The paragraphs pseudo-relevance feedback adds to: the English ones that query selected terms."""
    if not tuning.get("feedback_docs"):
        return []
    return [position for position, (suffix, _) in sorted(selected.items()) if suffix == ".en"]


def feedback_sources(pieces, selected, tuning):
    """The paragraphs whose feedback comes from their own best hits, each a request of its own: those of a long
    text split into paragraphs (a profile's works differ in topic); a text of one paragraph has the probe's best
    hits."""
    return expandable(selected, tuning) if len(pieces) > 1 else []


def feedback_query(selected, best, vectors, tuning, candidate_ids):
    """The feedback words of each expandable paragraph (`best`: {position: its best hits}, `vectors`: {hit id:
    its description.en terms}), in the paragraph's share and place, over the candidates only; None when no
    paragraph has any."""
    decay = tuning.get("segment_decay") or 1.0
    should = []
    for position, hits in best.items():
        words = feedback_terms(selected[position][1], [vectors[d] for d in hits if vectors.get(d)],
                               tuning["feedback_terms"], tuning["feedback_share"])
        if words:
            should.append(Q("bool", boost=decay ** position, should=[
                selected_terms_query(words, ".en", tuning["en_weight"] or 1.0, tuning)]))
    if not should:
        return None
    return Q("bool", filter=[Q("ids", values=sorted(candidate_ids))], should=should, minimum_should_match=1)


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
    own = text_query(text, tuning, minimum_should_match="1" if words == "any" else "2<70%")
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


def paragraph_should(piece, chosen, tuning):
    """The scoring clauses of one paragraph: its selected terms ((suffix, {term: weight})) as term clauses, or
    the paragraph's text as match queries."""
    if not chosen:
        return [text_query(piece, tuning)]
    should = []
    for field_suffix, weight in query_weights(piece, tuning).items():
        # The bigram fields only hold bigrams ("数 字"): the selected characters cannot match there.
        field_terms = {t: f for t, f in chosen[1].items() if field_suffix != ".bi" or " " in t}
        if field_terms:
            should.append(selected_terms_query(field_terms, field_suffix, weight, tuning))
    return should


def probe_query(pieces, selected, tuning):
    """The text relevance of a counterpart to the whole probing text: the sum of its paragraphs' queries,
    paragraph i weighted decay^i (a profile lists its newest, most telling work first). One query gives
    every document its complete score: retrieving per paragraph left a candidate found by one paragraph
    unscored by the others. The English paragraphs that feedback will add to count 1 - feedback_share."""
    decay = tuning.get("segment_decay") or 1.0
    expanded = set(expandable(selected, tuning))
    share = tuning.get("feedback_share", 0.0)
    return Q("bool", should=[
        Q("bool", should=paragraph_should(piece, selected.get(position), tuning),
          boost=decay ** position * (1 - share if position in expanded else 1.0))
        for position, piece in enumerate(pieces)], minimum_should_match=1)


# The requests of a match, by what their hits are: counterparts scored by text, counterparts found by the
# taxonomy (no text score), or the best hits of a paragraph that pseudo-relevance feedback draws on.
TEXT, TAXONOMY, FEEDBACK = "text", "taxonomy", "feedback"


def match_requests(index, probe, filters, pieces, selected, size, tuning, include_ids=None):
    """(msearch body, the role of each request): the best counterparts by the whole probing text; `include_ids`
    scored alike, and those of them sharing the taxonomy; the best counterparts sharing the taxonomy; the best
    hits of each paragraph that feedback draws on its own (`feedback_sources`)."""
    if not pieces:
        return [], []
    text = probe_query(pieces, selected, tuning)
    requests = []

    def add(role, query, **options):
        requests.append((role, {"query": query.to_dict(), "track_total_hits": False, **options}))

    # No hit count: lets Lucene skip documents that cannot reach the top (block-max WAND).
    add(TEXT, Q("bool", filter=filters, must=[text]), size=size, _source=MATCH_SOURCE)
    taxonomy = taxonomy_clauses(probe)
    if include_ids:
        included = filters + [Q("ids", values=[str(i) for i in include_ids])]
        add(TEXT, Q("bool", filter=included, must=[text]), size=len(include_ids), _source=MATCH_SOURCE)
        if taxonomy:
            add(TAXONOMY, Q("bool", filter=included, should=taxonomy, minimum_should_match=1),
                size=len(include_ids), _source=MATCH_SOURCE)
    if taxonomy:
        # Counterparts sharing the taxonomy (both sectors and technologies first, then the newest), without a
        # text score: their text ranks below the text candidates' anyway, and scoring it doubled the cost.
        add(TAXONOMY, Q("bool", filter=filters, should=taxonomy, minimum_should_match=1), size=TAXONOMY_CANDIDATES,
            _source=MATCH_SOURCE, sort=["_score", {"published_at": {"order": "desc", "missing": "_last"}}])
    for position in feedback_sources(pieces, selected, tuning):
        # The feedback of a paragraph comes from its own best hits (a profile's papers differ in topic).
        add(FEEDBACK, Q("bool", filter=filters, should=paragraph_should(pieces[position], selected[position], tuning),
                        minimum_should_match=1), size=tuning["feedback_docs"], _source=False)
    body = [part for _, request in requests for part in ({"index": index}, request)]
    return body, [role for role, _ in requests]


def suggest_request(prefix, viewer, limit, *, using=None, index=None):
    return Search(using=using, index=index).query(
        Q("bool", filter=hard_filters([], viewer), must=[Q("match_phrase_prefix", suggest={"query": prefix})])
    ).source(["title", "keywords"]).extra(size=limit * 2)
