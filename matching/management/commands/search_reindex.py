import json

from django.core.management.base import BaseCommand
from tqdm import tqdm

from matching.backends import get_search_backend
from matching.backends.base import REBUILD_BATCH


class Command(BaseCommand):
    help = "Build a new search index from the database, swap the alias atomically, drop the old index."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=REBUILD_BATCH)

    def handle(self, *args, **options):
        report = get_search_backend().rebuild(batch_size=options["batch_size"], progress=tqdm)
        self.stdout.write(json.dumps(report.as_dict()))
