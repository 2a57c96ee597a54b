from rest_framework import serializers

from ..models import WebhookDelivery, WebhookSubscription
from ..services.webhooks import SUBSCRIBABLE
from .fields import CleanCharField


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=SUBSCRIBABLE))

    class Meta:
        model = WebhookSubscription
        fields = ["id", "organisation", "url", "events", "is_paused", "paused_at", "consecutive_failures",
                  "created_at"]
        read_only_fields = fields


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(help_text="Shown once: verify the X-CTX-Signature header with it.")

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = WebhookSubscriptionSerializer.Meta.fields + ["secret"]
        read_only_fields = fields


class WebhookSubscriptionWriteSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False, min_value=1, max_value=2**53,
        help_text="For a session: which of your organisations subscribes (required if you own several).")
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(choices=SUBSCRIBABLE), min_length=1,
                                   max_length=len(SUBSCRIBABLE))

    def validate_url(self, value):
        CleanCharField().run_validation(value)
        return value


class WebhookSubscriptionUpdateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500, required=False)
    events = serializers.ListField(child=serializers.ChoiceField(choices=SUBSCRIBABLE), min_length=1,
                                   max_length=len(SUBSCRIBABLE), required=False)
    is_paused = serializers.BooleanField(required=False, help_text="false resumes a paused subscription.")


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = ["id", "event_id", "event", "status", "attempts", "response_status", "latency_ms", "error",
                  "created_at", "last_attempt_at", "next_attempt_at", "delivered_at", "payload"]
        read_only_fields = fields
