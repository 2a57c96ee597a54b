from django.db import migrations, models


class Migration(migrations.Migration):
    """The dispatcher looks every 10 seconds for events handed over but never processed (their worker died)."""

    dependencies = [("notifications", "0004_meeting_notification_type")]

    operations = [
        migrations.AddIndex(
            model_name="outboxevent",
            index=models.Index(condition=models.Q(("processed_at__isnull", True)), fields=["dispatched_at"],
                               name="outbox_unprocessed"),
        ),
    ]
