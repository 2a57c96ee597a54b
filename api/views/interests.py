"""Interests and their messages (scope `interests`), both sides of them."""
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Membership
from collaboration import services as collaboration
from collaboration.models import Interest
from collaboration.selectors import interest_for, interest_messages
from core.exceptions import ApplicationError
from marketplace.models import CollaborationType
from marketplace.selectors import listings_visible_to

from ..models import Scope
from ..permissions import request_credential
from ..serializers.collaboration import (
    InterestCreateSerializer,
    InterestDeclineSerializer,
    InterestFilterSerializer,
    InterestOutcomeSerializer,
    InterestSerializer,
    MessageCreateSerializer,
    MessageSerializer,
)
from ..services.listings import resolve_organisation

ORG = {"id": 7, "slug": "tongji-vr-lab", "kind": "university", "name_zh": "同济大学虚拟现实实验室",
       "name_en": "Tongji University VR Lab", "is_verified": True}
INTEREST_EXAMPLE = {
    "id": 15, "listing": {"id": 42, "kind": "need", "title": "为数字博物馆寻找三维重建技术"},
    "from_organisation": ORG, "to_organisation": {**ORG, "id": 9, "slug": "shanghai-museum", "kind": "enterprise",
                                                  "name_zh": "上海博物馆", "name_en": "Shanghai Museum"},
    "state": "sent", "message": "我们实验室有成熟的摄影测量方案。", "proposal": "", "collaboration_type": "joint_rd",
    "decline_reason": "", "decline_note": "", "outcome_note": "", "created_at": "2026-11-25T10:00:00+08:00",
    "answered_at": None, "outcome_at": None,
}
MESSAGE_EXAMPLE = {"id": 3, "organisation": ORG, "body": "下周二方便通话吗？",
                   "created_at": "2026-11-26T09:00:00+08:00"}


# A list's example is one item: drf-spectacular wraps it in the page (count, next, previous, results).
@extend_schema_view(
    list=extend_schema(
        summary="List interests",
        description="Expressions of interest received by or sent from the caller's organisations. Scope "
                    "`interests`.",
        parameters=[InterestFilterSerializer],
        examples=[OpenApiExample("Interests", response_only=True, value=INTEREST_EXAMPLE)]),
    retrieve=extend_schema(summary="Get an interest", description="One interest of either side. Scope `interests`.",
                           examples=[OpenApiExample("Interest", response_only=True, value=INTEREST_EXAMPLE)]),
    create=extend_schema(
        summary="Express interest in a listing",
        description="Sends an expression of interest from your organisation (owners and editors) to the "
                    "organisation of a published listing; it is told at once. Scope `interests`.",
        request=InterestCreateSerializer, responses={201: InterestSerializer},
        examples=[OpenApiExample("Interest", request_only=True, value={
            "listing": 42, "message": "我们实验室有成熟的摄影测量方案。", "collaboration_type": "joint_rd"}),
            OpenApiExample("Sent", response_only=True, status_codes=["201"], value=INTEREST_EXAMPLE)]),
)
class InterestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InterestSerializer
    queryset = Interest.objects.none()  # for the schema; rows come from get_queryset
    login_required = True
    scopes = {"safe": Scope.INTERESTS, "unsafe": Scope.INTERESTS}

    def get_queryset(self):
        ids = Membership.objects.filter(user=self.request.user).values("organisation_id")
        return (Interest.objects.filter(Q(from_organisation_id__in=ids) | Q(to_organisation_id__in=ids))
                .select_related("listing", "from_organisation", "to_organisation", "collaboration_type"))

    def get_object(self):
        interest = interest_for(user=self.request.user, pk=self.kwargs["pk"])
        if interest is None:
            raise Http404
        return interest

    def list(self, request, *args, **kwargs):
        filters = InterestFilterSerializer(data=request.query_params, partial=True)
        filters.is_valid(raise_exception=True)
        queryset = self.get_queryset()
        ids = Membership.objects.filter(user=request.user).values("organisation_id")
        box = filters.validated_data.get("box")
        if box == "received":
            queryset = queryset.filter(to_organisation_id__in=ids)
        elif box == "sent":
            queryset = queryset.filter(from_organisation_id__in=ids)
        if filters.validated_data.get("state"):
            queryset = queryset.filter(state=filters.validated_data["state"])
        page = self.paginate_queryset(queryset.order_by("-created_at", "-id"))
        return self.get_paginated_response(InterestSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        serializer = InterestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organisation = resolve_organisation(user=request.user, credential=request_credential(request),
                                            organisation_id=data.get("organisation"))
        # A listing the caller may not see is answered exactly as one that does not exist.
        listing = listings_visible_to(request.user).filter(pk=data["listing"]).first()
        if listing is None:
            raise ApplicationError(_("There is no such listing."), field="listing")
        collaboration_type = None
        if data.get("collaboration_type"):
            collaboration_type = CollaborationType.objects.filter(slug=data["collaboration_type"]).first()
            if collaboration_type is None:
                raise ApplicationError(_("There is no such collaboration type."), field="collaboration_type")
        interest = collaboration.interest_send(
            user=request.user, organisation=organisation, listing=listing, message=data["message"],
            collaboration_type=collaboration_type, proposal=data.get("proposal", ""))
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Accept an interest", request=None, responses={200: InterestSerializer},
                   description="The listing's organisation (owners and editors) accepts: contacts are revealed and "
                               "the message thread opens. Scope `interests`.",
                   examples=[OpenApiExample("Accepted", response_only=True, value={**INTEREST_EXAMPLE,
                                                                                    "state": "accepted"})])
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        interest = collaboration.interest_accept(user=request.user, interest=self.get_object())
        return Response(InterestSerializer(interest).data)

    @extend_schema(summary="Decline an interest", request=InterestDeclineSerializer,
                   responses={200: InterestSerializer},
                   description="The listing's organisation declines with a reason from the fixed list (the sender "
                               "sees it). Scope `interests`.",
                   examples=[OpenApiExample("Decline", request_only=True, value={"reason": "budget"}),
                             OpenApiExample("Declined", response_only=True,
                                            value={**INTEREST_EXAMPLE, "state": "declined",
                                                   "decline_reason": "budget"})])
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        interest = self.get_object()
        serializer = InterestDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interest = collaboration.interest_decline(user=request.user, interest=interest,
                                                  reason=serializer.validated_data["reason"],
                                                  note=serializer.validated_data.get("note", ""))
        return Response(InterestSerializer(interest).data)

    @extend_schema(summary="Record the outcome", request=InterestOutcomeSerializer,
                   responses={200: InterestSerializer},
                   description="Either side records that the collaboration started, was completed or abandoned. "
                               "Scope `interests`.",
                   examples=[OpenApiExample("Completed", request_only=True, value={"outcome": "completed"}),
                             OpenApiExample("Interest", response_only=True,
                                            value={**INTEREST_EXAMPLE, "state": "completed"})])
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        interest = self.get_object()
        serializer = InterestOutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interest = collaboration.interest_record_outcome(user=request.user, interest=interest,
                                                         outcome=serializer.validated_data["outcome"],
                                                         note=serializer.validated_data.get("note", ""))
        return Response(InterestSerializer(interest).data)

    @extend_schema(methods=["get"], summary="Messages of an interest", responses={200: MessageSerializer(many=True)},
                   description="The thread between the two organisations, oldest first. Scope `interests`.",
                   examples=[OpenApiExample("Messages", response_only=True, value=MESSAGE_EXAMPLE)])
    @extend_schema(methods=["post"], summary="Post a message", request=MessageCreateSerializer,
                   responses={201: MessageSerializer},
                   description="Posts to the thread once the interest is accepted (closed with the outcome). "
                               "Scope `interests`.",
                   examples=[OpenApiExample("Message", request_only=True, value={"body": "下周二方便通话吗？"}),
                             OpenApiExample("Posted", response_only=True, status_codes=["201"],
                                            value=MESSAGE_EXAMPLE)])
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, pk=None):
        interest = self.get_object()
        if request.method == "POST":
            serializer = MessageCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            message = collaboration.message_post(user=request.user, interest=interest,
                                                 body=serializer.validated_data["body"])
            return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(interest_messages(interest=interest).order_by("created_at", "id"))
        return self.get_paginated_response(MessageSerializer(page, many=True).data)
