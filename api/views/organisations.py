from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from accounts.models import Organisation

from ..conditional import conditional_response, make_etag
from ..permissions import request_credential
from ..selectors import organisations_filtered
from ..serializers.organisations import (
    OrganisationFilterSerializer,
    OrganisationSerializer,
    OrganisationUpdateSerializer,
)
from ..services.organisations import organisation_update

ORGANISATION_EXAMPLE = {
    "id": 7, "slug": "tongji-vr-lab", "kind": "university", "name_zh": "同济大学虚拟现实实验室",
    "name_en": "Tongji University VR Lab", "province": "上海", "city": "上海", "metro_area": "yangtze_delta",
    "description": "沉浸式展陈与数字孪生。", "website": "https://vr.example.edu.cn", "verification": "verified",
    "is_verified": True, "created_at": "2026-01-05T08:00:00+08:00", "updated_at": "2026-11-01T08:00:00+08:00",
}


@extend_schema_view(
    list=extend_schema(
        summary="List organisations",
        description="Public profiles of the organisations on the platform, filterable by name, kind, metro area "
                    "and verification; `mine=true` lists the caller's own.",
        parameters=[OrganisationFilterSerializer],
        examples=[OpenApiExample("A page of organisations", response_only=True, value=ORGANISATION_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="Get an organisation",
        description="One organisation's public profile; supports `If-None-Match`.",
        examples=[OpenApiExample("An organisation", value=ORGANISATION_EXAMPLE, response_only=True)],
    ),
    partial_update=extend_schema(
        summary="Change your organisation's profile",
        description="Owners (by session) or a credential of the organisation with the `write` scope change the "
                    "public profile. Names in Chinese, kind and verification are changed on the site only.",
        request=OrganisationUpdateSerializer, responses={200: OrganisationSerializer},
        examples=[OpenApiExample("New website", request_only=True, value={"website": "https://vr.example.edu.cn"}),
                  OpenApiExample("An organisation", value=ORGANISATION_EXAMPLE, response_only=True)],
    ),
)
class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.all()
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return get_object_or_404(Organisation, pk=self.kwargs["pk"])

    def list(self, request, *args, **kwargs):
        filters = OrganisationFilterSerializer(data=request.query_params, partial=True)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(organisations_filtered(user=request.user, filters=filters.validated_data))
        return self.get_paginated_response(OrganisationSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        organisation = self.get_object()
        etag = make_etag("organisation", organisation.pk, organisation.updated_at.isoformat())
        return conditional_response(request, etag, lambda: OrganisationSerializer(organisation).data)

    def partial_update(self, request, *args, **kwargs):
        organisation = self.get_object()
        serializer = OrganisationUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_update(user=request.user, organisation=organisation,
                                           credential=request_credential(request), **serializer.validated_data)
        return Response(OrganisationSerializer(organisation).data)
