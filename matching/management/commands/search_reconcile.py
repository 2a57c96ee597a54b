import json

from django.core.management.base import BaseCommand

from matching.reconcile import search_reconcile


class Command(BaseCommand):
    help = "Compare the search index with the database (ids, update times) and repair the differences."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        report = search_reconcile(dry_run=options["dry_run"])
        self.stdout.write(json.dumps(report.as_dict()))
