from rest_framework import serializers

from accounts.models import Organisation, Region

from .fields import CleanCharField


class OrganisationSummarySerializer(serializers.ModelSerializer):
    is_verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "slug", "kind", "name_zh", "name_en", "is_verified"]


class OrganisationSerializer(serializers.ModelSerializer):
    is_verified = serializers.BooleanField(read_only=True)
    metro_area = serializers.ChoiceField(choices=Region.choices, allow_blank=True, read_only=True)
    website = serializers.CharField(read_only=True, help_text="A URL, or empty.")

    class Meta:
        model = Organisation
        fields = ["id", "slug", "kind", "name_zh", "name_en", "province", "city", "metro_area", "description",
                  "website", "verification", "is_verified", "created_at", "updated_at"]
        read_only_fields = fields


class OrganisationUpdateSerializer(serializers.Serializer):
    name_en = CleanCharField(max_length=200, allow_blank=True, required=False)
    province = CleanCharField(max_length=50, allow_blank=True, required=False)
    city = CleanCharField(max_length=50, allow_blank=True, required=False)
    metro_area = serializers.ChoiceField(choices=Region.choices, allow_blank=True, required=False)
    description = CleanCharField(max_length=5000, allow_blank=True, required=False, multiline=True)
    website = serializers.URLField(max_length=200, allow_blank=True, required=False)


class OrganisationFilterSerializer(serializers.Serializer):
    q = CleanCharField(max_length=100, required=False, help_text="Part of the Chinese or English name.")
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices, required=False)
    metro_area = serializers.ChoiceField(choices=Region.choices, required=False)
    verified = serializers.BooleanField(required=False, help_text="Only verified (true) or unverified (false).")
    mine = serializers.BooleanField(required=False, help_text="Only organisations the caller belongs to.")
