"""Quality of the matching engine on a BEIR-layout set (corpus.jsonl, queries.jsonl, qrels/test.tsv): the
production matching code path against a plain BM25 on the same Elasticsearch."""
import re
import time
import uuid

from django.contrib.auth.models import AnonymousUser
from elasticsearch import BadRequestError
from elasticsearch_dsl import Q, Search

from marketplace.models import Listing

from ..app_settings import app_settings
from ..backends.database import match_profiles
from ..backends.elasticsearch import ElasticsearchBackend
from ..backends.elasticsearch import index as es_index
from ..backends.elasticsearch.client import get_client
from ..documents import BM25
from ..profiles import ListingProfile
from .metrics import load_dataset, summarise

TOP = 100
PARAGRAPH = re.compile(r"\n\s*\n")
BASELINE_FIELDS = ["title", "description", "title.en", "description.en"]
# A whole researcher profile expands to more clauses than Elasticsearch allows over every field; the plain
# baseline then uses the English word fields only (the paper's stop-worded word BM25).
BASELINE_FIELDS_LONG = ["title.en", "description.en"]


def corpus_profiles(corpus, kind):
    return [ListingProfile(id=doc["_id"], kind=kind, title=doc.get("title") or "", description=doc.get("text") or "",
                           status=Listing.Status.PUBLISHED, visibility=Listing.Visibility.PUBLIC)
            for doc in corpus]


def evaluate(dataset_dir, *, query_kind="need", backend="elasticsearch", limit_queries=0, variants=None):
    """({"engine", "baseline_bm25", "queries", "documents"}, {"engine": runs, "baseline": runs, "qrels",
    "variants": {name: runs}}). The corpus goes into an index of its own and a BM25 twin (the baseline needs BM25
    while the production similarity may differ), both dropped afterwards. `variants` ({name: tuning}) are run on
    the same index for the cross-validation of a knob (Elasticsearch only)."""
    corpus, queries, qrels = load_dataset(dataset_dir)
    if limit_queries:
        queries = queries[:limit_queries]
    doc_kind = Listing.Kind.CAPABILITY if query_kind == Listing.Kind.NEED else Listing.Kind.NEED
    profiles = corpus_profiles(corpus, doc_kind)
    client = get_client()
    index = f"{app_settings.INDEX_PREFIX}-eval-{uuid.uuid4().hex[:8]}"
    baseline_index = f"{index}-bm25"
    es_index.create_index(client, index)
    es_index.create_index(client, baseline_index, bm25=BM25)
    try:
        es_index.bulk_write(client, index, profiles, refresh=True)
        es_index.bulk_write(client, baseline_index, profiles, refresh=True)
        variant_runs = {}
        if backend == "elasticsearch":
            engine = run_engine(queries, qrels, query_kind, ElasticsearchBackend(index=index, client=client).match)
            for name, tuning in (variants or {}).items():
                variant_runs[name] = run_engine(queries, qrels, query_kind, ElasticsearchBackend(
                    index=index, client=client, tuning=tuning).match)[0]
        else:
            # The corpus scored in memory: the database backend's ranking without a database.
            engine = run_engine(queries, qrels, query_kind, lambda probe, viewer, *, limit, include_ids=None:
                                match_profiles(probe, profiles, limit=None))
        baseline = run_baseline(client, baseline_index, queries, qrels)
    finally:
        client.indices.delete(index=f"{index},{baseline_index}", ignore_unavailable=True)
    result = {"engine": summarise(engine[0], qrels, engine[1]),
              "baseline_bm25": summarise(baseline[0], qrels, baseline[1]),
              "queries": len(queries), "documents": len(corpus)}
    return result, {"engine": engine[0], "baseline": baseline[0], "qrels": qrels, "variants": variant_runs}


def query_probe(query, kind):
    """A query as a probe: a text of several paragraphs (a researcher's papers, one a paragraph) is a profile
    of many works, each scored alone; a text of one paragraph is one work, as a listing is."""
    works = [p.strip() for p in PARAGRAPH.split(query["text"]) if p.strip()]
    return ListingProfile(id=None, kind=kind, description=query["text"], works=works if len(works) > 1 else [])


def run_engine(queries, qrels, query_kind, match):
    """The ranking is what production returns. The judged documents it did not reach are then scored by a
    second call that makes them candidates too (`include_ids`, scored among the usual candidates): their scores
    serve the pairwise loss only, so they never lift a judged document into the ranking."""
    runs, latencies = {}, []
    viewer = AnonymousUser()
    for query in queries:
        probe = query_probe(query, query_kind)
        judged = list(qrels[query["_id"]])
        started = time.perf_counter()
        results = match(probe, viewer, limit=TOP)
        latencies.append((time.perf_counter() - started) * 1000)
        scores = {str(r.listing_id): r.score for r in results}
        run = {"ranking": [str(r.listing_id) for r in results[:TOP]], "scores": scores}
        if not set(judged) <= set(scores):
            run["judged_scores"] = {str(r.listing_id): r.score
                                    for r in match(probe, viewer, limit=None, include_ids=judged)}
        runs[query["_id"]] = run
    return runs, latencies


def run_baseline(client, index, queries, qrels):
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
