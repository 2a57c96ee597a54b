"""The caller's saved searches: search parameters with an alert frequency."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from collaboration import services as collaboration
from collaboration.models import SavedSearch
from collaboration.selectors import saved_searches_for

from ..serializers.collaboration import SavedSearchCreateSerializer, SavedSearchSerializer, SavedSearchUpdateSerializer

SAVED_EXAMPLE = {"id": 5, "name": "三维重建", "query": {"q": ["三维重建"], "sector": ["museums-heritage"]},
                 "frequency": "daily", "created_at": "2026-11-20T08:00:00+08:00", "last_run_at": None}


@extend_schema_view(
    list=extend_schema(summary="List saved searches", description="The caller's saved searches. Scope `read`.",
                       examples=[OpenApiExample("Saved searches", response_only=True, value=SAVED_EXAMPLE)]),
    retrieve=extend_schema(summary="Get a saved search", description="One saved search. Scope `read`.",
                           examples=[OpenApiExample("Saved search", response_only=True, value=SAVED_EXAMPLE)]),
    create=extend_schema(summary="Save a search",
                         description="Saves search parameters (as for /api/v1/search/) with an alert frequency: "
                                     "new listings that fit are announced instantly, daily or weekly. Scope `write`.",
                         request=SavedSearchCreateSerializer, responses={201: SavedSearchSerializer},
                         examples=[OpenApiExample("Save", request_only=True, value={
                             "name": "三维重建", "query": {"q": ["三维重建"]}, "frequency": "daily"}),
                             OpenApiExample("Saved", response_only=True, status_codes=["201"], value=SAVED_EXAMPLE)]),
    partial_update=extend_schema(summary="Rename or change the frequency",
                                 description="Changes the name or alert frequency. Scope `write`.",
                                 request=SavedSearchUpdateSerializer, responses={200: SavedSearchSerializer},
                                 examples=[OpenApiExample("Weekly", request_only=True, value={"frequency": "weekly"}),
                                           OpenApiExample("Saved search", response_only=True, value=SAVED_EXAMPLE)]),
    destroy=extend_schema(summary="Delete a saved search", description="Stops its alerts. Scope `write`."),
)
class SavedSearchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                         viewsets.GenericViewSet):
    serializer_class = SavedSearchSerializer
    queryset = SavedSearch.objects.none()
    login_required = True
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return saved_searches_for(user=self.request.user).order_by("-created_at", "-id")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        serializer = SavedSearchCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = collaboration.saved_search_create(user=request.user, name=data.get("name", ""), query=data["query"],
                                                  **({"frequency": data["frequency"]} if "frequency" in data else {}))
        return Response(SavedSearchSerializer(saved).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        saved = self.get_object()
        serializer = SavedSearchUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        saved = collaboration.saved_search_update(user=request.user, saved_search=saved, **serializer.validated_data)
        return Response(SavedSearchSerializer(saved).data)

    def destroy(self, request, *args, **kwargs):
        collaboration.saved_search_delete(user=request.user, saved_search=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
