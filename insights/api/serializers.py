"""The public insights as partner platforms read them: slugs and numbers, the labels are in /api/v1/taxonomy/."""
from rest_framework import serializers

from accounts.models import Organisation, Region
from collaboration.models import Interest
from events.models import Event
from marketplace.models import Listing

from ..selectors.engagement import STAGES


class TotalsSerializer(serializers.Serializer):
    capabilities = serializers.IntegerField(help_text="Published public capabilities.")
    needs = serializers.IntegerField(help_text="Published public needs.")
    organisations = serializers.IntegerField(help_text="Organisations with a published public listing.")
    matches = serializers.IntegerField()
    interests = serializers.IntegerField()
    completed = serializers.IntegerField(help_text="Collaborations completed.")


class SupplyDemandSerializer(serializers.Serializer):
    capabilities = serializers.IntegerField()
    needs = serializers.IntegerField()


class SectorRowSerializer(SupplyDemandSerializer):
    sector = serializers.CharField(allow_blank=True, help_text="A sector slug; empty for listings without one.")


class TechnologyRowSerializer(SupplyDemandSerializer):
    technology = serializers.CharField(allow_blank=True, help_text="A technology slug; empty for none.")


class RegionRowSerializer(SupplyDemandSerializer):
    region = serializers.CharField(allow_blank=True, help_text="A metro area; empty outside the zones.")


class ProvinceRowSerializer(SupplyDemandSerializer):
    province = serializers.CharField(allow_blank=True)


class MonthRowSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM, Asia/Shanghai time.")
    listings = serializers.IntegerField(help_text="Listings published in the month.")
    matches = serializers.IntegerField()
    interests = serializers.IntegerField()
    accepted = serializers.IntegerField(help_text="Interests accepted in the month.")
    completed = serializers.IntegerField(help_text="Collaborations recorded as completed in the month.")


class FunnelRowSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=list(STAGES))
    count = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="Percent of the stage before; null for the first.")


class FirstAnswerSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    median_hours = serializers.FloatField(allow_null=True)


class DeclineRowSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Interest.DeclineReason.choices)
    count = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="Percent of all declines.")


class DeclineMonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Declines per reason.")


class DeclinesSerializer(serializers.Serializer):
    distribution = DeclineRowSerializer(many=True)
    trend = DeclineMonthSerializer(many=True)


class UnmetRowSerializer(serializers.Serializer):
    sector = serializers.CharField(allow_blank=True)
    region = serializers.CharField(allow_blank=True)
    unmet = serializers.IntegerField()
    no_match = serializers.IntegerField()
    no_interest = serializers.IntegerField()


class UnmetSerializer(serializers.Serializer):
    threshold = serializers.FloatField(help_text="The lowest match score that counts as a good match.")
    min_days = serializers.IntegerField(help_text="Days since publication before a need counts as unmet.")
    total = serializers.IntegerField(help_text="Unmet needs (each once).")
    rows = UnmetRowSerializer(many=True)


class EventRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The event (its page: /events/<id>/).")
    title_zh = serializers.CharField()
    title_en = serializers.CharField(allow_blank=True)
    format = serializers.ChoiceField(choices=Event.Format.choices)
    starts_on = serializers.DateField(help_text="First day (Asia/Shanghai).")
    ends_on = serializers.DateField(help_text="Last day.")
    registrations = serializers.IntegerField(help_text="Organisations registered and admitted.")
    requests = serializers.IntegerField(help_text="Meetings requested (whatever became of them).")
    accepted = serializers.IntegerField(help_text="Meetings accepted.")
    placed = serializers.IntegerField(help_text="Accepted meetings the schedule gave a time.")
    held = serializers.IntegerField(help_text="Meetings at least one side recorded as held.")
    follow_ups = serializers.IntegerField(help_text="Meetings turned into an expression of interest.")


class MarketSerializer(serializers.Serializer):
    """The figures of both the public insights and a zone's."""

    computed_at = serializers.CharField(help_text="When the figures were computed (ISO 8601).")
    totals = TotalsSerializer()
    by_sector = SectorRowSerializer(many=True)
    by_technology = TechnologyRowSerializer(many=True)
    by_region = RegionRowSerializer(many=True)
    by_province = ProvinceRowSerializer(many=True)
    by_month = MonthRowSerializer(many=True)
    funnel = FunnelRowSerializer(many=True)
    first_answer = FirstAnswerSerializer()
    declines = DeclinesSerializer()
    unmet = UnmetSerializer()


class InsightsSerializer(MarketSerializer):
    events = EventRowSerializer(many=True, help_text="Matchmaking events held so far, newest first. Participants "
                                                     "are counted, never named.")


class KindCountSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    count = serializers.IntegerField()


class ZoneOrganisationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    province = serializers.CharField(allow_blank=True)
    listings = serializers.IntegerField(help_text="Published public listings.")


class ZoneOrganisationsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_kind = KindCountSerializer(many=True)
    top = ZoneOrganisationSerializer(many=True)


class ZoneListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Listing.Kind.choices)
    organisation = serializers.CharField(help_text="The organisation's slug.")
    organisation_zh = serializers.CharField()
    organisation_en = serializers.CharField(allow_blank=True)


class FacilitiesSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    rows = ZoneListingSerializer(many=True)


class ProvincePairSerializer(serializers.Serializer):
    from_province = serializers.CharField(allow_blank=True, help_text="The interested organisation's province.")
    to_province = serializers.CharField(allow_blank=True, help_text="The listing owner's province.")
    inside = serializers.BooleanField(help_text="Both organisations are based in the zone.")
    count = serializers.IntegerField()


class CollaborationsSerializer(serializers.Serializer):
    inside = serializers.IntegerField()
    across = serializers.IntegerField()
    provinces = ProvincePairSerializer(many=True)


class ResponsiveSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    received = serializers.IntegerField()
    answered = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    median_hours = serializers.FloatField(allow_null=True)


class ZoneInsightsSerializer(MarketSerializer):
    zone = serializers.ChoiceField(choices=Region.choices)
    organisations = ZoneOrganisationsSerializer()
    latest = ZoneListingSerializer(many=True)
    facilities = FacilitiesSerializer()
    collaborations = CollaborationsSerializer()
    responsive = ResponsiveSerializer(many=True)


class ZoneSerializer(serializers.Serializer):
    slug = serializers.ChoiceField(choices=Region.choices)
    name = serializers.CharField(help_text="In the request's language (Accept-Language).")
    url = serializers.CharField(help_text="This zone's figures.")
