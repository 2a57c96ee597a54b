"""The shipped glossary (data/glossary.json) into the database: by a migration, again by post_migrate into an
emptied table (a flushed test database), or on demand (`load_glossary`)."""
import json
from pathlib import Path

GLOSSARY_FILE = Path(__file__).resolve().parent / "data" / "glossary.json"


def load_glossary(*, entry_model, sector_model, technology_model, path=GLOSSARY_FILE, overwrite=False):
    """Create the file's entries that are missing; with `overwrite`, also set existing ones back to the file (staff
    edits lost). Takes model classes so that a migration can pass its historical models. Idempotent: counts."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    sectors = dict(sector_model.objects.values_list("slug", "pk"))
    technologies = dict(technology_model.objects.values_list("slug", "pk"))
    existing = set(entry_model.objects.values_list("key", flat=True))
    created = updated = 0
    for item in data:
        if item["id"] in existing and not overwrite:
            continue
        entry, was_created = entry_model.objects.update_or_create(
            key=item["id"], defaults={"terms_zh": item["zh"], "terms_en": item["en"]})
        entry.sectors.set([sectors[s] for s in item["sectors"] if s in sectors])
        entry.technologies.set([technologies[s] for s in item["technologies"] if s in technologies])
        created, updated = created + was_created, updated + (not was_created)
    return {"created": created, "updated": updated, "entries": entry_model.objects.count()}


def seed_glossary_if_empty(*, using="default", **kwargs):
    """post_migrate receiver (after the taxonomy's): an emptied table gets the shipped entries back."""
    from marketplace.models import Sector, Technology

    from .models import GlossaryEntry

    if not GlossaryEntry.objects.using(using).exists():
        load_glossary(entry_model=GlossaryEntry, sector_model=Sector, technology_model=Technology)
