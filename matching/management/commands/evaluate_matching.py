"""Score the matching engine on a BEIR-layout set: the production matching code path against a plain BM25."""
import json
import logging

from django.core.management.base import BaseCommand, CommandError

from matching.evaluation.cv import cross_validate
from matching.evaluation.metrics import query_losses, write_trec_run
from matching.evaluation.quality import evaluate
from matching.text import TUNING


def variant(text):
    """"name:key=value,key=value" -> (name, the engine's tuning with those values)."""
    name, _, settings = text.partition(":")
    tuning = dict(TUNING)
    for item in filter(None, settings.split(",")):
        key, _, value = item.partition("=")
        if key not in TUNING:
            raise CommandError(f"unknown knob {key!r} in --variant {text!r}")
        default = TUNING[key]
        if isinstance(default, bool):
            tuning[key] = value.lower() in {"1", "true", "yes"}
        else:
            tuning[key] = value if isinstance(default, str) else type(default)(value)
    return name, tuning


class Command(BaseCommand):
    help = "Evaluate matching quality on a BEIR-layout dataset (prints JSON)."

    def add_arguments(self, parser):
        parser.add_argument("dataset_dir")
        parser.add_argument("--query-kind", choices=["need", "capability"], default="need")
        parser.add_argument("--backend", choices=["elasticsearch", "database"], default="elasticsearch")
        parser.add_argument("--run-file", help="TREC run: the ranking, then every judged document it did not reach")
        parser.add_argument("--limit-queries", type=int, default=0, help="evaluate only the first N queries")
        parser.add_argument("--cv", action="store_true",
                            help="pairwise loss per fold (10 x 5 folds over the queries) beside BM25's")
        parser.add_argument("--variant", action="append", default=[], metavar="NAME:KNOB=VALUE,...",
                            help="an engine variant for nested CV (with --cv), e.g. sum:aggregate=sum097")
        parser.add_argument("--repeats", type=int, default=10)

    def handle(self, *args, **options):
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)
        variants = dict(variant(v) for v in options["variant"])
        result, detail = evaluate(options["dataset_dir"], query_kind=options["query_kind"],
                                  backend=options["backend"], limit_queries=options["limit_queries"],
                                  variants=variants)
        if options["run_file"]:
            write_trec_run(options["run_file"], detail["engine"], f"ctx-{options['backend']}", detail["qrels"])
        if options["cv"]:
            qrels = detail["qrels"]
            result["cv"] = cross_validate(
                query_losses(detail["engine"], qrels), query_losses(detail["baseline"], qrels),
                {name: query_losses(runs, qrels) for name, runs in detail["variants"].items()},
                repeats=options["repeats"])
        self.stdout.write(json.dumps(result, indent=2))
