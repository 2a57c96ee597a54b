"""The audit log moves here from marketplace; its table stays where it is (state only, no data touched)."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("marketplace", "0006_listing_revisions"),  # the table exists
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("action", models.CharField(max_length=50)),
                        ("target_type", models.CharField(max_length=50)),
                        ("target_id", models.PositiveBigIntegerField()),
                        ("target_repr", models.CharField(max_length=255)),
                        ("reason", models.TextField(blank=True)),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor", models.ForeignKey(blank=True, null=True,
                                                    on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                                    to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit log",
                        "db_table": "marketplace_auditentry",
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["target_type", "target_id"],
                                                 name="marketplace_target__b82d39_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
