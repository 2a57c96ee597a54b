"""The audit log and the outbox moved to core without moving a row: their tables keep their names, and rows
written before the move (with the notifications pointing at their events) read the same after it."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import AuditEntry, OutboxEvent
from notifications.models import Notification

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def migrate(targets):
    """Migrate to `targets`; returns the models as they were at the targets that name a migration."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def test_rows_written_before_the_move_are_read_by_core_after_it():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        before = migrate([("core", None), ("marketplace", "0006_listing_revisions"),
                          ("notifications", "0005_outbox_unprocessed_index"), ("accounts", "0002_user_display_name")])
        User = before.get_model("accounts", "User")
        person = User.objects.create(email="before@example.com")
        entry = before.get_model("marketplace", "AuditEntry").objects.create(
            actor=person, action="listing.approve", target_type="marketplace.listing", target_id=7, target_repr="A")
        event = before.get_model("notifications", "OutboxEvent").objects.create(type="listing.published",
                                                                                  payload={"listing_id": 7})
        note = before.get_model("notifications", "Notification").objects.create(
            recipient=person, type="listing_review", event=event, title="Published")
    finally:
        migrate(latest)

    assert AuditEntry.objects.get(pk=entry.pk).action == "listing.approve"
    assert AuditEntry.objects.get(pk=entry.pk).actor.email == "before@example.com"
    assert OutboxEvent.objects.get(pk=event.pk).payload == {"listing_id": 7}
    assert Notification.objects.get(pk=note.pk).event == OutboxEvent.objects.get(pk=event.pk)
    assert (AuditEntry._meta.db_table, OutboxEvent._meta.db_table) == ("marketplace_auditentry",
                                                                        "notifications_outboxevent")
