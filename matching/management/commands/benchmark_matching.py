"""Speed of matching and faceted search at scale: our Elasticsearch backend, the same queries sent straight to
Elasticsearch (the floor) and the database backend. Run it on a scratch database and index prefix."""
import json
import logging
import random
import time

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand
from tqdm import tqdm

from marketplace.models import Listing
from matching import conf
from matching.backends import SearchQuery
from matching.backends.database import DatabaseBackend
from matching.backends.elasticsearch import CANDIDATES, ElasticsearchBackend
from matching.backends.es_client import get_client
from matching.benchmark import PREFIX, SECTORS, existing_count, generate
from matching.evaluation import percentile
from matching.profiles import profile_from_listing
from matching.reconcile import search_reindex


def timed(function, items):
    latencies = []
    for item in items:
        started = time.perf_counter()
        function(item)
        latencies.append((time.perf_counter() - started) * 1000)
    return {"p50": round(percentile(latencies, 50), 1), "p95": round(percentile(latencies, 95), 1)}


class Command(BaseCommand):
    help = "Benchmark matching and faceted search (prints JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=100_000)
        parser.add_argument("--samples", type=int, default=200)
        parser.add_argument("--db-samples", type=int, default=None, help="fewer samples for the database backend")
        parser.add_argument("--skip-reindex", action="store_true")

    def handle(self, *args, **options):
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)
        wanted = options["listings"]
        have = existing_count()
        if have < wanted:
            self.stderr.write(f"Generating {wanted - have} listings ...")
            generate(wanted - have, seed=have + 7, progress=tqdm)
        reindex_s = None
        if not options["skip_reindex"]:
            started = time.perf_counter()
            search_reindex(batch_size=2000, progress=tqdm)
            reindex_s = round(time.perf_counter() - started, 1)

        rng = random.Random(42)
        ids = list(Listing.objects.filter(external_id__startswith=PREFIX).values_list("pk", flat=True))
        sample = rng.sample(ids, options["samples"])
        probes = [profile_from_listing(listing) for listing in Listing.objects.filter(pk__in=sample)
                  .select_related("organisation").prefetch_related("sectors", "technologies", "collaboration_types")]
        queries = self.search_queries(rng, options["samples"])
        viewer = AnonymousUser()
        es, db, client = ElasticsearchBackend(), DatabaseBackend(), get_client()
        alias = conf.listings_alias()

        def raw_match(probe):
            _, body = es.match_requests(probe, viewer, [probe.counterpart_kind], CANDIDATES, probe.organisation_id)
            client.msearch(searches=body)

        def raw_search(query):
            client.search(index=alias, body=es.search_request(query).to_dict())

        for probe in probes[:10]:  # warm caches for everyone alike
            es.match(probe, viewer)
            es.search(queries[0])
        db_n = options["db_samples"] or options["samples"]
        result = {
            "listings": Listing.objects.filter(external_id__startswith=PREFIX).count(),
            "reindex_s": reindex_s,
            "elasticsearch": {"match_ms": timed(lambda p: es.match(p, viewer), probes),
                              "search_ms": timed(es.search, queries)},
            "raw": {"match_ms": timed(raw_match, probes), "search_ms": timed(raw_search, queries)},
            "database": {"match_ms": timed(lambda p: db.match(p, viewer), probes[:db_n]),
                         "search_ms": timed(db.search, queries[:db_n])},
        }
        if db_n != options["samples"]:
            result["database"]["samples"] = db_n
        self.stdout.write(json.dumps(result, indent=2))

    def search_queries(self, rng, count):
        texts = list(Listing.objects.filter(external_id__startswith=PREFIX).order_by("?")
                     .values_list("title", flat=True)[:count])
        queries = []
        for n, title in enumerate(texts):
            words = title.split()
            if len(words) > 1:
                text = " ".join(rng.sample(words, min(2, len(words))))
            else:
                start = rng.randrange(max(1, len(title) - 4))
                text = title[start:start + 4]
            filters = [{}, {"kind": ["capability"]}, {"sector": [rng.choice(SECTORS)[0]]},
                       {"region": ["yangtze_delta"]}, {"trl": [str(rng.randint(3, 7))]}][n % 5]
            queries.append(SearchQuery(text=text if n % 4 else "", filters=filters, viewer=AnonymousUser(),
                                       sort=["relevance", "newest", "deadline"][n % 3]))
        return queries
