from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..models import Scope, WebhookSubscription
from ..permissions import request_credential
from ..selectors import owned_organisations
from ..serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookSubscriptionCreatedSerializer,
    WebhookSubscriptionSerializer,
    WebhookSubscriptionUpdateSerializer,
    WebhookSubscriptionWriteSerializer,
)
from ..services.listings import resolve_organisation
from ..services.webhooks import subscription_create, subscription_delete, subscription_update, webhook_send_test

SUBSCRIPTION_EXAMPLE = {
    "id": 3, "organisation": 7, "url": "https://tto.example.edu.cn/hooks/ctx",
    "events": ["listing.published", "match.created"], "is_paused": False, "paused_at": None,
    "consecutive_failures": 0, "created_at": "2026-11-25T10:00:00+08:00",
}
DELIVERY_EXAMPLE = {
    "id": 812, "event_id": "5d0e0c59-2f0f-4d3e-9a52-8f0b7f1f8d9a", "event": "listing.published",
    "status": "succeeded", "attempts": 1, "response_status": 200, "latency_ms": 84,
    "error": "", "created_at": "2026-11-25T10:05:00+08:00", "last_attempt_at": "2026-11-25T10:05:01+08:00",
    "next_attempt_at": None, "delivered_at": "2026-11-25T10:05:01+08:00", "payload": {"listing": {"id": 42}},
}


@extend_schema_view(
    list=extend_schema(
        summary="List webhook subscriptions",
        description="Subscriptions of the caller's organisation (a credential's own; for a session, the "
                    "organisations the user owns). Scope `webhooks`.",
        examples=[OpenApiExample("Subscriptions", response_only=True, value=SUBSCRIPTION_EXAMPLE)],
    ),
    retrieve=extend_schema(summary="Get a webhook subscription", description="One subscription. Scope `webhooks`.",
                           examples=[OpenApiExample("Subscription", response_only=True, value=SUBSCRIPTION_EXAMPLE)]),
    create=extend_schema(
        summary="Subscribe a URL to events",
        description="Deliveries are POSTed as JSON `{id, type, created_at, data}` with the headers X-CTX-Event, "
                    "X-CTX-Delivery, X-CTX-Timestamp and X-CTX-Signature (`sha256=` HMAC-SHA256 of "
                    "`<timestamp>.<body>` with the secret returned here, once). Answer 2xx within 10 s; other "
                    "answers are retried with exponential backoff for a day, and a subscription that keeps failing "
                    "is paused and its owners told. The URL must be http or https, without a user name or "
                    "password, and name a public internet address (400 otherwise); a redirect counts as a failure "
                    "and is not followed. Scope `webhooks`.",
        request=WebhookSubscriptionWriteSerializer, responses={201: WebhookSubscriptionCreatedSerializer},
        examples=[OpenApiExample("Subscribe", request_only=True, value={
            "url": "https://tto.example.edu.cn/hooks/ctx", "events": ["listing.published", "match.created"]}),
            OpenApiExample("Created", response_only=True, status_codes=["201"],
                           value={**SUBSCRIPTION_EXAMPLE,
                                  "secret": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c"})],
    ),
    partial_update=extend_schema(
        summary="Change or resume a subscription",
        description="Change the URL or events; `{\"is_paused\": false}` resumes a paused subscription and sends "
                    "again what is still within its day. Scope `webhooks`.",
        request=WebhookSubscriptionUpdateSerializer, responses={200: WebhookSubscriptionSerializer},
        examples=[OpenApiExample("Resume", request_only=True, value={"is_paused": False}),
                  OpenApiExample("Subscription", response_only=True, value=SUBSCRIPTION_EXAMPLE)],
    ),
    destroy=extend_schema(summary="Delete a subscription",
                          description="Stops deliveries and deletes the subscription with its log. Scope `webhooks`."),
)
class WebhookSubscriptionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                                 viewsets.GenericViewSet):
    serializer_class = WebhookSubscriptionSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    login_required = True
    scopes = {"safe": Scope.WEBHOOKS, "unsafe": Scope.WEBHOOKS}

    def get_queryset(self):
        credential = request_credential(self.request)
        if credential is not None:
            return WebhookSubscription.objects.filter(organisation=credential.organisation)
        return WebhookSubscription.objects.filter(organisation__in=owned_organisations(user=self.request.user))

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        serializer = WebhookSubscriptionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        credential = request_credential(request)
        organisation = resolve_organisation(user=request.user, credential=credential,
                                            organisation_id=data.get("organisation"), owned=True)
        subscription = subscription_create(user=request.user, organisation=organisation, url=data["url"],
                                           events=data["events"], credential=credential)
        return Response(WebhookSubscriptionCreatedSerializer(subscription).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        subscription = self.get_object()
        serializer = WebhookSubscriptionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subscription = subscription_update(user=request.user, subscription=subscription,
                                           credential=request_credential(request), url=data.get("url"),
                                           events=data.get("events"), paused=data.get("is_paused"))
        return Response(WebhookSubscriptionSerializer(subscription).data)

    def destroy(self, request, *args, **kwargs):
        subscription_delete(user=request.user, subscription=self.get_object(), credential=request_credential(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Send a test event", request=None, responses={202: WebhookDeliverySerializer},
        description="Queues a signed `ping` event to the subscription's URL; see the result in the delivery log. "
                    "Scope `webhooks`.",
        examples=[OpenApiExample("Queued", response_only=True, status_codes=["202"],
                                 value={**DELIVERY_EXAMPLE, "event": "ping", "status": "pending", "attempts": 0})],
    )
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        delivery = webhook_send_test(user=request.user, subscription=self.get_object(),
                                     credential=request_credential(request))
        delivery.refresh_from_db()
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Delivery log",
        description="Deliveries of this subscription, newest first: status, attempts, the receiver's HTTP status, "
                    "latency and our own error text (nothing of its answer is kept). Scope `webhooks`.",
        responses={200: WebhookDeliverySerializer(many=True)},
        examples=[OpenApiExample("Log", response_only=True, value=DELIVERY_EXAMPLE)],
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        page = self.paginate_queryset(self.get_object().deliveries.order_by("-created_at", "-id"))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
