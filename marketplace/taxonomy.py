"""The curated taxonomy ships as data (fixtures_data/taxonomy.json); staff edit it afterwards in the admin."""
import json
from pathlib import Path

TAXONOMY_FILE = Path(__file__).resolve().parent / "fixtures_data" / "taxonomy.json"


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
