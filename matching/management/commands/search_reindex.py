import json

from django.core.management.base import BaseCommand
from tqdm import tqdm

from matching.reconcile import BATCH, search_reindex


class Command(BaseCommand):
    help = "Build a new search index from the database, swap the alias atomically, drop the old index."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH)

    def handle(self, *args, **options):
        result = search_reindex(batch_size=options["batch_size"], progress=tqdm)
        self.stdout.write(json.dumps(result))
