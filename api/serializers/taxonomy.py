from rest_framework import serializers


class TermSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class TaxonomySerializer(serializers.Serializer):
    sectors = TermSerializer(many=True)
    technologies = TermSerializer(many=True)
    collaboration_types = TermSerializer(many=True)
    ip_statuses = ChoiceSerializer(many=True)
    regions = ChoiceSerializer(many=True)
    organisation_kinds = ChoiceSerializer(many=True)
    close_reasons = ChoiceSerializer(many=True)
