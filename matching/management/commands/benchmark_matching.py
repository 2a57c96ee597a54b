"""Speed of matching and faceted search at scale (matching/evaluation/speed.py), as JSON."""
import json
import logging

from django.core.management.base import BaseCommand
from tqdm import tqdm

from matching.evaluation.speed import benchmark


class Command(BaseCommand):
    help = "Benchmark matching and faceted search (prints JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=100_000)
        parser.add_argument("--samples", type=int, default=200)
        parser.add_argument("--db-samples", type=int, default=None, help="fewer samples for the database backend")
        parser.add_argument("--skip-reindex", action="store_true")

    def handle(self, *args, **options):
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)
        result = benchmark(listings=options["listings"], samples=options["samples"], db_samples=options["db_samples"],
                           reindex=not options["skip_reindex"], progress=tqdm, say=self.stderr.write)
        self.stdout.write(json.dumps(result, indent=2))
