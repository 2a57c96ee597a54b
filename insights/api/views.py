"""/api/v1/insights/: the public figures for regional partner platforms (the same as /insights/ and
/regions/<zone>/, under the same visibility rule: public listings only)."""
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Region

from .. import snapshots
from ..services import PUBLIC, zone_scope_name
from ..zones import is_zone, zone_label, zone_slugs
from .serializers import InsightsSerializer, ZoneInsightsSerializer, ZoneSerializer

EXAMPLE_FIGURES = {
    "computed_at": "2026-11-30T10:15:00+08:00",
    "totals": {"capabilities": 52, "needs": 49, "organisations": 24, "matches": 310, "interests": 64,
               "completed": 9},
    "by_sector": [{"sector": "games", "capabilities": 8, "needs": 6}],
    "by_technology": [{"technology": "vr-ar", "capabilities": 11, "needs": 9}],
    "by_region": [{"region": "yangtze_delta", "capabilities": 40, "needs": 35}],
    "by_province": [{"province": "上海市", "capabilities": 18, "needs": 12}],
    "by_month": [{"month": "2026-11", "listings": 9, "matches": 40, "interests": 7, "accepted": 4, "completed": 1}],
    "funnel": [{"stage": "matches", "count": 310, "rate": None}, {"stage": "interests", "count": 64, "rate": 20.6}],
    "first_answer": {"answered": 51, "median_hours": 30.5},
    "declines": {"distribution": [{"reason": "budget", "count": 6, "share": 37.5}],
                 "trend": [{"month": "2026-11", "counts": {"budget": 2}}]},
    "unmet": {"threshold": 0.2, "min_days": 14, "total": 12,
              "rows": [{"sector": "museums-heritage", "region": "yangtze_delta", "unmet": 3, "no_match": 1,
                        "no_interest": 3}]},
}
EXAMPLE_EVENTS = [{"id": 7, "title_zh": "长三角文化科技对接会", "title_en": "Yangtze Delta culture-tech brokerage day",
                   "format": "on_site", "starts_on": "2026-10-20", "ends_on": "2026-10-20", "registrations": 18,
                   "requests": 64, "accepted": 41, "placed": 39, "held": 35, "follow_ups": 9}]
EXAMPLE_ZONE = {
    **EXAMPLE_FIGURES, "zone": "yangtze_delta",
    "organisations": {"total": 18, "by_kind": [{"kind": "university", "count": 4}],
                      "top": [{"slug": "donghai-vr-center", "name_zh": "东海大学虚拟现实研究中心",
                               "name_en": "Donghai University Virtual Reality Research Centre", "kind": "university",
                               "province": "上海市", "listings": 5}]},
    "latest": [{"id": 101, "title": "大空间多人AR导览", "kind": "capability", "organisation": "donghai-vr-center",
                "organisation_zh": "东海大学虚拟现实研究中心", "organisation_en": "Donghai University VR Centre"}],
    "facilities": {"total": 1, "rows": []},
    "collaborations": {"inside": 12, "across": 5, "provinces": [
        {"from_province": "江苏省", "to_province": "上海市", "inside": True, "count": 4}]},
    "responsive": [{"slug": "donghai-vr-center", "name_zh": "东海大学虚拟现实研究中心", "name_en": "Donghai VR Centre",
                    "received": 9, "answered": 9, "rate": 100.0, "median_hours": 20.0}],
}


class InsightsView(APIView):
    @extend_schema(
        summary="Public insights",
        description="Supply and demand by sector, technology, metro area, province and month; the funnel from "
                    "match to completed collaboration; the median time to a first answer; decline reasons; unmet "
                    "demand by sector × metro area; each matchmaking event held so far with its counts "
                    "(registrations, meeting requests, accepted, scheduled, held, follow-ups). Only public listings "
                    "are counted (listings for members or verified organisations only are left out entirely); "
                    "events are counted whole and their participants never named. The figures are those of the "
                    "last refresh (every 15 minutes): `computed_at`. Labels: /api/v1/taxonomy/.",
        responses={200: InsightsSerializer},
        examples=[OpenApiExample("Figures", value={**EXAMPLE_FIGURES, "events": EXAMPLE_EVENTS}, response_only=True)],
    )
    def get(self, request):
        payload, _computed_at = snapshots.current(PUBLIC)
        return Response(InsightsSerializer(payload).data)


class ZoneListView(APIView):
    @extend_schema(
        summary="Demonstration zones",
        description="The metro areas that have a zone page, with their names in the request's language.",
        responses={200: ZoneSerializer(many=True)},
        examples=[OpenApiExample("Zones", response_only=True, value=[
            {"slug": "yangtze_delta", "name": "Yangtze River Delta", "url": "/api/v1/insights/zones/yangtze_delta/"}
        ])],
    )
    def get(self, request):
        zones = [{"slug": slug, "name": str(zone_label(slug)),
                  "url": reverse("api:v1:insights-zone", args=[slug])} for slug in zone_slugs()]
        return Response(ZoneSerializer(zones, many=True).data)


class ZoneInsightsView(APIView):
    @extend_schema(
        summary="A demonstration zone's insights",
        description="The public figures restricted to the zone (listings located there), plus its organisations "
                    "by kind, its latest public listings, its shared facilities, the collaborations inside it and "
                    "across its border by province, and its most responsive organisations.",
        parameters=[OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(Region.values),
                                     description="A metro area, e.g. yangtze_delta.")],
        responses={200: ZoneInsightsSerializer},
        examples=[OpenApiExample("Zone", value=EXAMPLE_ZONE, response_only=True)],
    )
    def get(self, request, slug):
        if not is_zone(slug):
            raise Http404
        payload, _computed_at = snapshots.current(zone_scope_name(slug))
        return Response(ZoneInsightsSerializer(payload).data)
