"""The outbox moves here from notifications; its table stays where it is (state only, no data touched). Each
reaction's receipt is new."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("notifications", "0005_outbox_unprocessed_index"),  # the table and its indexes exist
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboxEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("type", models.CharField(db_index=True, max_length=60)),
                        ("payload", models.JSONField(default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("dispatched_at", models.DateTimeField(blank=True, null=True)),
                        ("processed_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                    ],
                    options={
                        "db_table": "notifications_outboxevent",
                        "ordering": ["id"],
                        "indexes": [models.Index(condition=models.Q(("dispatched_at__isnull", True)), fields=["id"],
                                                 name="outbox_pending"),
                                    models.Index(condition=models.Q(("processed_at__isnull", True)),
                                                 fields=["dispatched_at"], name="outbox_unprocessed")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="OutboxReceipt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reaction", models.CharField(max_length=100)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("event", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="receipts",
                                            to="core.outboxevent")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("event", "reaction"),
                                                        name="one_receipt_per_event_reaction")],
            },
        ),
    ]
