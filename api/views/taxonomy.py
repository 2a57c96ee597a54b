from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.views import APIView

from ..conditional import conditional_response, make_etag
from ..selectors import taxonomy
from ..serializers.taxonomy import TaxonomySerializer


class TaxonomyView(APIView):
    @extend_schema(
        summary="The curated taxonomy",
        description="Sectors, technologies and collaboration types with bilingual labels, and the fixed choices "
                    "(IP status, regions, organisation kinds, close reasons) used by listings. Use the slugs and "
                    "values when filtering and writing. Supports `If-None-Match`.",
        responses={200: TaxonomySerializer},
        examples=[OpenApiExample("Taxonomy", response_only=True, value={
            "sectors": [{"slug": "games", "name_zh": "游戏", "name_en": "Games"}],
            "technologies": [{"slug": "vr-ar", "name_zh": "虚拟现实与增强现实", "name_en": "VR/AR"}],
            "collaboration_types": [{"slug": "licensing", "name_zh": "技术许可", "name_en": "Licensing"}],
            "ip_statuses": [{"value": "granted_patent", "label": "Granted patent"}],
            "regions": [{"value": "yangtze_delta", "label": "Yangtze River Delta"}],
            "organisation_kinds": [{"value": "university", "label": "University"}],
            "close_reasons": [{"value": "fulfilled", "label": "Fulfilled"}],
        })],
    )
    def get(self, request):
        data = taxonomy()
        etag = make_etag("taxonomy", TaxonomySerializer(data).data)
        return conditional_response(request, etag, lambda: TaxonomySerializer(data).data)
