from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationType(models.TextChoices):
    LISTING_REVIEW = "listing_review", _("My listing was reviewed")
    MATCH = "match", _("New matches")
    SAVED_SEARCH = "saved_search", _("Saved-search alerts")
    INTEREST = "interest", _("Expressions of interest")
    MESSAGE = "message", _("Messages")
    OUTCOME = "outcome", _("Collaboration outcomes")
    VERIFICATION = "verification", _("Organisation verification")
    MODERATION = "moderation", _("Moderation work (staff)")
    MEETING = "meeting", _("Matchmaking events and meetings")
    WEBHOOK = "webhook", _("Webhooks of my organisation")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("On the site only")
    INSTANT = "instant", _("On the site and by e-mail at once")
    DAILY = "daily", _("On the site and in a daily digest")
    WEEKLY = "weekly", _("On the site and in a weekly digest")
    OFF = "off", _("Off")


class NotificationPreference(models.Model):
    """Only stored when a user changes the default for a type (see notifications.preferences.DEFAULTS)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    type = models.CharField(max_length=30, choices=NotificationType.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "type"], name="unique_notification_pref")]

    def __str__(self):
        return f"{self.type}: {self.get_channel_display()}"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    type = models.CharField(_("type"), max_length=30, choices=NotificationType.choices)
    event = models.ForeignKey("core.OutboxEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Collapses repeats for one recipient (e.g. one "your need has matches" however many matches arrive).
    key = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=300)  # rendered in the recipient's language at creation
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    # The listing the title or body names, if any: e-mails and digests reach only those who may still read it.
    listing = models.ForeignKey("marketplace.Listing", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.IN_APP)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)  # instant e-mail or digest that carried it
    # Why the e-mail carrying it was refused (emailed_at is stamped all the same: it is not tried again).
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="one_notification_per_event_recipient"),
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""),
                                    name="one_notification_per_recipient_key"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["channel", "emailed_at"], condition=Q(emailed_at__isnull=True),
                         name="notification_mail_pending"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None
