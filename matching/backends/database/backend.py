"""The database backend: the zero-service demo and the fallback when Elasticsearch is down. Works on SQLite
and PostgreSQL with ORM filters (on PostgreSQL led by conditions its indexes answer: `postgres.py`); relevance is
a small BM25 computed in Python over a candidate set (`bm25.py`)."""
from django.db import connection
from django.db.models import Count, F, Q

from marketplace.models import Listing

from ...facets import FACETS, TRL_LEVELS
from ...profiles import ListingProfile, profile_from_listing, profiles_for_ids
from ..base import REBUILD_BATCH, RebuildReport, ReconcileReport, SearchBackend, SearchHit, SearchResults, topic_retry
from .bm25 import match_profiles, profile_scores
from .expansion import search_condition, search_documents, search_scores
from .filters import filter_for, level_condition, visible_base
from .postgres import IdIn

MATCH_CANDIDATES = 500  # newest visible counterparts scored in Python


def link_table(facet):
    """(through model, its column holding the value) of a many-to-many facet: sector -> (Listing_sectors,
    "sector__slug")."""
    field = Listing._meta.get_field(facet.many_to_many)
    value = facet.orm_path.split("__", 1)[1]
    return field.remote_field.through, f"{field.related_model._meta.model_name}__{value}"


class DatabaseBackend(SearchBackend):
    name = "database"

    # The database is its own index: nothing to write, nothing to rebuild, nothing to repair.
    def index_listings(self, listing_ids, *, refresh=False):
        pass

    def delete_listings(self, listing_ids, *, refresh=False):
        pass

    def rebuild(self, *, batch_size=REBUILD_BATCH, progress=None):
        return RebuildReport(index="", listings=Listing.objects.filter(status=Listing.Status.PUBLISHED).count())

    def reconcile(self, *, dry_run=False):
        published = Listing.objects.filter(status=Listing.Status.PUBLISHED).count()
        return ReconcileReport(in_database=published, in_index=published)

    def search(self, query):
        results = self._search(query)
        retry = topic_retry(query, results)
        return self._search(retry) if retry else results

    def _search(self, query):
        text = query.text.strip()
        base = visible_base(query.viewer)
        condition, own_tokens, expanded_tokens = (search_condition(text, words=query.words) if text
                                                  else (Q(), [], []))
        if condition and connection.vendor == "postgresql":
            # The text conditions are the costly part: evaluated once, then hits, total and facets read the ids.
            # Each alternative of an OR on its own: together they kept the planner from the text indexes (a
            # glossary-expanded query at 100,000 listings: 34 s as one statement, 1.7 s as three).
            branches = condition.children if condition.connector == Q.OR and not condition.negated else [condition]
            ids = set()
            for branch in branches:
                branch = branch if isinstance(branch, Q) else Q(branch)
                ids.update(base.filter(branch).order_by().values_list("pk", flat=True))
            base = Listing.objects.filter(IdIn(sorted(ids)))
        elif condition:
            base = base.filter(condition)  # SQLite (the demo's hundred rows): no id list to outgrow its parameters
        selected = {name: query.values(name) for name in FACETS if query.values(name)}
        filtered = base
        for name, values in selected.items():
            filtered = filtered.filter(filter_for(name, values))
        if any(FACETS[name].many_to_many for name in selected):
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
            scores = search_scores(own_tokens, expanded_tokens, search_documents(rows))
            rows.sort(key=lambda r: scores.get(r.pk, 0.0), reverse=True)
            rows = rows[start:start + query.page_size]
        else:
            scores = {}
            rows = list(filtered[start:start + query.page_size])
        hits = [SearchHit(listing_id=row.pk, score=scores.get(row.pk, 0.0), title=row.title, kind=row.kind, listing=row)
                for row in rows]
        facets = self._facets(base, selected) if query.facets else {}
        return SearchResults(hits=hits, total=total, facets=facets, page=page, page_size=query.page_size,
                             backend=self.name)

    def _facets(self, base, selected):
        facets = {}
        for name, facet in FACETS.items():
            queryset = base
            for other, values in selected.items():
                if other != name:
                    queryset = queryset.filter(filter_for(other, values))
            # Only a many-to-many filter joins a listing twice; COUNT(DISTINCT) costs a sort of every row.
            joined = any(other != name and FACETS[other].many_to_many for other in selected)
            if facet.range_fields:
                # One query for the nine levels.
                counts = queryset.aggregate(**{
                    f"level{level}": Count("pk", distinct=joined, filter=level_condition(facet, level))
                    for level in TRL_LEVELS})
                facets[name] = {str(level): counts[f"level{level}"] for level in TRL_LEVELS
                                if counts[f"level{level}"]}
                continue
            if facet.many_to_many:
                # Counted on the link table: one row per (listing, term), no join back through the listing.
                through, column = link_table(facet)
                rows = (through.objects.filter(listing_id__in=queryset.values("pk")).exclude(**{column: ""})
                        .values(column).annotate(n=Count("listing_id")).order_by())
            else:
                column = facet.orm_path
                rows = (queryset.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})
                        .values(column).annotate(n=Count("pk", distinct=joined)).order_by())
            facets[name] = {row[column]: row["n"] for row in rows}
        return facets

    # ---- matching -----------------------------------------------------------------------------------------
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

    def match(self, listing, viewer, *, limit=10, include_ids=None):
        probe = self._profile(listing)
        if include_ids:
            queryset = visible_base(viewer, [probe.counterpart_kind]).filter(pk__in=list(include_ids))
            if probe.organisation_id:
                queryset = queryset.exclude(organisation_id=probe.organisation_id)
            return match_profiles(probe, profiles_for_ids(queryset.values_list("pk", flat=True)), limit=None)
        candidates = self._candidates(probe, viewer, [probe.counterpart_kind], probe.organisation_id)
        return match_profiles(probe, candidates, limit=limit)

    def similar(self, listing, viewer, *, limit=5):
        probe = self._profile(listing)
        candidates = self._candidates(probe, viewer, [probe.kind], None)
        scores = profile_scores(probe, candidates)
        ordered = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:limit]
        return [SearchHit(listing_id=candidates[i].id, score=s, title=candidates[i].title, kind=candidates[i].kind)
                for i, s in ordered]

    def suggest(self, prefix, viewer, *, limit=8):
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
