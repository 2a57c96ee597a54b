from django.db import migrations


def seed(apps, schema_editor):
    from marketplace.taxonomy import load_collaboration_types

    load_collaboration_types(model=apps.get_model("marketplace", "CollaborationType"))


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
