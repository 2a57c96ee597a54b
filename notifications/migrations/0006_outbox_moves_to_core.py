"""The outbox now belongs to core (core.0002_outbox keeps its table): point the notifications at it and drop it
from this app's state only."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0005_outbox_unprocessed_index"),
        ("core", "0002_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="notification",
                    name="event",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                            related_name="+", to="core.outboxevent"),
                ),
                migrations.DeleteModel(name="OutboxEvent"),
            ],
            database_operations=[],
        ),
    ]
