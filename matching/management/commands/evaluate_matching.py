"""Score the matching engine on a BEIR-layout set: the production matching code path against a plain BM25."""
import json
import logging
import time
import uuid

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from elasticsearch import BadRequestError
from elasticsearch_dsl import Q, Search

from marketplace.models import Listing
from matching import conf
from matching.backends import es_index
from matching.backends.database import DatabaseBackend
from matching.backends.elasticsearch import ElasticsearchBackend
from matching.backends.es_client import get_client
from matching.documents import BM25
from matching.evaluation import load_dataset, summarise, write_trec_run
from matching.profiles import ListingProfile

TOP = 100
BASELINE_FIELDS = ["title", "description", "title.en", "description.en"]
# A whole researcher profile expands to more clauses than Elasticsearch allows over every field; the plain
# baseline then uses the English word fields only (the paper's stop-worded word BM25).
BASELINE_FIELDS_LONG = ["title.en", "description.en"]


def corpus_profiles(corpus, kind):
    return [ListingProfile(id=doc["_id"], kind=kind, title=doc.get("title") or "", description=doc.get("text") or "",
                           status=Listing.Status.PUBLISHED, visibility=Listing.Visibility.PUBLIC)
            for doc in corpus]


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
        corpus, queries, qrels = load_dataset(options["dataset_dir"])
        if options["limit_queries"]:
            queries = queries[: options["limit_queries"]]
        query_kind = options["query_kind"]
        doc_kind = Listing.Kind.CAPABILITY if query_kind == Listing.Kind.NEED else Listing.Kind.NEED
        profiles = corpus_profiles(corpus, doc_kind)
        client = get_client()
        index = f"{conf.index_prefix()}-eval-{uuid.uuid4().hex[:8]}"
        # The baseline needs BM25 scoring while the production similarity may differ: it runs on a twin index
        # with the same mappings and analyzers and a plain BM25 similarity.
        baseline_index = f"{index}-bm25"
        es_index.create_index(client, index)
        es_index.create_index(client, baseline_index, bm25=BM25)
        try:
            es_index.bulk_write(client, index, profiles, refresh=True)
            es_index.bulk_write(client, baseline_index, profiles, refresh=True)
            if options["backend"] == "elasticsearch":
                backend = ElasticsearchBackend(index=index, client=client)
                engine = self.run_engine(queries, qrels, query_kind, backend.match)
            else:
                backend = DatabaseBackend()
                engine = self.run_engine(queries, qrels, query_kind,
                                         lambda probe, viewer, limit, include_ids: backend.match_profiles(
                                             probe, profiles, limit=None))
            baseline = self.run_baseline(client, baseline_index, queries, qrels)
        finally:
            client.indices.delete(index=f"{index},{baseline_index}", ignore_unavailable=True)
        if options["run_file"]:
            write_trec_run(options["run_file"], engine[0], f"ctx-{options['backend']}")
        result = {
            "engine": summarise(engine[0], qrels, engine[1]),
            "baseline_bm25": summarise(baseline[0], qrels, baseline[1]),
            "queries": len(queries),
            "documents": len(corpus),
        }
        self.stdout.write(json.dumps(result, indent=2))

    def run_engine(self, queries, qrels, query_kind, match):
        """The ranking is what production returns. The judged documents it did not reach are then scored by a
        second call that makes them candidates too (and scores every candidate alike): their scores serve the
        pairwise loss only, so they never lift a judged document into the ranking."""
        runs, latencies = {}, []
        viewer = AnonymousUser()
        for query in queries:
            probe = ListingProfile(id=None, kind=query_kind, description=query["text"])
            judged = list(qrels[query["_id"]])
            started = time.perf_counter()
            results = match(probe, viewer, limit=TOP, include_ids=None)
            latencies.append((time.perf_counter() - started) * 1000)
            scores = {str(r.listing_id): r.score for r in results}
            run = {"ranking": [str(r.listing_id) for r in results[:TOP]], "scores": scores}
            if not set(judged) <= set(scores):
                run["judged_scores"] = {str(r.listing_id): r.score
                                        for r in match(probe, viewer, limit=None, include_ids=judged)}
            runs[query["_id"]] = run
        return runs, latencies

    def run_baseline(self, client, index, queries, qrels):
        runs, latencies = {}, []
        for query in queries:
            judged = list(qrels[query["_id"]])
            plain = Q("multi_match", query=query["text"], fields=BASELINE_FIELDS)
            started = time.perf_counter()
            try:
                top = Search(using=client, index=index).query(plain).extra(size=TOP).source(False).execute()
            except BadRequestError:
                plain = Q("multi_match", query=query["text"], fields=BASELINE_FIELDS_LONG)
                top = Search(using=client, index=index).query(plain).extra(size=TOP).source(False).execute()
            latencies.append((time.perf_counter() - started) * 1000)
            restricted = Search(using=client, index=index).query(
                Q("bool", filter=[Q("ids", values=judged)], must=[plain])).extra(size=len(judged)).source(False)
            scores = {hit.meta.id: hit.meta.score for hit in restricted.execute()}
            scores.update({hit.meta.id: hit.meta.score for hit in top})
            runs[query["_id"]] = {"ranking": [hit.meta.id for hit in top], "scores": scores}
        return runs, latencies
