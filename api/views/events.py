"""Matchmaking events: events and their participants (scope `read`), registering (scope `write`), proposals and
agendas of the caller's organisation, meeting requests and answers (scope `interests`)."""
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response

from accounts.models import Membership
from core.exceptions import ApplicationError, PermissionDeniedError
from events import selectors
from events.models import Event, Meeting, Participant
from events.rules import can_organise
from events.services import meetings as meeting_services
from events.services import participation
from marketplace.models import Listing

from ..models import Scope
from ..permissions import request_credential
from ..serializers.events import (
    EventSerializer,
    MeetingCreateSerializer,
    MeetingDeclineSerializer,
    MeetingFilterSerializer,
    MeetingReportSerializer,
    MeetingSerializer,
    OrganisationChoiceSerializer,
    ParticipantSerializer,
    ProposalSerializer,
    RegistrationSerializer,
)
from ..services.listings import resolve_organisation

ORG = {"id": 7, "slug": "tongji-vr-lab", "kind": "university", "name_zh": "同济大学虚拟现实实验室",
       "name_en": "Tongji University VR Lab", "is_verified": True}
FIRM = {**ORG, "id": 9, "slug": "shanghai-museum", "kind": "enterprise", "name_zh": "上海博物馆",
        "name_en": "Shanghai Museum"}
EVENT_EXAMPLE = {
    "id": 3, "title_zh": "长三角文化科技对接会", "title_en": "Yangtze Delta culture-tech brokerage day",
    "description_zh": "高校与文化企业一对一洽谈。", "description_en": "One-to-one meetings of labs and cultural firms.",
    "format": "on_site", "venue": "上海国际会议中心", "tables": 40, "online_cap": None,
    "starts_on": "2026-12-10", "ends_on": "2026-12-11", "day_starts": "09:00:00", "day_ends": "17:00:00",
    "pause_starts": "12:00:00", "pause_ends": "13:00:00", "meeting_minutes": 20, "gap_minutes": 5,
    "sectors": ["museums-heritage"], "registration_opens": "2026-11-01T09:00:00+08:00",
    "registration_closes": "2026-12-01T18:00:00+08:00", "booking_opens": "2026-11-20T09:00:00+08:00",
    "booking_closes": "2026-12-08T18:00:00+08:00", "capacity": 200, "requires_approval": False,
    "max_requests": 20, "max_meetings": 20, "status": "published",
}
PARTICIPANT_EXAMPLE = {"id": 12, "organisation": ORG, "status": "approved",
                       "listings": [{"id": 42, "kind": "capability", "title": "文物三维重建"}],
                       "offer": "", "seek": "寻找博物馆数字化合作方"}
MEETING_EXAMPLE = {
    "id": 31, "event": 3, "requester": {"participant": 12, **ORG}, "invitee": {"participant": 15, **FIRM},
    "state": "accepted", "message": "想介绍我们的三维重建方案。", "requester_listing": 42, "invitee_listing": 57,
    "score": 0.74, "reasons_zh": ["同属博物馆与文化遗产领域"], "reasons_en": ["Both in museums and heritage"],
    "decline_reason": "", "decline_note": "",
    "slot": {"starts_at": "2026-12-10T10:25:00+08:00", "ends_at": "2026-12-10T10:45:00+08:00"},
    "table": 7, "link": "", "unplaced_reason": "", "interest": None, "created_at": "2026-11-21T10:00:00+08:00",
    "answered_at": "2026-11-21T15:00:00+08:00",
}
PROPOSAL_EXAMPLE = {"participant": {**PARTICIPANT_EXAMPLE, "id": 15, "organisation": FIRM}, "score": 0.74,
                    "reasons_zh": ["同属博物馆与文化遗产领域"], "reasons_en": ["Both in museums and heritage"],
                    "my_listing": {"id": 42, "kind": "capability", "title": "文物三维重建"},
                    "their_listing": {"id": 57, "kind": "need", "title": "数字展厅建设"}, "meeting": None}


def _pk(value):
    return int(value) if str(value).isdigit() and int(value) < 2**63 else None


def _caller_participant(request, event, organisation_id=None):
    """The caller's organisation's participation at the event (a credential's own organisation)."""
    credential = request_credential(request)
    mine = selectors.user_participants(user=request.user, event=event)
    wanted = credential.organisation_id if credential is not None else organisation_id
    if wanted:
        mine = [p for p in mine if p.organisation_id == wanted]
    if not mine:
        raise ApplicationError(_("Your organisation is not registered for this event."), field="organisation")
    if len(mine) > 1:
        raise ApplicationError(_("Say which organisation this is for."), field="organisation")
    return mine[0]


def _listing(value):
    return {"id": value.pk, "kind": value.kind, "title": value.title} if value is not None else None


@extend_schema_view(
    list=extend_schema(summary="List matchmaking events",
                       description="Published brokerage events (organisers also see their drafts). Scope `read`.",
                       examples=[OpenApiExample("Events", response_only=True, value=EVENT_EXAMPLE)]),
    retrieve=extend_schema(summary="Get a matchmaking event",
                           description="One event: days, hours, meeting length, windows and caps. Scope `read`.",
                           examples=[OpenApiExample("Event", response_only=True, value=EVENT_EXAMPLE)]),
)
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EventSerializer
    queryset = Event.objects.none()  # for the schema; rows come from get_queryset

    def get_queryset(self):
        return selectors.events_visible_to(self.request.user).prefetch_related("sectors").order_by("-starts_on", "-pk")

    def get_object(self):
        pk = _pk(self.kwargs["pk"])
        event = self.get_queryset().filter(pk=pk).first() if pk else None
        if event is None:
            raise Http404
        return event

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Events are public; who takes part in one, and what it proposes, is for signed-in callers.
        if self.action in {"participants", "proposals", "agenda"} and not request.user.is_authenticated:
            raise NotAuthenticated()

    @extend_schema(methods=["get"], summary="Participants of an event",
                   responses={200: ParticipantSerializer(many=True)},
                   description="The admitted organisations and what they bring. For participants and organisers of "
                               "the event. Scope `read`.",
                   examples=[OpenApiExample("Participants", response_only=True, value=PARTICIPANT_EXAMPLE)])
    @extend_schema(methods=["post"], summary="Register for an event", request=RegistrationSerializer,
                   responses={201: ParticipantSerializer},
                   description="Registers your organisation (owners and editors) with the listings it brings or a "
                               "short profile for the event; admitted at once unless the organiser validates "
                               "participants. Scope `write`.",
                   examples=[OpenApiExample("Register", request_only=True, value={"listings": [42]}),
                             OpenApiExample("Registered", response_only=True, status_codes=["201"],
                                            value=PARTICIPANT_EXAMPLE)])
    @action(detail=True, methods=["get", "post"])
    def participants(self, request, pk=None):
        event = self.get_object()
        if request.method == "POST":
            serializer = RegistrationSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            credential = request_credential(request)
            organisation = resolve_organisation(user=request.user, credential=credential,
                                                organisation_id=data.get("organisation"))
            ids = data.get("listings", [])
            listings = list(Listing.objects.filter(pk__in=ids))
            if len(listings) != len(set(ids)):
                raise ApplicationError(_("There is no such listing."), field="listings")
            participant = participation.participant_register(
                user=request.user, event=event, organisation=organisation, listings=listings,
                attendees=[] if credential is not None else None, offer=data.get("offer", ""),
                seek=data.get("seek", ""))
            return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)
        if not can_organise(request.user, event) and not any(
                p.status == Participant.Status.APPROVED for p in selectors.user_participants(user=request.user,
                                                                                            event=event)):
            raise PermissionDeniedError(_("Only participants and organisers of this event see its participants."))
        page = self.paginate_queryset(selectors.participants_directory(event=event))
        return self.get_paginated_response(ParticipantSerializer(page, many=True).data)

    @extend_schema(summary="Meetings proposed to you", parameters=[OrganisationChoiceSerializer],
                   responses={200: ProposalSerializer(many=True)},
                   description="The meetings the matching engine proposes to your organisation among the other "
                               "participants, best first, with the reasons in both languages. Scope `read`.",
                   examples=[OpenApiExample("Proposals", response_only=True, value=PROPOSAL_EXAMPLE)])
    @action(detail=True, methods=["get"])
    def proposals(self, request, pk=None):
        event = self.get_object()
        choice = OrganisationChoiceSerializer(data=request.query_params)
        choice.is_valid(raise_exception=True)
        participant = _caller_participant(request, event, choice.validated_data.get("organisation"))
        rows = [{"participant": ParticipantSerializer(row["other"]).data, "score": row["proposal"].score,
                 "reasons_zh": row["proposal"].reasons_zh, "reasons_en": row["proposal"].reasons_en,
                 "my_listing": _listing(row["my_listing"]), "their_listing": _listing(row["their_listing"]),
                 "meeting": row["meeting"].pk if row["meeting"] else None}
                for row in selectors.proposals_for(participant=participant)]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(page)

    @extend_schema(summary="Your agenda", parameters=[OrganisationChoiceSerializer],
                   responses={200: MeetingSerializer(many=True)},
                   description="Your organisation's placed meetings in time order (the same agenda as an iCalendar "
                               "file: /events/{id}/agenda.ics on the site). Scope `read`.",
                   examples=[OpenApiExample("Agenda", response_only=True, value=MEETING_EXAMPLE)])
    @action(detail=True, methods=["get"])
    def agenda(self, request, pk=None):
        event = self.get_object()
        choice = OrganisationChoiceSerializer(data=request.query_params)
        choice.is_valid(raise_exception=True)
        participant = _caller_participant(request, event, choice.validated_data.get("organisation"))
        page = self.paginate_queryset(list(selectors.agenda_for(participant=participant)))
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="List meetings", parameters=[MeetingFilterSerializer],
                       description="Meetings your organisations requested or were asked for. Scope `interests`.",
                       examples=[OpenApiExample("Meetings", response_only=True, value=MEETING_EXAMPLE)]),
    retrieve=extend_schema(summary="Get a meeting", description="One of your meetings. Scope `interests`.",
                           examples=[OpenApiExample("Meeting", response_only=True, value=MEETING_EXAMPLE)]),
    create=extend_schema(
        summary="Request a meeting",
        description="Asks another participant of the same event for a meeting, while booking is open (owners and "
                    "editors; caps per participant apply). They are told at once. Scope `interests`.",
        request=MeetingCreateSerializer, responses={201: MeetingSerializer},
        examples=[OpenApiExample("Request", request_only=True, value={"invitee": 15, "message": "想介绍我们的方案。"}),
                  OpenApiExample("Requested", response_only=True, status_codes=["201"],
                                 value={**MEETING_EXAMPLE, "state": "requested", "slot": None, "table": None})]),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()
    login_required = True
    scopes = {"safe": Scope.INTERESTS, "unsafe": Scope.INTERESTS}

    def get_queryset(self):
        ids = Membership.objects.filter(user=self.request.user).values("organisation_id")
        return (Meeting.objects.filter(Q(requester__organisation_id__in=ids) | Q(invitee__organisation_id__in=ids))
                .select_related("requester__organisation", "invitee__organisation", "slot").order_by("-created_at",
                                                                                                   "-id"))

    def get_object(self):
        pk = _pk(self.kwargs["pk"])
        meeting = self.get_queryset().filter(pk=pk).first() if pk else None
        if meeting is None:
            raise Http404
        return meeting

    def list(self, request, *args, **kwargs):
        filters = MeetingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = self.get_queryset()
        if filters.validated_data.get("event"):
            rows = rows.filter(event_id=filters.validated_data["event"])
        if filters.validated_data.get("state"):
            rows = rows.filter(state=filters.validated_data["state"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        serializer = MeetingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organisation = resolve_organisation(user=request.user, credential=request_credential(request),
                                            organisation_id=data.get("organisation"))
        invitee = Participant.objects.select_related("event").filter(pk=data["invitee"]).first()
        if invitee is None:
            raise ApplicationError(_("There is no such participant."), field="invitee")
        requester = Participant.objects.filter(event=invitee.event, organisation=organisation).first()
        if requester is None:
            raise ApplicationError(_("Your organisation is not registered for this event."), field="organisation")
        listing = None
        if data.get("invitee_listing"):
            listing = Listing.objects.filter(pk=data["invitee_listing"]).first()
            if listing is None:
                raise ApplicationError(_("Choose one of the listings they bring."), field="invitee_listing")
        meeting = meeting_services.meeting_request(user=request.user, requester=requester, invitee=invitee,
                                                   message=data["message"], invitee_listing=listing)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Accept a meeting request", request=None, responses={200: MeetingSerializer},
                   description="The invited organisation (owners and editors) accepts; the schedule gives the "
                               "meeting a time and a table. Scope `interests`.",
                   examples=[OpenApiExample("Accepted", response_only=True, value=MEETING_EXAMPLE)])
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return Response(MeetingSerializer(meeting_services.meeting_accept(user=request.user,
                                                                          meeting=self.get_object())).data)

    @extend_schema(summary="Decline a meeting request", request=MeetingDeclineSerializer,
                   responses={200: MeetingSerializer},
                   description="The invited organisation declines with a reason from the fixed list, as for "
                               "interests. Scope `interests`.",
                   examples=[OpenApiExample("Decline", request_only=True, value={"reason": "timing"}),
                             OpenApiExample("Declined", response_only=True,
                                            value={**MEETING_EXAMPLE, "state": "declined", "decline_reason": "timing",
                                                   "slot": None, "table": None})])
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        meeting = self.get_object()
        serializer = MeetingDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = meeting_services.meeting_decline(user=request.user, meeting=meeting, **serializer.validated_data)
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(summary="Cancel a meeting", request=None, responses={200: MeetingSerializer},
                   description="Either organisation calls off a requested or agreed meeting before it starts; the "
                               "other is told. Scope `interests`.",
                   examples=[OpenApiExample("Cancelled", response_only=True,
                                            value={**MEETING_EXAMPLE, "state": "cancelled", "slot": None,
                                                   "table": None})])
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return Response(MeetingSerializer(meeting_services.meeting_cancel(user=request.user,
                                                                          meeting=self.get_object())).data)

    @extend_schema(summary="Record whether the meeting took place", request=MeetingReportSerializer,
                   responses={200: MeetingSerializer},
                   description="After its start, either side records whether it took place and the outcome. "
                               "Scope `interests`.",
                   examples=[OpenApiExample("Held", request_only=True, value={"held": True, "outcome": "follow_up"}),
                             OpenApiExample("Meeting", response_only=True, value=MEETING_EXAMPLE)])
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        meeting = self.get_object()
        serializer = MeetingReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting_services.meeting_report(user=request.user, meeting=meeting, **serializer.validated_data)
        return Response(MeetingSerializer(self.get_object()).data)
