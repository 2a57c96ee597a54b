"""The caller's notifications (scope `read`)."""
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from notifications.models import Notification
from notifications.selectors import notifications_for
from notifications.services import notification_mark_read, notifications_mark_all_read

from ..models import Scope
from ..serializers.collaboration import NotificationFilterSerializer, NotificationSerializer

NOTIFICATION_EXAMPLE = {"id": 77, "type": "interest", "title": "同济大学虚拟现实实验室对您的需求感兴趣",
                        "body": "", "url": "/collaboration/interests/15/", "created_at": "2026-11-25T10:00:01+08:00",
                        "read_at": None}


@extend_schema_view(
    list=extend_schema(summary="List notifications",
                       description="The caller's notifications, newest first (a credential's are those of its "
                                   "organisation's events). Scope `read`.",
                       parameters=[NotificationFilterSerializer],
                       examples=[OpenApiExample("Notifications", response_only=True,
                                                value=NOTIFICATION_EXAMPLE)]),
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()
    login_required = True
    scopes = {"safe": Scope.READ, "unsafe": Scope.READ}

    def get_queryset(self):
        return notifications_for(user=self.request.user)

    def list(self, request, *args, **kwargs):
        filters = NotificationFilterSerializer(data=request.query_params, partial=True)
        filters.is_valid(raise_exception=True)
        rows = notifications_for(user=request.user, unread=filters.validated_data.get("unread", False),
                                 ntype=filters.validated_data.get("type"))
        page = self.paginate_queryset(rows.order_by("-created_at", "-id"))
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)

    @extend_schema(summary="Mark a notification read", request=None, responses={200: NotificationSerializer},
                   description="Marks one of the caller's notifications read. Scope `read`.",
                   examples=[OpenApiExample("Read", response_only=True,
                                            value={**NOTIFICATION_EXAMPLE, "read_at": "2026-11-25T11:00:00+08:00"})])
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = notification_mark_read(user=request.user, notification_id=pk)
        if notification is None:
            raise Http404
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="Mark all notifications read", request=None,
                   responses={200: {"type": "object", "properties": {"marked": {"type": "integer"}}}},
                   description="Marks every unread notification of the caller read. Scope `read`.",
                   examples=[OpenApiExample("Marked", response_only=True, value={"marked": 4})])
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications_mark_all_read(user=request.user)})
