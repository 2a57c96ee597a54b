"""The shipped glossary (data/glossary.json) into the database: by a migration, again by post_migrate into an
emptied table (a flushed test database), or on demand (`load_glossary`)."""
import json
from pathlib import Path

from django.utils import timezone

GLOSSARY_FILE = Path(__file__).resolve().parent / "data" / "glossary.json"


def load_glossary(*, entry_model, sector_model, technology_model, path=GLOSSARY_FILE, overwrite=False):
    """Create the file's entries that are missing; with `overwrite`, also set existing ones back to the file (staff
    edits lost). Takes model classes so that a migration can pass its historical models. In bulk (a handful of
    statements: transactional tests seed it after every flush). Idempotent: {"created", "updated", "entries"}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    sectors = dict(sector_model.objects.values_list("slug", "pk"))
    technologies = dict(technology_model.objects.values_list("slug", "pk"))
    existing = dict(entry_model.objects.values_list("key", "pk"))
    items = [item for item in data if overwrite or item["id"] not in existing]
    created = entry_model.objects.bulk_create([entry_model(key=item["id"], terms_zh=item["zh"], terms_en=item["en"])
                                               for item in items if item["id"] not in existing])
    now = timezone.now()  # bulk_update leaves auto_now alone; search notices an edit by it
    updated = [entry_model(pk=existing[item["id"]], key=item["id"], terms_zh=item["zh"], terms_en=item["en"],
                           updated_at=now) for item in items if item["id"] in existing]
    entry_model.objects.bulk_update(updated, ["terms_zh", "terms_en", "updated_at"])
    ids = dict(entry_model.objects.filter(key__in=[item["id"] for item in items]).values_list("key", "pk"))
    for name, known in (("sectors", sectors), ("technologies", technologies)):
        through = getattr(entry_model, name).through
        column = f"{getattr(entry_model, name).field.related_model._meta.model_name}_id"
        through.objects.filter(glossaryentry_id__in=ids.values()).delete()
        through.objects.bulk_create([through(glossaryentry_id=ids[item["id"]], **{column: known[slug]})
                                     for item in items for slug in item[name] if slug in known])
    return {"created": len(created), "updated": len(updated), "entries": entry_model.objects.count()}


def seed_glossary_if_empty(*, using="default", **kwargs):
    """post_migrate receiver (after the taxonomy's): an emptied table gets the shipped entries back."""
    from marketplace.models import Sector, Technology

    from .models import GlossaryEntry

    if not GlossaryEntry.objects.using(using).exists():
        load_glossary(entry_model=GlossaryEntry, sector_model=Sector, technology_model=Technology)
