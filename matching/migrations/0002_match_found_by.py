import django.db.models.deletion
from django.db import migrations, models


def need_found_existing_pairs(apps, schema_editor):
    # Who found a stored pair was never recorded; `matches_rebuild` recomputes every pair after this release.
    Match = apps.get_model("matching", "Match")
    Match.objects.update(found_by_id=models.F("need_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("marketplace", "0003_taxonomy"),
        ("matching", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="match",
            name="found_by",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="marketplace.listing", verbose_name="found by"),
        ),
        migrations.AddField(
            model_name="match",
            name="mutual",
            field=models.BooleanField(default=False, verbose_name="found by both sides"),
        ),
        migrations.RunPython(need_found_existing_pairs, migrations.RunPython.noop),
    ]
