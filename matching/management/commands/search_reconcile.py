import json

from django.core.management.base import BaseCommand

from matching.backends import get_search_backend


class Command(BaseCommand):
    help = "Compare the search index with the database (ids, update times) and repair the differences."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        report = get_search_backend().reconcile(dry_run=options["dry_run"])
        self.stdout.write(json.dumps(report.as_dict()))
