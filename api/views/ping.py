from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class PingView(APIView):
    """The cheapest endpoint: the framework's floor in benchmarks, and a health check for partners."""

    @extend_schema(
        summary="Ping",
        description="Answers at once without touching the database: checks that the API is up and, with a "
                    "credential, that the token is accepted. Scope `read`.",
        responses={200: inline_serializer("Ping", {"status": serializers.CharField(),
                                                   "time": serializers.DateTimeField()})},
        examples=[OpenApiExample("Pong", response_only=True, value={"status": "ok",
                                                                     "time": "2026-11-25T18:00:00+08:00"})],
    )
    def get(self, request):
        return Response({"status": "ok", "time": timezone.now()})
