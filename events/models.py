"""Matchmaking events (brokerage days): the event and its time slots, the organisations taking part, the
meetings the engine proposes, the meetings they request and hold."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from collaboration.models import Interest
from marketplace.models import Listing, Sector


def _in_language(zh, en, language=None):
    language = language or get_language() or ""
    return en if language.startswith("en") and en else zh


class OrganiserGrant(models.Model):
    """Staff allow a verified organisation to organise events of its own."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="event_grant")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event organiser")
        verbose_name_plural = _("event organisers")

    def __str__(self):
        return str(self.organisation)


class Event(models.Model):
    class Format(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.ON_SITE)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    tables = models.PositiveSmallIntegerField(_("tables"), default=10,
                                              validators=[MinValueValidator(1), MaxValueValidator(1000)])
    meeting_link_base = models.URLField(_("meeting link base"), blank=True,
                                        help_text=_("Online: each meeting gets its own link under this address."))
    online_cap = models.PositiveSmallIntegerField(_("meetings at once (online)"), null=True, blank=True,
                                                  help_text=_("Leave empty for no limit."))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    day_starts = models.TimeField(_("meetings start at"))
    day_ends = models.TimeField(_("meetings end at"))
    pause_starts = models.TimeField(_("break from"), null=True, blank=True)
    pause_ends = models.TimeField(_("break until"), null=True, blank=True)
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=20,
                                                       validators=[MinValueValidator(10), MaxValueValidator(60)])
    gap_minutes = models.PositiveSmallIntegerField(_("pause between meetings (minutes)"), default=0,
                                                   validators=[MaxValueValidator(30)])
    sectors = models.ManyToManyField(Sector, blank=True, related_name="events", verbose_name=_("sectors"))
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    booking_opens = models.DateTimeField(_("booking opens"))
    booking_closes = models.DateTimeField(_("booking closes"))
    capacity = models.PositiveIntegerField(_("places (organisations)"), null=True, blank=True)
    requires_approval = models.BooleanField(_("the organiser validates participants"), default=False)
    max_requests = models.PositiveSmallIntegerField(_("requests a participant may send"), default=20,
                                                    validators=[MinValueValidator(1)])
    max_meetings = models.PositiveSmallIntegerField(_("meetings a participant may accept"), default=20,
                                                    validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    organiser = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="organised_events", verbose_name=_("organising organisation"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    scheduled_at = models.DateTimeField(_("last planned"), null=True, blank=True)
    proposals_at = models.DateTimeField(null=True, blank=True)  # when booking opened and proposals were computed

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("matchmaking event")
        verbose_name_plural = _("matchmaking events")

    def __str__(self):
        return self.title()

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.pk])

    def title(self, language=None):
        return _in_language(self.title_zh, self.title_en, language)

    def description(self, language=None):
        return _in_language(self.description_zh, self.description_en, language)

    @property
    def is_online(self):
        return self.format == self.Format.ONLINE

    def slot_capacity(self):
        """Meetings one slot can hold: the tables on site; online, the cap or no limit (None)."""
        return self.online_cap if self.is_online else self.tables


class Slot(models.Model):
    """A meeting slot, generated from the event's days, hours, meeting length and breaks."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["event", "starts_at"], name="one_slot_per_event_start")]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Participant(models.Model):
    """An organisation at an event: the people it sends, the listings it brings (or a short profile for the
    event only) and the slots it cannot attend."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the organiser")
        APPROVED = "approved", _("Registered")
        REJECTED = "rejected", _("Not admitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="event_participations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="event_participations",
                                       verbose_name=_("people attending"))
    listings = models.ManyToManyField(Listing, blank=True, related_name="event_participations",
                                      verbose_name=_("listings brought"))
    offer = models.TextField(_("what we offer (for this event)"), blank=True)
    seek = models.TextField(_("what we seek (for this event)"), blank=True)
    unavailable_slots = models.ManyToManyField(Slot, blank=True, related_name="+",
                                               verbose_name=_("slots we cannot attend"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decision_note = models.TextField(_("organiser's note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name_zh"]
        constraints = [models.UniqueConstraint(fields=["event", "organisation"], name="one_participation_per_org")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return str(self.organisation)


class Proposal(models.Model):
    """A meeting the matching engine proposes between two participants (one row per pair, `a` < `b`), through
    the best-scoring pair of what they bring."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="proposals")
    a = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    a_listing = models.ForeignKey(Listing, on_delete=models.CASCADE, null=True, related_name="+")
    b_listing = models.ForeignKey(Listing, on_delete=models.CASCADE, null=True, related_name="+")
    score = models.FloatField()
    reasons_zh = models.JSONField(default=list)
    reasons_en = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="one_proposal_per_pair")]

    def __str__(self):
        return f"participants {self.a_id} and {self.b_id} ({self.score:.2f})"

    def reasons(self, language=None):
        return self.reasons_en if (language or get_language() or "").startswith("en") else self.reasons_zh


class Meeting(models.Model):
    """A meeting one participant requests of another; once accepted, the schedule gives it a slot and a table."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested, awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    requester = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_requested")
    invitee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_invited")
    requester_listing = models.ForeignKey(Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    invitee_listing = models.ForeignKey(Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    message = models.TextField(_("message"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=Interest.DeclineReason.choices, blank=True)
    decline_note = models.TextField(_("explanation"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(default=0.0)  # the match score: better-scored meetings are placed first
    reasons_zh = models.JSONField(default=list)
    reasons_en = models.JSONField(default=list)
    slot = models.ForeignKey(Slot, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    link = models.URLField(_("meeting link"), blank=True)
    unplaced_reason = models.CharField(max_length=30, blank=True)  # why the schedule could not place it
    reminded_for = models.DateTimeField(null=True, blank=True)  # the start time a reminder was sent for
    interest = models.ForeignKey(Interest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot__starts_at", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["requester", "invitee"], condition=Q(state__in=["requested", "accepted"]),
                                    name="one_open_meeting_per_pair"),
        ]
        indexes = [models.Index(fields=["event", "state"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.requester} ↔ {self.invitee}"

    def get_absolute_url(self):
        return reverse("events:meeting", args=[self.event_id, self.pk])

    def reasons(self, language=None):
        return self.reasons_en if (language or get_language() or "").startswith("en") else self.reasons_zh

    def other_side(self, participant):
        return self.invitee if participant.pk == self.requester_id else self.requester


class MeetingReport(models.Model):
    """What one side records after the event: did the meeting happen, and what came of it."""

    class Outcome(models.TextChoices):
        FOLLOW_UP = "follow_up", _("We will follow up")
        UNDECIDED = "undecided", _("Too early to say")
        NO_FIT = "no_fit", _("Not a fit")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    held = models.BooleanField(_("the meeting took place"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "participant"], name="one_report_per_side")]

    def __str__(self):
        return f"meeting {self.meeting_id}, participant {self.participant_id}"
