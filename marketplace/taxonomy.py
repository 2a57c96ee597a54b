"""The curated taxonomy ships as data (fixtures_data/taxonomy.json); staff edit it afterwards in the admin."""
import json
from pathlib import Path

TAXONOMY_FILE = Path(__file__).resolve().parent / "fixtures_data" / "taxonomy.json"

# The fixed collaboration types: (slug, zh, en).
COLLABORATION_TYPES = [
    ("licensing", "技术许可与转让", "Licensing and technology transfer"),
    ("joint_rd", "联合研发", "Joint R&D"),
    ("contract_research", "委托研发", "Contract research"),
    ("consulting", "技术咨询", "Consulting"),
    ("facility_sharing", "设备与设施共享", "Equipment and facility sharing"),
    ("talent_training", "人才交流与培训", "Talent exchange and training"),
    ("investment", "投资与孵化", "Investment"),
]


def load_collaboration_types(*, model):
    for position, (slug, zh, en) in enumerate(COLLABORATION_TYPES):
        model.objects.update_or_create(slug=slug, defaults={"name_zh": zh, "name_en": en, "position": position})


def seed_reference_data_if_empty(*, using="default", **kwargs):
    """post_migrate receiver: put the shipped terms back into EMPTY tables. Migrations seed them once; this
    covers a database flushed afterwards (transactional tests flush, then send post_migrate). Tables that
    staff have curated are left alone."""
    from .models import CollaborationType, Sector, Technology

    if not CollaborationType.objects.using(using).exists():
        load_collaboration_types(model=CollaborationType)
    if not Sector.objects.using(using).exists() and not Technology.objects.using(using).exists():
        load_taxonomy(sector_model=Sector, technology_model=Technology)


def load_taxonomy(*, sector_model, technology_model, path=TAXONOMY_FILE):
    """Create or update every sector and technology of the file; position follows the file's order.
    Takes the model classes so that a migration can pass its historical models. Idempotent."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = {}
    for key, model in (("sectors", sector_model), ("technologies", technology_model)):
        for position, term in enumerate(data.get(key, [])):
            model.objects.update_or_create(
                slug=term["slug"],
                defaults={"name_zh": term["name_zh"], "name_en": term["name_en"], "position": position},
            )
        counts[key] = len(data.get(key, []))
    return counts
