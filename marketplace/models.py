from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Region


class TaxonomyTerm(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self):
        return self.label()

    def label(self, language=None):
        language = language or get_language() or ""
        return self.name_en if language.startswith("en") else self.name_zh


class Sector(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Technology(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")


class CollaborationType(TaxonomyTerm):
    """A fixed list (seeded by a migration); a table so that filters work the same on SQLite and PostgreSQL."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("collaboration type")
        verbose_name_plural = _("collaboration types")


class Listing(models.Model):
    class Kind(models.TextChoices):
        CAPABILITY = "capability", _("Capability")
        NEED = "need", _("Need")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")

    class CloseReason(models.TextChoices):
        FULFILLED = "fulfilled", _("Fulfilled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Signed-in members")
        VERIFIED = "verified", _("Verified organisations only")

    class IPStatus(models.TextChoices):
        GRANTED_PATENT = "granted_patent", _("Granted patent")
        PATENT_PENDING = "patent_pending", _("Patent pending")
        SOFTWARE_COPYRIGHT = "software_copyright", _("Software copyright")
        TRADE_SECRET = "trade_secret", _("Know-how / trade secret")
        OPEN_SOURCE = "open_source", _("Open source")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="listings")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    # The title and summary in the other language (English for a Chinese listing, the reverse), optional: shown to
    # readers of that language and searched.
    title_alt = models.CharField(_("title in the other language"), max_length=200, blank=True)
    summary_alt = models.CharField(_("summary in the other language"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is supported."))
    sectors = models.ManyToManyField(Sector, blank=True, related_name="listings", verbose_name=_("sectors"))
    technologies = models.ManyToManyField(
        Technology, blank=True, related_name="listings", verbose_name=_("technologies")
    )
    collaboration_types = models.ManyToManyField(
        CollaborationType, blank=True, related_name="listings", verbose_name=_("collaboration types")
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    trl_min = models.PositiveSmallIntegerField(
        _("readiness from (TRL)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    trl_max = models.PositiveSmallIntegerField(
        _("readiness to (TRL)"), default=9, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    ip_status = models.CharField(
        _("IP status"), max_length=20, choices=IPStatus.choices, default=IPStatus.NOT_APPLICABLE
    )
    budget_min = models.PositiveBigIntegerField(_("budget from (CNY)"), null=True, blank=True)
    budget_max = models.PositiveBigIntegerField(_("budget to (CNY)"), null=True, blank=True)
    province = models.CharField(_("province"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    metro_area = models.CharField(_("metro area"), max_length=30, choices=Region.choices, blank=True)
    remote_ok = models.BooleanField(_("remote collaboration OK"), default=True)
    deadline = models.DateField(_("deadline or expiry"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    close_reason = models.CharField(_("close reason"), max_length=10, choices=CloseReason.choices, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    external_id = models.CharField(_("external id"), max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "kind", "visibility"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(trl_min__lte=models.F("trl_max")), name="trl_range_ordered"),
        ]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("marketplace:listing_detail", args=[self.pk])

    def in_language(self, language=None):
        """(title, summary) for a reader of `language` (default: the active one): the second-language ones when the
        listing's own are written in the other language and the owner gave them."""
        from matching.text import script_of

        language = (language or get_language() or "zh").split("-")[0]
        if self.title_alt and script_of(self.title) != ("en" if language == "en" else "zh"):
            return self.title_alt, self.summary_alt or self.summary
        return self.title, self.summary

    @property
    def shown_title(self):
        return self.in_language()[0]

    @property
    def shown_summary(self):
        return self.in_language()[1]

    @property
    def is_expired_now(self):
        return self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def counterpart_kind(self):
        return self.Kind.NEED if self.kind == self.Kind.CAPABILITY else self.Kind.CAPABILITY


class ListingRevision(models.Model):
    """Changes to a published listing's public content, waiting for a curator. The published version stays as it
    is (pages, search index, matches) until the revision is approved; `changes` maps each changed field to its
    proposed value (taxonomy as lists of ids); files added meanwhile point here until then."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="revisions")
    changes = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["listing"], condition=models.Q(status="pending"),
                                    name="one_pending_revision_per_listing"),
        ]
        verbose_name = _("listing revision")
        verbose_name_plural = _("listing revisions")

    def __str__(self):
        return f"{self.listing} ({self.get_status_display()})"


def attachment_path(instance, filename):
    return f"attachments/{instance.listing_id}/{filename}"


class Attachment(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Set while the file waits for review with the revision (added to a published listing): only the listing's
    # organisation and curators can fetch it until then.
    revision = models.ForeignKey(ListingRevision, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="attachments")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    @property
    def download_name(self):
        """The uploader's name with the extension of the type its bytes showed ("poly.html" -> "poly.pdf")."""
        from core.downloads import safe_download_name

        from .uploads import ALLOWED_TYPES

        return safe_download_name(self.original_name, ALLOWED_TYPES.get(self.content_type, "bin"))
