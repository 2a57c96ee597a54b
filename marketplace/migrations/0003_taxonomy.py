from django.db import migrations


def load(apps, schema_editor):
    from marketplace.taxonomy import load_taxonomy

    load_taxonomy(
        sector_model=apps.get_model("marketplace", "Sector"),
        technology_model=apps.get_model("marketplace", "Technology"),
    )


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0002_collaboration_types")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
