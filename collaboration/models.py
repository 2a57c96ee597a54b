from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from marketplace.models import CollaborationType, Listing


class Interest(models.Model):
    """Organisation A's expression of interest in a listing of organisation B."""

    class State(models.TextChoices):
        SENT = "sent", _("Sent, awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("Collaboration in progress")
        COMPLETED = "completed", _("Completed")
        ABANDONED = "abandoned", _("Abandoned")

    class DeclineReason(models.TextChoices):
        NOT_OUR_FIELD = "not_our_field", _("Not our field")
        TOO_EARLY = "too_early", _("Too early in readiness")
        TOO_LATE = "too_late", _("Too late in readiness")
        BUDGET = "budget", _("Budget does not fit")
        TIMING = "timing", _("Timing does not fit")
        HAVE_PARTNER = "have_partner", _("We already have a partner")
        OTHER = "other", _("Other")

    OPEN_STATES = (State.SENT, State.ACCEPTED, State.IN_PROGRESS)

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="interests")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="interests_sent")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="interests_sent")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="interests_received")
    message = models.TextField(_("message"))
    collaboration_type = models.ForeignKey(CollaborationType, on_delete=models.SET_NULL, null=True, blank=True,
                                           verbose_name=_("proposed collaboration"))
    proposal = models.TextField(_("what you propose"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SENT)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(_("explanation"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "from_organisation"], condition=Q(state__in=["sent", "accepted", "in_progress"]),
                name="one_open_interest_per_listing_and_organisation",
            ),
        ]
        indexes = [models.Index(fields=["to_organisation", "state"]), models.Index(fields=["from_organisation"])]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")

    def __str__(self):
        return f"{self.from_organisation} → {self.listing}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("collaboration:interest_detail", args=[self.pk])

    @property
    def is_open_for_messages(self):
        return self.state in (self.State.ACCEPTED, self.State.IN_PROGRESS)

    @property
    def contacts_revealed(self):
        return self.state in (self.State.ACCEPTED, self.State.IN_PROGRESS, self.State.COMPLETED,
                              self.State.ABANDONED) and self.answered_at is not None


class Message(models.Model):
    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"message {self.pk} on interest {self.interest_id}"


class SavedSearch(models.Model):
    class Frequency(models.TextChoices):
        INSTANT = "instant", _("At once")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=120)
    query = models.JSONField(_("filters"), default=dict)  # the browse/search page's query parameters
    frequency = models.CharField(_("alert frequency"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    created_at = models.DateTimeField(auto_now_add=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name
