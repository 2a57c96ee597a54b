from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.exceptions import PermissionDeniedError
from marketplace.models import Listing
from marketplace.permissions import listing_permissions
from marketplace.revisions import pending_revision
from marketplace.services import listing_close, listing_submit, listing_update
from matching.selectors import listing_matches
from matching.services import matches_mark_seen

from ..conditional import conditional_response, make_etag
from ..pagination import LimitedCountPagination, PagePagination
from ..permissions import request_credential
from ..selectors import listing_queryset, listings_attach_taxonomy, listings_filtered
from ..serializers.listings import (
    BulkImportResultSerializer,
    BulkImportSerializer,
    ListingChangeResultSerializer,
    ListingCloseSerializer,
    ListingFilterSerializer,
    ListingSerializer,
    ListingUpdateSerializer,
    ListingWriteSerializer,
)
from ..serializers.search import MatchQuerySerializer, MatchSerializer
from ..services.bulk import listings_bulk_import
from ..services.listings import api_listing_create

LISTING_EXAMPLE = {
    "id": 42, "kind": "need", "status": "published", "title": "为数字博物馆寻找三维重建技术",
    "summary": "我们需要对 2000 件馆藏文物进行高精度三维扫描和重建。",
    "title_alt": "3D reconstruction for a digital museum",
    "summary_alt": "We need high-precision 3D scans and reconstructions of 2,000 objects of our collection.",
    "description": "",
    "organisation": {"id": 7, "slug": "shanghai-museum", "kind": "enterprise", "name_zh": "上海博物馆",
                     "name_en": "Shanghai Museum", "is_verified": True},
    "sectors": ["museums-heritage"], "technologies": ["3d-scanning"], "collaboration_types": ["joint_rd"],
    "keywords": ["三维扫描", "photogrammetry"], "trl_min": 5, "trl_max": 8, "ip_status": "not_applicable",
    "budget_min": 500000, "budget_max": 2000000, "province": "上海", "city": "上海",
    "metro_area": "yangtze_delta", "remote_ok": True, "deadline": "2027-06-30", "visibility": "public",
    "featured": False, "external_id": "TTO-2026-0042", "rejection_reason": "", "close_reason": "",
    "created_at": "2026-11-20T09:00:00+08:00", "updated_at": "2026-11-21T10:00:00+08:00",
    "submitted_at": "2026-11-20T09:30:00+08:00", "published_at": "2026-11-21T10:00:00+08:00",
    "closed_at": None, "web_url": "/listings/42/",
}
CREATE_EXAMPLE = OpenApiExample(
    "A need", request_only=True,
    value={"kind": "need", "title": "为数字博物馆寻找三维重建技术",
           "summary": "我们需要对 2000 件馆藏文物进行高精度三维扫描和重建。",
           "sectors": ["museums-heritage"], "collaboration_types": ["joint_rd"], "keywords": ["三维扫描"],
           "trl_min": 5, "trl_max": 8, "budget_min": 500000, "budget_max": 2000000,
           "metro_area": "yangtze_delta", "deadline": "2027-06-30", "visibility": "public",
           "external_id": "TTO-2026-0042"},
)
LISTING_RESPONSE_EXAMPLE = OpenApiExample("A listing", value=LISTING_EXAMPLE, response_only=True,
                                          status_codes=["200", "201"])


@extend_schema_view(
    list=extend_schema(
        summary="List listings",
        description="Listings the caller may see, exactly as on the site: published listings by their visibility "
                    "(everyone, signed-in members, verified organisations) plus, for members, every listing of "
                    "their own organisations. Filters are those of the browse page; `ordering` sorts. `count` is "
                    "exact up to 1,000 matches; beyond that it is a lower bound and `count_exact` is false "
                    "(follow `next` to the end).",
        parameters=[ListingFilterSerializer],
        # drf-spectacular wraps a list's example in the page (count, next, ..., results: [example]).
        examples=[OpenApiExample("A page of listings", response_only=True, value=LISTING_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="Get a listing",
        description="One listing the caller may see (404 otherwise). Answers 304 to `If-None-Match` with the "
                    "ETag of the caller's copy.",
        examples=[LISTING_RESPONSE_EXAMPLE],
    ),
    create=extend_schema(
        summary="Create a listing (draft)",
        description="Creates a draft for an organisation the caller edits for (owners and editors; a credential "
                    "for its own organisation, scope `write`). Submit it for review with `/submit/`.",
        request=ListingWriteSerializer, responses={201: ListingSerializer},
        examples=[CREATE_EXAMPLE, LISTING_RESPONSE_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Change a listing",
        description="Changes the given fields (owners and editors of the listing's organisation; scope `write`). "
                    "Closed listings cannot be changed. On a published listing, changes to what readers see "
                    "(text, keywords, taxonomy, readiness, IP status, budget, region, a wider visibility) wait "
                    "for a curator's review: the answer is **202** with `pending_revision` saying what waits, and "
                    "the listing in it is the published version, which others keep seeing until the changes are "
                    "approved. The deadline and a narrower visibility apply at once (**200**, `pending_revision` "
                    "null unless earlier changes still wait).",
        request=ListingUpdateSerializer,
        responses={200: ListingChangeResultSerializer, 202: ListingChangeResultSerializer},
        examples=[OpenApiExample("New deadline", request_only=True, value={"deadline": "2027-09-30"}),
                  OpenApiExample("Applied", response_only=True, status_codes=["200"],
                                 value={**LISTING_EXAMPLE, "pending_revision": None}),
                  OpenApiExample("Awaiting review", response_only=True, status_codes=["202"], value={
                      **LISTING_EXAMPLE, "pending_revision": {
                          "id": 8, "changed_fields": ["title"],
                          "changes": {"title": "为数字博物馆寻找三维重建与修复技术"},
                          "files": [], "created_at": "2026-11-22T09:00:00+08:00",
                          "updated_at": "2026-11-22T09:00:00+08:00"}})],
    ),
)
class ListingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ListingSerializer
    pagination_class = LimitedCountPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return listing_queryset(user=self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def list(self, request, *args, **kwargs):
        filters = ListingFilterSerializer(data=request.query_params, partial=True)
        filters.is_valid(raise_exception=True)
        queryset = listings_filtered(user=request.user, filters=filters.validated_data)
        page = listings_attach_taxonomy(self.paginate_queryset(queryset))
        return self.get_paginated_response(ListingSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        listing = self.get_object()
        etag = make_etag("listing", listing.pk, listing.updated_at.isoformat(), listing.organisation.updated_at)
        return conditional_response(request, etag,
                                    lambda: ListingSerializer(listings_attach_taxonomy([listing])[0]).data)

    def create(self, request, *args, **kwargs):
        serializer = ListingWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        listing = api_listing_create(user=request.user, credential=request_credential(request),
                                     data=serializer.validated_data)
        return Response(ListingSerializer(self._reload(listing)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        listing = self.get_object()
        serializer = ListingUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        listing = listing_update(user=request.user, listing=listing, **serializer.validated_data)
        revision = pending_revision(listing)
        awaiting = revision is not None and set(serializer.validated_data) & set(revision.changes)
        body = ListingChangeResultSerializer(self._reload(listing), context={"pending_revision": revision}).data
        return Response(body, status=status.HTTP_202_ACCEPTED if awaiting else status.HTTP_200_OK)

    @extend_schema(
        summary="Submit a listing for review", request=None, responses={200: ListingSerializer},
        description="Moves a draft (or rejected or expired listing) to “awaiting review”; platform staff then "
                    "publish or reject it. Owners and editors; scope `write`.",
        examples=[LISTING_RESPONSE_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        listing = listing_submit(user=request.user, listing=self.get_object())
        return Response(ListingSerializer(self._reload(listing)).data)

    @extend_schema(
        summary="Close a listing", request=ListingCloseSerializer, responses={200: ListingSerializer},
        description="Closes a listing as fulfilled or withdrawn; a closed listing is final. Owners and editors; "
                    "scope `write`.",
        examples=[OpenApiExample("Fulfilled", request_only=True, value={"reason": "fulfilled"}),
                  LISTING_RESPONSE_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        listing = self.get_object()
        serializer = ListingCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        listing = listing_close(user=request.user, listing=listing, reason=serializer.validated_data["reason"])
        return Response(ListingSerializer(self._reload(listing)).data)

    @extend_schema(
        summary="Matches of a listing",
        description="The best counterparts of one of your listings (a need's capabilities, a capability's needs) "
                    "with the score, its parts and the reasons in both languages, as on the listing's page. "
                    "Members of the listing's organisation and staff; scope `read`. Only counterparts the caller "
                    "may see are listed, dismissed matches are not. The organisation's reading marks new matches "
                    "seen (the answer still says which were new).",
        parameters=[MatchQuerySerializer],
        responses={200: MatchSerializer(many=True)},
        examples=[OpenApiExample("Matches", response_only=True, value={  # wrapped in the page like the list's
            "id": 311, "listing": {**LISTING_EXAMPLE, "id": 51, "kind": "capability", "title": "文物高精度三维重建"},
            "score": 0.82, "parts": {"text": 0.74, "taxonomy": 1.0, "collaboration": 1.0, "region": 1.0,
                                     "readiness": 1.0, "freshness": 0.93},
            "reasons_zh": ["同属 博物馆与文化遗产", "共同技术：三维重建"],
            "reasons_en": ["Same sector: Museums and heritage", "Shares: 3D reconstruction"],
            "state": "new"})],
    )
    @action(detail=True, methods=["get"], pagination_class=PagePagination)
    def matches(self, request, pk=None):
        listing = self.get_object()
        if not listing_permissions(request.user, listing).read_private:
            raise PermissionDeniedError(_("Only members of the listing's organisation see its matches."))
        query = MatchQuerySerializer(data=request.query_params, partial=True)
        query.is_valid(raise_exception=True)
        # The stored matches, read as the listing's page reads them (counterparts the caller may read).
        rows = listing_matches(listing=listing, viewer=request.user, limit=query.validated_data.get("limit", 10))
        matches_mark_seen(user=request.user, listing=listing, matches=rows)
        counterparts = listings_attach_taxonomy(row.counterpart_of(listing) for row in rows)
        found = [{"id": row.pk, "listing": counterpart, "score": row.score, "parts": row.parts,
                  "reasons_zh": row.reasons_zh, "reasons_en": row.reasons_en, "state": row.state}
                 for row, counterpart in zip(rows, counterparts, strict=True)]
        page = self.paginate_queryset(found)
        return self.get_paginated_response(MatchSerializer(page, many=True).data)

    @extend_schema(
        summary="Import listings in bulk",
        description="Creates (or, by `external_id`, updates) up to 500 listings in one request. Each row is "
                    "validated and written on its own: a bad row changes nothing and is reported with its field "
                    "errors, the good rows are kept. Answers 200 with one result per row. An update of a published "
                    "listing goes through review as with PATCH (`pending_review`). Scope `write`.",
        request=BulkImportSerializer, responses={200: BulkImportResultSerializer},
        examples=[
            OpenApiExample("Two rows", request_only=True, value={"submit": False, "listings": [
                {"kind": "capability", "title": "文物三维重建", "summary": "摄影测量与激光扫描",
                 "external_id": "TTO-7"},
                {"kind": "need", "title": "", "summary": "缺少标题的一行"}]}),
            OpenApiExample("Per-row results", response_only=True, value={
                "created": 1, "updated": 0, "failed": 1, "results": [
                    {"index": 0, "status": "created", "id": 101, "external_id": "TTO-7", "errors": {},
                     "pending_review": False},
                    {"index": 1, "status": "error", "id": None, "external_id": "",
                     "errors": {"title": ["This field may not be blank."]}, "pending_review": False}]}),
        ],
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        serializer = BulkImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = listings_bulk_import(user=request.user, credential=request_credential(request),
                                      rows=serializer.validated_data["listings"],
                                      submit=serializer.validated_data["submit"])
        return Response(BulkImportResultSerializer(result).data)

    def _reload(self, listing):
        return listings_attach_taxonomy([Listing.objects.select_related("organisation").get(pk=listing.pk)])[0]
