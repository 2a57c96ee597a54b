from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organisation, Region
from collaboration.models import Interest, Message, SavedSearch
from marketplace.models import Listing
from notifications.models import Notification, NotificationType

from .fields import CleanCharField
from .organisations import OrganisationSummarySerializer


class InterestListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()


class InterestSerializer(serializers.ModelSerializer):
    listing = InterestListingSerializer(read_only=True)
    from_organisation = OrganisationSummarySerializer(read_only=True)
    to_organisation = OrganisationSummarySerializer(read_only=True)
    collaboration_type = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    decline_reason = serializers.ChoiceField(choices=Interest.DeclineReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Interest
        fields = ["id", "listing", "from_organisation", "to_organisation", "state", "message", "proposal",
                  "collaboration_type", "decline_reason", "decline_note", "outcome_note", "created_at",
                  "answered_at", "outcome_at"]
        read_only_fields = fields


class InterestCreateSerializer(serializers.Serializer):
    listing = serializers.IntegerField(min_value=1, max_value=2**53, help_text="Id of a published listing.")
    message = CleanCharField(max_length=5000, multiline=True, help_text="Who you are and why this fits.")
    proposal = CleanCharField(max_length=5000, allow_blank=True, required=False, multiline=True)
    collaboration_type = CleanCharField(max_length=60, required=False, help_text="A collaboration type slug.")
    organisation = serializers.IntegerField(
        min_value=1, max_value=2**53, required=False,
        help_text="For a session: which of your organisations sends it (required if you edit for several).")


class InterestDeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Interest.DeclineReason.choices)
    note = CleanCharField(max_length=2000, allow_blank=True, required=False, multiline=True,
                          help_text="Required when the reason is “other”.")


class InterestOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["started", "completed", "abandoned"])
    note = CleanCharField(max_length=2000, allow_blank=True, required=False, multiline=True,
                          help_text="Required when the collaboration was abandoned.")


class InterestFilterSerializer(serializers.Serializer):
    box = serializers.ChoiceField(choices=["received", "sent"], required=False,
                                  help_text="Received by, or sent from, your organisations; both by default.")
    state = serializers.ChoiceField(choices=Interest.State.choices, required=False)


class MessageSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    author = serializers.CharField(source="author.get_full_name", default=None, read_only=True, allow_null=True,
                                   help_text="The writer's display name (people are never shown by e-mail address).")

    class Meta:
        model = Message
        fields = ["id", "organisation", "author", "body", "created_at"]
        read_only_fields = fields


class MessageCreateSerializer(serializers.Serializer):
    body = CleanCharField(max_length=5000, multiline=True)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "type", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False)
    type = serializers.ChoiceField(choices=NotificationType.choices, required=False)


class SavedSearchSerializer(serializers.ModelSerializer):
    query = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                  help_text="The search parameters, as on /api/v1/search/: name -> values.")

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "query", "frequency", "created_at", "last_run_at"]
        read_only_fields = fields


def _values(child, most=20):
    return serializers.ListField(child=child, min_length=1, max_length=most, required=False)


class SavedSearchQuerySerializer(serializers.Serializer):
    """The filters of /api/v1/search/, each a list of values as a query string has them; at least one."""

    q = _values(CleanCharField(max_length=200))
    kind = _values(serializers.ChoiceField(choices=Listing.Kind.choices), 2)
    sector = _values(CleanCharField(max_length=60))
    technology = _values(CleanCharField(max_length=60))
    collaboration = _values(CleanCharField(max_length=60))
    region = _values(serializers.ChoiceField(choices=Region.choices), 4)
    province = _values(CleanCharField(max_length=50))
    org_kind = _values(serializers.ChoiceField(choices=Organisation.Kind.choices), 4)
    trl = _values(serializers.ChoiceField(choices=[str(level) for level in range(1, 10)]), 9)

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        if unknown:
            message = _("Not a search parameter; use %(names)s.") % {"names": ", ".join(self.fields)}
            raise serializers.ValidationError({str(key): [message] for key in unknown})
        return super().to_internal_value(data)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Search or filter first, then save the search."))
        return attrs


class SavedSearchCreateSerializer(serializers.Serializer):
    name = CleanCharField(max_length=120, allow_blank=True, required=False)
    query = SavedSearchQuerySerializer(help_text="Search parameters as on /api/v1/search/ (name -> values), e.g. "
                                                 "{\"q\": [\"三维\"], \"sector\": [\"museums-heritage\"]}.")
    frequency = serializers.ChoiceField(choices=SavedSearch.Frequency.choices, required=False)


class SavedSearchUpdateSerializer(serializers.Serializer):
    name = CleanCharField(max_length=120, required=False)
    frequency = serializers.ChoiceField(choices=SavedSearch.Frequency.choices, required=False)
