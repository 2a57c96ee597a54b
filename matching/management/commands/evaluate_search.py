"""Search intent on the demo data: recall@20, nDCG@10 and zero-result queries per language (prints JSON)."""
import json
import logging

from django.core.management.base import BaseCommand

from matching.evaluation.search_intent import INTENT_FILE, evaluate_search, load_queries


class Command(BaseCommand):
    help = ("Evaluate search on the search-intent queries against the demo data in this database (load_demo first; "
            "for Elasticsearch, search_reindex first). Prints JSON per backend and language.")

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["database", "elasticsearch", "both"], default="both")
        parser.add_argument("--queries", default=str(INTENT_FILE), help="a search_intent.json of your own")

    def handle(self, *args, **options):
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)
        names = ["database", "elasticsearch"] if options["backend"] == "both" else [options["backend"]]
        queries = load_queries(options["queries"])
        report = {name: evaluate_search(backend_name=name, queries=queries) for name in names}
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
