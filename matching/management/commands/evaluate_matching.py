"""Score the matching engine on a BEIR-layout set: the production matching code path against a plain BM25."""
import json
import logging

from django.core.management.base import BaseCommand

from matching.evaluation.metrics import write_trec_run
from matching.evaluation.quality import evaluate


class Command(BaseCommand):
    help = "Evaluate matching quality on a BEIR-layout dataset (prints JSON)."

    def add_arguments(self, parser):
        parser.add_argument("dataset_dir")
        parser.add_argument("--query-kind", choices=["need", "capability"], default="need")
        parser.add_argument("--backend", choices=["elasticsearch", "database"], default="elasticsearch")
        parser.add_argument("--run-file")
        parser.add_argument("--limit-queries", type=int, default=0, help="evaluate only the first N queries")

    def handle(self, *args, **options):
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)
        result, runs = evaluate(options["dataset_dir"], query_kind=options["query_kind"],
                                backend=options["backend"], limit_queries=options["limit_queries"])
        if options["run_file"]:
            write_trec_run(options["run_file"], runs, f"ctx-{options['backend']}")
        self.stdout.write(json.dumps(result, indent=2))
