"""The database backend: the zero-service demo and the fallback when Elasticsearch is down. Works on SQLite
and PostgreSQL with ORM filters (on PostgreSQL led by conditions its indexes answer: marketplace migrations
0004/0005); relevance is a small BM25 computed in Python over a candidate set."""
import json
import math
import operator
import re
from collections import Counter
from functools import reduce

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, Func, IntegerField, Q, When
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from marketplace.models import Listing

from ..profiles import ListingProfile, profile_from_listing, profiles_for_ids
from ..scoring import rank
from ..text import probing_text
from .base import FACETS, TRL_LEVELS, SearchBackend, SearchHit, SearchResults, audience

CJK = re.compile(r"[\u3400-\u9fff]+")
WORD = re.compile(r"[a-z0-9]+")
FILTER_TOKEN = re.compile(r"[\u3400-\u9fff]+|[^\W_\u3400-\u9fff]+")  # "VR眼镜" -> "vr", "眼镜" (as highlight.py)
MAX_FILTER_TERMS = 16
MAX_REQUIRED_TERMS = 6
MAX_INDEX_WINDOWS = 8
MAX_WINDOW_WORDS = 3
STOP = set("a an and are as at be but by for if in into is it no not of on or such that the their then there "
           "these they this to was will with we our from which can also".split())
# Facet -> (through table of the many-to-many, its term's slug).
M2M_FACETS = {"sector": (Listing.sectors.through, "sector__slug"),
              "technology": (Listing.technologies.through, "technology__slug"),
              "collaboration": (Listing.collaboration_types.through, "collaborationtype__slug")}
MATCH_CANDIDATES = 500  # newest visible counterparts scored in Python
DB_FIELDS = {"title": 4.0, "keywords": 3.0, "summary": 2.0, "description": 1.0}


def tokens(text):
    text = (text or "").lower()
    result = [w for w in WORD.findall(text) if w not in STOP]
    for run in CJK.findall(text):
        result.extend(run)
        result.extend(run[i:i + 2] for i in range(len(run) - 1))
    return result


def query_terms(text):
    """(terms, required): the ORM filter's terms and how many of them a listing must hold to be a hit.

    Terms as the Elasticsearch analyzers see them: English words without stop words, Chinese runs as
    overlapping bigrams (a lone character as is). Where a phrase's words meet, a listing writing them apart
    loses a bigram (数字博物馆 -> 数字化的博物馆 keeps 数字, 博物, 物馆), so a run counts for 60% of its bigrams,
    rounded up (all of them up to two): three of four for 数字博物馆, which 博物馆 alone, or its characters
    scattered over other words (数据, 博士, 图书馆), do not reach. A word counts for one; at most six in all, so a keyword list or a
    pasted paragraph is not held to every term. Only the first 16 terms filter (a bounded statement for any
    query); BM25 over the whole query ranks."""
    terms, required = [], 0
    for token in FILTER_TOKEN.findall(text.lower()):
        if CJK.fullmatch(token):
            group = [token] if len(token) == 1 else [token[i:i + 2] for i in range(len(token) - 1)]
        elif token not in STOP:
            group = [token]
        else:
            continue
        group = [term for term in dict.fromkeys(group) if term not in terms][:MAX_FILTER_TERMS - len(terms)]
        terms.extend(group)
        required += len(group) if len(group) <= 2 else math.ceil(0.6 * len(group))
    return terms, min(required, MAX_REQUIRED_TERMS)


def visible_base(viewer, kinds=None):
    today = timezone.localdate()
    queryset = Listing.objects.filter(status=Listing.Status.PUBLISHED, visibility__in=audience(viewer)).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=today))
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset


def filter_for(name, values):
    if name == "kind":
        return Q(kind__in=values)
    if name == "sector":
        return Q(sectors__slug__in=values)
    if name == "technology":
        return Q(technologies__slug__in=values)
    if name == "collaboration":
        return Q(collaboration_types__slug__in=values)
    if name == "region":
        return Q(metro_area__in=values)
    if name == "province":
        return Q(province__in=values)
    if name == "org_kind":
        return Q(organisation__kind__in=values)
    if name == "trl":
        condition = Q()
        for level in (int(v) for v in values if str(v).isdigit()):
            condition |= Q(trl_min__lte=level, trl_max__gte=level)
        return condition
    raise ValueError(name)


def term_condition(term):
    condition = (Q(title__icontains=term) | Q(summary__icontains=term) | Q(description__icontains=term)
                 | Q(keywords__icontains=term))
    stored = json.dumps(term)[1:-1]
    if stored != term and connection.vendor == "sqlite":
        # SQLite keeps JSON as ASCII ("\u6587\u7269"): a Chinese keyword is found as it is stored.
        condition |= Q(keywords__icontains=stored)
    return condition


class ListingTextCondition(Func):
    """PostgreSQL: a condition on a listing's four text columns, written as the expression a PostgreSQL index of
    marketplace migrations 0004/0005 is built on (the planner uses an index only for that very expression)."""

    output_field = BooleanField()

    def __init__(self, **extra):
        super().__init__(F("title"), F("summary"), F("description"), F("keywords"), **extra)

    def columns(self, compiler):
        """([title, summary, description, keywords] as SQL, their parameters)."""
        compiled = [compiler.compile(expression) for expression in self.source_expressions]
        return [sql for sql, _ in compiled], [param for _, params in compiled for param in params]


class GramsOverlap(ListingTextCondition):
    """The listing's Chinese characters and character pairs (migration 0004) hold one of `grams`."""

    def __init__(self, grams):
        super().__init__(grams=list(grams))

    def as_sql(self, compiler, connection, **extra_context):
        columns, params = self.columns(compiler)
        return f"marketplace_listing_cjk_grams({', '.join(columns)}) && %s::text[]", (*params, self.extra["grams"])


class DocumentContains(ListingTextCondition):
    """The listing's text in capitals (migration 0005's trigram index) holds `term`: as icontains on any of its
    fields, a term having no space."""

    def __init__(self, term):
        super().__init__(term=term)

    def as_sql(self, compiler, connection, **extra_context):
        (title, summary, description, keywords), params = self.columns(compiler)
        document = f"{title} || ' ' || {summary} || ' ' || {description} || ' ' || {keywords}::text"
        return f"UPPER({document}) LIKE UPPER(%s)", (*params, f"%{self.extra['term']}%")


class IdIn(Func):
    """PostgreSQL: pk = ANY(one array parameter), not one placeholder per id (a one-character query can hold
    half the catalogue)."""

    output_field = BooleanField()

    def __init__(self, ids):
        super().__init__(F("pk"), ids=list(ids))

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} = ANY(%s::bigint[])", (*params, self.extra["ids"])


def index_prefilter(terms, required):
    """PostgreSQL: a condition every hit meets that the indexes of marketplace 0004/0005 answer, so the exact
    (LIKE) conditions read a few candidate rows instead of every row. A hit misses at most len(terms) - required
    terms, so it holds one of any len(terms) - required + 1 of them: one OR per window of that many consecutive
    terms an index can look up (a Chinese term among the listing's grams, a word of three letters or more
    through its trigrams). None when too few terms can be looked up (e.g. "vr" alone)."""
    if connection.vendor != "postgresql":
        return None
    size = len(terms) - required + 1
    indexed = [term for term in terms if CJK.fullmatch(term) or len(term) >= 3]
    windows = [indexed[i:i + size] for i in range(len(indexed) - size + 1)][:MAX_INDEX_WINDOWS]
    if not windows:
        return None
    conditions = []
    for window in windows:
        chinese = [term for term in window if CJK.fullmatch(term)]
        words = [term for term in window if not CJK.fullmatch(term)]
        if len(words) > MAX_WINDOW_WORDS:
            # Each candidate row rechecks every word's LIKE over its whole text: an English paragraph's windows
            # of eleven words cost more than the scan they spare (13 s against 5 s at 100,000 listings).
            continue
        held = [Q(GramsOverlap(chinese))] if chinese else []
        held += [Q(DocumentContains(term)) for term in words]
        conditions.append(reduce(operator.or_, held))
    return reduce(operator.and_, conditions) if conditions else None


def text_filter(text):
    """Listings holding enough of the query's terms (see query_terms); one condition per term."""
    terms, required = query_terms(text)
    if not terms:
        return Q()
    if required >= len(terms):
        condition = reduce(operator.and_, map(term_condition, terms))
    else:
        held = reduce(operator.add, [Case(When(term_condition(term), then=1), default=0,
                                          output_field=IntegerField()) for term in terms])
        condition = Q(GreaterThanOrEqual(held, required))
    prefilter = index_prefilter(terms, required)
    return condition if prefilter is None else prefilter & condition


def bm25_scores(probe_tokens, documents, k1=1.2, b=0.75):
    """documents: [(key, {field: tokens})] -> {key: score}; weighted fields, idf over the candidate set."""
    n = len(documents) or 1
    df = Counter()
    for _, fields in documents:
        df.update(set(t for tokens_ in fields.values() for t in tokens_))
    query = Counter(probe_tokens)
    averages = {f: (sum(len(fields.get(f, [])) for _, fields in documents) / n) or 1.0 for f in DB_FIELDS}
    scores = {}
    for key, fields in documents:
        total = 0.0
        for field_name, weight in DB_FIELDS.items():
            counts = Counter(fields.get(field_name, []))
            length = sum(counts.values())
            for term, q in query.items():
                tf = counts.get(term)
                if not tf:
                    continue
                idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                total += weight * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / averages[field_name]))
        if total > 0:
            scores[key] = total
    return scores


def profile_tokens(profile):
    return {
        "title": tokens(profile.title),
        "keywords": tokens(" ".join(profile.keywords + [t.name_zh + " " + t.name_en for t in profile.technologies])),
        "summary": tokens(profile.summary),
        "description": tokens(profile.description),
    }


class DatabaseBackend(SearchBackend):
    name = "database"

    def index_listings(self, listing_ids, refresh=False):
        """The database is its own index."""

    def delete_listings(self, listing_ids, refresh=False):
        pass

    def search(self, query):
        text = query.text.strip()
        base = visible_base(query.viewer)
        condition = text_filter(text) if text else Q()
        if condition and connection.vendor == "postgresql":
            # The text conditions are the costly part: evaluated once, then hits, total and facets read the ids.
            ids = base.filter(condition).order_by().values_list("pk", flat=True)
            base = Listing.objects.filter(IdIn(list(ids)))
        elif condition:
            base = base.filter(condition)  # SQLite (the demo's hundred rows): no id list to outgrow its parameters
        selected = {name: query.values(name) for name in FACETS if query.values(name)}
        filtered = base
        for name, values in selected.items():
            filtered = filtered.filter(filter_for(name, values))
        if selected.keys() & M2M_FACETS:
            filtered = filtered.distinct()  # a listing in two of the selected sectors joins twice
        sort = query.effective_sort
        if sort == "deadline":
            filtered = filtered.order_by(F("deadline").asc(nulls_last=True), "-published_at", "-pk")
        else:
            filtered = filtered.order_by("-published_at", "-pk")
        total = filtered.values("pk").count()
        page = max(1, query.page)
        start = (page - 1) * query.page_size
        if sort == "relevance":
            # Relevance over the filtered set (bounded): rank in Python, then page.
            rows = list(filtered.select_related("organisation").prefetch_related(
                "sectors", "technologies", "collaboration_types")[:MATCH_CANDIDATES])
            scores = bm25_scores(tokens(text), [(r.pk, profile_tokens(profile_from_listing(r))) for r in rows])
            rows.sort(key=lambda r: scores.get(r.pk, 0.0), reverse=True)
            rows = rows[start:start + query.page_size]
        else:
            scores = {}
            rows = list(filtered[start:start + query.page_size])
        hits = [SearchHit(listing_id=row.pk, score=scores.get(row.pk, 0.0), title=row.title, kind=row.kind, listing=row)
                for row in rows]
        facets = self._facets(base, selected) if query.facets else {}
        return SearchResults(hits=hits, total=total, facets=facets, page=page, page_size=query.page_size)

    def _facets(self, base, selected):
        facets = {}
        for name in FACETS:
            queryset = base
            for other, values in selected.items():
                if other != name:
                    queryset = queryset.filter(filter_for(other, values))
            # Only a many-to-many filter joins a listing twice; COUNT(DISTINCT) costs a sort of every row.
            joined = any(other != name and other in M2M_FACETS for other in selected)
            if name == "trl":
                # One query for the nine levels.
                counts = queryset.aggregate(**{
                    f"trl{level}": Count("pk", distinct=joined, filter=Q(trl_min__lte=level, trl_max__gte=level))
                    for level in TRL_LEVELS})
                facets[name] = {str(level): counts[f"trl{level}"] for level in TRL_LEVELS if counts[f"trl{level}"]}
                continue
            if name in M2M_FACETS:
                # Counted on the link table: one row per (listing, term), no join back through the listing.
                through, column = M2M_FACETS[name]
                rows = (through.objects.filter(listing_id__in=queryset.values("pk")).exclude(**{column: ""})
                        .values(column).annotate(n=Count("listing_id")).order_by())
            else:
                column = {"kind": "kind", "region": "metro_area", "province": "province",
                          "org_kind": "organisation__kind"}[name]
                rows = (queryset.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})
                        .values(column).annotate(n=Count("pk", distinct=joined)).order_by())
            facets[name] = {row[column]: row["n"] for row in rows}
        return facets

    # ---- matching -----------------------------------------------------------------------------------------
    def match_profiles(self, probe, candidates, limit=10):
        """Rank candidate profiles as counterparts of the probe (shared with the evaluation command)."""
        documents = [(i, profile_tokens(c)) for i, c in enumerate(candidates)]
        scores = bm25_scores(tokens(probing_text(probe)), documents)
        pairs = [(candidates[i], scores.get(i, 0.0)) for i in range(len(candidates))]
        pairs = [(c, s) for c, s in pairs if s > 0 or (set(c.slugs("sectors")) & set(probe.slugs("sectors")))
                 or (set(c.slugs("technologies")) & set(probe.slugs("technologies")))]
        return rank(probe, pairs, limit)

    def _candidates(self, probe, viewer, kinds, exclude_organisation):
        queryset = visible_base(viewer, kinds)
        if probe.id is not None:
            queryset = queryset.exclude(pk=probe.id)
        if exclude_organisation:
            queryset = queryset.exclude(organisation_id=exclude_organisation)
        ids = list(queryset.order_by("-published_at").values_list("pk", flat=True)[:MATCH_CANDIDATES])
        return profiles_for_ids(ids)

    def _profile(self, listing):
        return listing if isinstance(listing, ListingProfile) else profile_from_listing(listing)

    def match(self, listing, viewer, limit=10, include_ids=None):
        """`include_ids`: score exactly these counterparts (those the viewer may see), e.g. an event's listings."""
        probe = self._profile(listing)
        if include_ids:
            queryset = visible_base(viewer, [probe.counterpart_kind]).filter(pk__in=list(include_ids))
            if probe.organisation_id:
                queryset = queryset.exclude(organisation_id=probe.organisation_id)
            return self.match_profiles(probe, profiles_for_ids(queryset.values_list("pk", flat=True)), None)
        candidates = self._candidates(probe, viewer, [probe.counterpart_kind], probe.organisation_id)
        return self.match_profiles(probe, candidates, limit)

    def similar(self, listing, viewer, limit=5):
        probe = self._profile(listing)
        candidates = self._candidates(probe, viewer, [probe.kind], None)
        documents = [(i, profile_tokens(c)) for i, c in enumerate(candidates)]
        scores = bm25_scores(tokens(probing_text(probe)), documents)
        ordered = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:limit]
        return [SearchHit(listing_id=candidates[i].id, score=s, title=candidates[i].title, kind=candidates[i].kind)
                for i, s in ordered]

    def suggest(self, prefix, viewer, limit=8):
        prefix = prefix.strip()
        if not prefix:
            return []
        rows = (visible_base(viewer).filter(Q(title__istartswith=prefix) | Q(title__icontains=prefix)
                                            | Q(keywords__icontains=prefix))
                .order_by("-published_at").values("pk", "title", "keywords")[: limit * 3])
        seen, suggestions = set(), []
        lowered = prefix.lower()
        for row in rows:
            texts = [row["title"]] + [k for k in (row["keywords"] or []) if k.lower().startswith(lowered)]
            for text in texts:
                if text.lower() not in seen and lowered in text.lower():
                    seen.add(text.lower())
                    suggestions.append({"text": text, "listing_id": row["pk"]})
        return suggestions[:limit]
