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


class OutboxEvent(models.Model):
    """What happened, written in the same transaction as the change (core.outbox.outbox_record): the one record
    every consumer reacts to (config/reactions.py).

    The dispatcher hands pending rows to Celery and stamps `dispatched_at`; `processed_at` is stamped once every
    reaction of the event has its receipt. A row that stays pending (broker down) is picked up again by the
    periodic dispatcher."""

    type = models.CharField(max_length=60, db_index=True)
    payload = models.JSONField(default=dict)  # ids only, never objects
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)  # hand-over attempts
    last_error = models.TextField(blank=True)

    class Meta:
        db_table = "notifications_outboxevent"  # the table it had when notifications held it
        ordering = ["id"]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(dispatched_at__isnull=True), name="outbox_pending"),
            models.Index(fields=["dispatched_at"], condition=models.Q(processed_at__isnull=True),
                         name="outbox_unprocessed"),
        ]

    def __str__(self):
        return f"{self.type}#{self.pk}"


class OutboxReceipt(models.Model):
    """One reaction is done with one event: a retry after another reaction failed does not run it again."""

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="receipts")
    reaction = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "reaction"], name="one_receipt_per_event_reaction")]

    def __str__(self):
        return f"{self.reaction} <- {self.event_id}"
