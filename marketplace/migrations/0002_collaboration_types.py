from django.db import migrations

TYPES = [
    ("licensing", "技术许可与转让", "Licensing and technology transfer"),
    ("joint_rd", "联合研发", "Joint R&D"),
    ("contract_research", "委托研发", "Contract research"),
    ("consulting", "技术咨询", "Consulting"),
    ("facility_sharing", "设备与设施共享", "Equipment and facility sharing"),
    ("talent_training", "人才交流与培训", "Talent exchange and training"),
    ("investment", "投资与孵化", "Investment"),
]


def seed(apps, schema_editor):
    CollaborationType = apps.get_model("marketplace", "CollaborationType")
    for position, (slug, zh, en) in enumerate(TYPES):
        CollaborationType.objects.update_or_create(
            slug=slug, defaults={"name_zh": zh, "name_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
