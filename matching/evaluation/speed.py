"""Speed of matching and faceted search at scale: our Elasticsearch backend, the same queries sent straight to
Elasticsearch (the floor) and the database backend, over the synthetic catalogue of `catalogue.py`. Run it on a
scratch database and index prefix."""
import random
import time

from django.contrib.auth.models import AnonymousUser

from marketplace.models import Listing

from .. import analysis
from ..app_settings import app_settings
from ..backends import SearchQuery
from ..backends.database import DatabaseBackend
from ..backends.elasticsearch import ElasticsearchBackend
from ..backends.elasticsearch.backend import CANDIDATES
from ..backends.elasticsearch.client import get_client
from ..documents import analysed_fields
from ..profiles import profile_from_listing
from .catalogue import PREFIX, SECTORS, existing_count, generate
from .metrics import percentile


def timed(function, items):
    latencies = []
    for item in items:
        started = time.perf_counter()
        function(item)
        latencies.append((time.perf_counter() - started) * 1000)
    return {"p50": round(percentile(latencies, 50), 1), "p95": round(percentile(latencies, 95), 1)}


def benchmark(*, listings, samples, db_samples=None, reindex=True, progress=None, say=lambda text: None):
    """Figures as a dict: catalogue size, reindex time, match and search latency of each way."""
    have = existing_count()
    if have < listings:
        say(f"Generating {listings - have} listings ...")
        generate(listings - have, seed=have + 7, progress=progress)
    es, db, client = ElasticsearchBackend(), DatabaseBackend(), get_client()
    reindex_s = None
    if reindex:
        started = time.perf_counter()
        es.rebuild(batch_size=2000, progress=progress)
        reindex_s = round(time.perf_counter() - started, 1)

    rng = random.Random(42)
    ids = list(Listing.objects.filter(external_id__startswith=PREFIX).values_list("pk", flat=True))
    sample = rng.sample(ids, samples)
    probes = [profile_from_listing(listing) for listing in Listing.objects.filter(pk__in=sample)
              .select_related("organisation").prefetch_related("sectors", "technologies", "collaboration_types")]
    queries = search_queries(rng, samples)
    viewer = AnonymousUser()
    alias = app_settings.LISTINGS_ALIAS

    def raw_match(probe):
        *_, body, _ = es.match_requests(probe, viewer, [probe.counterpart_kind], CANDIDATES, probe.organisation_id)
        client.msearch(searches=body)

    def raw_search(query):
        client.search(index=alias, body=es.search_request(query).to_dict())

    analysis_ms = analysis_cost(probes)
    for probe in probes[:10]:  # warm caches for everyone alike
        es.match(probe, viewer)
        es.search(queries[0])
    db_n = db_samples or samples
    result = {
        "listings": Listing.objects.filter(external_id__startswith=PREFIX).count(),
        "reindex_s": reindex_s,
        # The Python analysis of one listing with nothing cached (the catalogue reuses its texts, so its reindex
        # hits the LRU; a catalogue of distinct texts pays this for every listing).
        "python_analysis_ms_per_listing": analysis_ms,
        "elasticsearch": {"match_ms": timed(lambda p: es.match(p, viewer), probes),
                          "search_ms": timed(es.search, queries)},
        "raw": {"match_ms": timed(raw_match, probes), "search_ms": timed(raw_search, queries)},
        "database": {"match_ms": timed(lambda p: db.match(p, viewer), probes[:db_n]),
                     "search_ms": timed(db.search, queries[:db_n])},
    }
    if db_n != samples:
        result["database"]["samples"] = db_n
    return result


def analysis_cost(profiles):
    """Mean ms of `documents.analysed_fields` per listing, the LRU emptied first (jieba's dictionary loaded before
    the clock starts). It leaves the probes' analysis in the LRU, as indexing a changed listing leaves it in the
    worker that then refreshes its matches."""
    if not analysis.enabled() or not profiles:
        return None
    analysis.analyse("预热", "zh")
    analysis.analyse.cache_clear()
    started = time.perf_counter()
    for profile in profiles:
        analysed_fields(profile)
    return round((time.perf_counter() - started) * 1000 / len(profiles), 2)


def search_queries(rng, count):
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
