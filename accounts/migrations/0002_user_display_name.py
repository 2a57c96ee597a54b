"""Users get a display name: the old optional `name` becomes `display_name`, and accounts without one get a
readable stand-in made from their address's local part (never the address), which they can change."""
from django.db import migrations, models


def fill_display_names(apps, schema_editor):
    from accounts.models import name_from_email

    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(display_name="").only("pk", "email").iterator():
        User.objects.filter(pk=user.pk).update(display_name=name_from_email(user.email))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RenameField("user", "name", "display_name"),
        migrations.AlterField(
            model_name="user", name="display_name",
            field=models.CharField(blank=True, max_length=120, verbose_name="display name"),
        ),
        migrations.RunPython(fill_display_names, migrations.RunPython.noop),
    ]
