"""The audit log now belongs to core (core.0001_initial keeps its table): drop it from this app's state only."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("marketplace", "0006_listing_revisions"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditEntry")],
                                            database_operations=[]),
    ]
