"""Load the shipped glossary (matching/data/glossary.json) into the database: the entries it lacks, or with
--overwrite every entry back to the file (staff edits of those entries are lost)."""
import json

from django.core.management.base import BaseCommand

from marketplace.models import Sector, Technology
from matching.glossary_data import GLOSSARY_FILE, load_glossary
from matching.models import GlossaryEntry


class Command(BaseCommand):
    help = "Load the shipped glossary into the database (idempotent; prints counts as JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(GLOSSARY_FILE))
        parser.add_argument("--overwrite", action="store_true", help="set existing entries back to the file")

    def handle(self, *args, **options):
        counts = load_glossary(entry_model=GlossaryEntry, sector_model=Sector, technology_model=Technology,
                               path=options["file"], overwrite=options["overwrite"])
        self.stdout.write(json.dumps(counts))
