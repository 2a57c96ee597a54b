from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.backends import SearchQuery
from matching.facets import FACETS
from matching.selectors import search_listings
from matching.suggestions import search_suggestions

from ..selectors import listings_attach_taxonomy
from ..serializers.search import SearchFilterSerializer, SearchResponseSerializer
from .listings import LISTING_EXAMPLE


class SearchView(APIView):
    @extend_schema(
        summary="Search listings",
        description="Full-text search in Chinese and English over published listings the caller may see, with "
                    "the facets and sorting of the site's search page and highlighted snippets. The same backend "
                    "as the site answers (Elasticsearch in production). Repeat a facet parameter to select "
                    "several values (`sector=games&sector=film`). Add `facets=true` for the facet counts. "
                    "When nothing is found, `suggestions` names sectors and technologies that fit the words and a "
                    "relaxed query that finds something.",
        parameters=[SearchFilterSerializer],
        responses={200: SearchResponseSerializer},
        examples=[OpenApiExample("Results with facets=true", response_only=True, value={
            "count": 1, "page": 1, "page_size": 20, "next": None, "previous": None, "backend": "elasticsearch",
            "results": [{"listing": LISTING_EXAMPLE, "score": 7.31,
                         "highlights": {"title": "为数字博物馆寻找<mark>三维</mark>重建技术"}}],
            "facets": {"kind": {"need": 1}, "sector": {"museums-heritage": 1}, "trl": {"5": 1, "6": 1}},
            "suggestions": None,
        })],
    )
    def get(self, request):
        params = SearchFilterSerializer(data=request.query_params, partial=True)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        page, page_size = data.get("page", 1), data.get("page_size", 20)
        # The site's search (selectors re-read every hit through the visibility rules and make the snippets).
        query = SearchQuery(
            text=data.get("q", "").strip(), viewer=request.user,
            filters={name: [str(v) for v in data[name]] for name in FACETS if data.get(name)},
            sort=data.get("sort", "relevance"), page=page, page_size=page_size, facets=data.get("facets", False),
            words=data.get("words", "most"),
        )
        result = search_listings(query=query)
        listings_attach_taxonomy([hit.listing for hit in result.hits])

        def link(number):
            query = request.query_params.copy()
            query["page"] = number
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        last_page = max(1, -(-result.total // page_size))
        body = {
            "count": result.total, "page": page, "page_size": page_size, "backend": result.backend,
            "next": link(page + 1) if page < min(last_page, 500) else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": [{"listing": hit.listing, "score": hit.score, "highlights": hit.highlights}
                        for hit in result.hits],
            "facets": {name: {str(k): v for k, v in (values or {}).items()} for name, values in result.facets.items()},
            "suggestions": search_suggestions(query=query, results=result),
        }
        return Response(SearchResponseSerializer(body).data)
