import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0002: PostgreSQL refuses to alter a table its own transaction has pending foreign-key checks on.

    dependencies = [
        ("matching", "0002_match_found_by"),
    ]

    operations = [
        migrations.AlterField(
            model_name="match",
            name="found_by",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="marketplace.listing", verbose_name="found by"),
        ),
    ]
