"""Records that belong to no app in particular: the audit log (who did what) and the outbox (what happened)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, when and why; written by every curation service."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=50)
    target_type = models.CharField(max_length=50)
    target_id = models.PositiveBigIntegerField()
    target_repr = models.CharField(max_length=255)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "marketplace_auditentry"  # the table it had when marketplace held it
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="marketplace_target__b82d39_idx")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.action} {self.target_type}#{self.target_id}"
