from rest_framework import serializers

from collaboration.models import Interest
from events.models import Event, Meeting, MeetingReport, Participant

from .fields import CleanCharField
from .organisations import OrganisationSummarySerializer

ID = {"min_value": 1, "max_value": 2**53}


class EventSerializer(serializers.ModelSerializer):
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Event
        fields = ["id", "title_zh", "title_en", "description_zh", "description_en", "format", "venue", "tables",
                  "online_cap", "starts_on", "ends_on", "day_starts", "day_ends", "pause_starts", "pause_ends",
                  "meeting_minutes", "gap_minutes", "sectors", "registration_opens", "registration_closes",
                  "booking_opens", "booking_closes", "capacity", "requires_approval", "max_requests", "max_meetings",
                  "status"]
        read_only_fields = fields


class EventListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()


class ParticipantSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    listings = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = ["id", "organisation", "status", "listings", "offer", "seek"]
        read_only_fields = fields

    def get_listings(self, participant) -> list[dict]:
        return [{"id": listing.pk, "kind": listing.kind, "title": listing.title}
                for listing in participant.listings.all() if listing.status == "published"]


class RegistrationSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False, help_text="For a session: which of your organisations registers (required if several).",
        **ID)
    listings = serializers.ListField(child=serializers.IntegerField(**ID), max_length=50, required=False,
                                     help_text="Ids of your organisation's published listings.")
    offer = CleanCharField(max_length=2000, allow_blank=True, required=False,
                           help_text="What you offer, for this event only.")
    seek = CleanCharField(max_length=2000, allow_blank=True, required=False,
                          help_text="What you seek, for this event only.")


class ProposalSerializer(serializers.Serializer):
    participant = ParticipantSerializer(help_text="The participant proposed to meet.")
    score = serializers.FloatField()
    reasons_zh = serializers.ListField(child=serializers.CharField())
    reasons_en = serializers.ListField(child=serializers.CharField())
    my_listing = EventListingSerializer(allow_null=True)
    their_listing = EventListingSerializer(allow_null=True)
    meeting = serializers.IntegerField(allow_null=True, help_text="The open meeting with them, if any.")


class SlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class MeetingSerializer(serializers.ModelSerializer):
    requester = serializers.SerializerMethodField()
    invitee = serializers.SerializerMethodField()
    slot = SlotSerializer(read_only=True, allow_null=True)
    decline_reason = serializers.ChoiceField(choices=Interest.DeclineReason.choices, allow_blank=True, read_only=True)
    interest = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = ["id", "event", "requester", "invitee", "state", "message", "requester_listing", "invitee_listing",
                  "score", "reasons_zh", "reasons_en", "decline_reason", "decline_note", "slot", "table", "link",
                  "unplaced_reason", "interest", "created_at", "answered_at"]
        read_only_fields = fields

    def get_requester(self, meeting) -> dict:
        return {"participant": meeting.requester_id,
                **OrganisationSummarySerializer(meeting.requester.organisation).data}

    def get_invitee(self, meeting) -> dict:
        return {"participant": meeting.invitee_id, **OrganisationSummarySerializer(meeting.invitee.organisation).data}


class MeetingCreateSerializer(serializers.Serializer):
    invitee = serializers.IntegerField(help_text="The participant id to meet (from the event's participants).", **ID)
    message = CleanCharField(max_length=2000, help_text="Who you are and what you would like to discuss.")
    invitee_listing = serializers.IntegerField(required=False, help_text="One of the listings they bring.", **ID)
    organisation = serializers.IntegerField(
        required=False, help_text="For a session: which of your organisations asks (required if several).", **ID)


class MeetingDeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Interest.DeclineReason.choices)
    note = CleanCharField(max_length=2000, allow_blank=True, required=False,
                          help_text="Required when the reason is “other”.")


class MeetingReportSerializer(serializers.Serializer):
    held = serializers.BooleanField()
    outcome = serializers.ChoiceField(choices=MeetingReport.Outcome.choices, required=False)
    note = CleanCharField(max_length=2000, allow_blank=True, required=False)


class MeetingFilterSerializer(serializers.Serializer):
    event = serializers.IntegerField(required=False, **ID)
    state = serializers.ChoiceField(choices=Meeting.State.choices, required=False)


class OrganisationChoiceSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False, help_text="For a session: which of your organisations' view (if several).", **ID)
