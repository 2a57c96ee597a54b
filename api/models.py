"""API credentials and webhooks. A credential acts through its own service user, a member of the organisation
with the editor role, so that every permission check and visibility rule of the site applies to it unchanged."""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class Scope(models.TextChoices):
    READ = "read", _("Read listings, organisations, taxonomy, search and matches")
    WRITE = "write", _("Create and change listings, import in bulk")
    INTERESTS = "interests", _("Send and answer interests and messages")
    WEBHOOKS = "webhooks", _("Manage webhook subscriptions")


class ApiCredential(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_credentials")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_credential"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API credential")
        verbose_name_plural = _("API credentials")

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self):
        return self.revoked_at is None

    def has_scope(self, scope):
        return scope in self.scopes


class WebhookEvent(models.TextChoices):
    LISTING_PUBLISHED = "listing.published", "listing.published"
    LISTING_CLOSED = "listing.closed", "listing.closed"
    MATCH_CREATED = "match.created", "match.created"
    INTEREST_RECEIVED = "interest.received", "interest.received"
    INTEREST_ANSWERED = "interest.answered", "interest.answered"
    MESSAGE_POSTED = "message.posted", "message.posted"
    MEETING_REQUESTED = "meeting.requested", "meeting.requested"
    MEETING_ANSWERED = "meeting.answered", "meeting.answered"
    MEETING_SCHEDULED = "meeting.scheduled", "meeting.scheduled"
    PING = "ping", "ping"


class WebhookSubscription(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="webhook_subscriptions")
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=64)
    is_paused = models.BooleanField(_("paused"), default=False)
    paused_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One event for one subscription: what is to be sent and, once sent, its log."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RETRYING = "retrying", _("Retrying")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    # The recorded event it tells of (none for a test ping): one delivery per subscription and event.
    source = models.ForeignKey("core.OutboxEvent", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    event = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["subscription", "source"],
                                               name="one_delivery_per_subscription_event")]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.event} -> {self.subscription_id} ({self.status})"
