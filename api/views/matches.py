"""People's decisions about stored matches (the matches themselves are read at /api/v1/listings/{id}/matches/)."""
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from matching.models import Match
from matching.selectors import match_of_member
from matching.services import match_dismiss

from ..serializers.search import MatchStateSerializer


class MatchViewSet(viewsets.GenericViewSet):
    queryset = Match.objects.none()  # for the schema; the match comes from match_of_member
    serializer_class = MatchStateSerializer

    @extend_schema(
        summary="Dismiss a match",
        description="“Not for us”: editors and owners of either side's organisation take the pair off both "
                    "listings' matches; the engine keeps it dismissed through later refreshes. A match the caller "
                    "is no member of either side of, or whose other listing the caller may not see, answers 404. "
                    "Scope `write`.",
        request=None, responses={200: MatchStateSerializer},
        examples=[OpenApiExample("Dismissed", response_only=True, value={"id": 311, "state": "dismissed"})],
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        found = match_of_member(user=request.user, pk=pk)
        if found is None:
            raise Http404
        match = match_dismiss(user=request.user, match=found[0])
        return Response(MatchStateSerializer({"id": match.pk, "state": match.state}).data)
