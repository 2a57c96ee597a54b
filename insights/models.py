from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from marketplace.models import Listing


class Snapshot(models.Model):
    """The figures of one page (public insights, or one demonstration zone) as computed by the last refresh.
    Pages and the API read this row instead of aggregating on every request; the payload holds slugs and
    numbers only, labels are added in the reader's language."""

    scope = models.CharField(max_length=60, unique=True)
    payload = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("insights snapshot")
        verbose_name_plural = _("insights snapshots")

    def __str__(self):
        return f"{self.scope} @ {self.computed_at:%Y-%m-%d %H:%M}"


class ListingViewCount(models.Model):
    """Views of a listing's page, folded in from the Redis counters by a periodic task."""

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, primary_key=True, related_name="view_count")
    views = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"listing {self.listing_id}: {self.views}"


class ListingViewer(models.Model):
    """An organisation one of whose members opened the listing's page (once per pair, exact, so that the
    owner's statistics can be cut by the viewers' kind)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="viewers")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    first_viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["listing", "organisation"], name="unique_listing_viewer")]

    def __str__(self):
        return f"listing {self.listing_id}, organisation {self.organisation_id}"
