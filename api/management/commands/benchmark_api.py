"""`make bench-api`: requests per second and p50/p95 latency of the list, search and match endpoints and of a
trivial endpoint (the framework's floor) at 10 and 50 concurrent clients, against gunicorn on PostgreSQL and
Elasticsearch with a large synthetic catalogue. A benchmark, not a test: it prints JSON. `search` is what a
client gets by default (hits and highlights); `search_facets` is the same requests with `facets=true`.

Run it on a scratch database and index prefix, e.g.
  DATABASE_URL=postgres://ctx:ctx@127.0.0.1:5433/ctx_api_bench SEARCH_INDEX_PREFIX=ctx-apibench \\
  SEARCH_BACKEND=elasticsearch .venv/bin/python manage.py benchmark_api --listings 100000
"""
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from accounts.models import Membership, Organisation, User
from marketplace.models import Listing
from matching.app_settings import app_settings

QUERIES = ["三维", "游戏引擎", "数字博物馆", "人工智能", "云渲染", "动作捕捉", "文旅", "超高清", "虚拟现实",
           "cultural heritage", "cloud rendering", "machine learning", "digital", "virtual reality", "innovation",
           "数据"]
SECTORS = ["bench-museum", "bench-games", "bench-film", "bench-vr", "bench-tourism", "bench-music"]


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def load(base_url, token, paths, concurrency, requests, max_seconds):
    """`requests` GETs spread over `concurrency` threads (each a client with its own connections); stops early
    after `max_seconds`. Returns rps, p50/p95 in ms and the number of errors (non-2xx or failed requests)."""
    host = urllib.parse.urlparse(base_url)
    latencies, errors, lock = [], [0], threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + max_seconds
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json", "Connection": "close"}

    def client(seed):
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    return
            path = rng.choice(paths)
            started = time.perf_counter()
            ok = False
            try:
                connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = 200 <= response.status < 300
                connection.close()
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"rps": round(len(latencies) / wall, 1), "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1), "errors": errors[0], "requests": len(latencies)}


class Command(BaseCommand):
    help = "Benchmark the partner API under gunicorn (prints JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=1000, help="requests per endpoint and concurrency")
        parser.add_argument("--max-seconds", type=float, default=60.0, help="time cap per endpoint and concurrency")
        parser.add_argument("--concurrency", default="10,50")
        parser.add_argument("--endpoints", default="list,search,search_facets,match,floor",
                            help="which endpoints to measure (floor is always measured)")
        # Sync workers, 2 x cores + 1: a request spends about half its time waiting for Elasticsearch or
        # PostgreSQL, which run on the same cores, so a few more workers than cores keep the CPUs busy; on the
        # 2-core machine 3, 4 and 5 workers measured within the noise of each other for search, 8 worse.
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--skip-reindex", action="store_true")
        parser.add_argument("--prepare-only", action="store_true")
        parser.add_argument("--match-listings", type=int, default=50,
                            help="listings whose matches are computed first (as on publish) and then read")

    def handle(self, *args, **options):
        from matching.evaluation import catalogue

        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("Run it on PostgreSQL (set DATABASE_URL to a scratch database).")
        wanted = options["listings"]
        have = catalogue.existing_count()
        if have < wanted:
            self.stderr.write(f"Generating {wanted - have} listings ...")
            catalogue.generate(wanted - have, seed=have + 7)
        if not options["skip_reindex"] and not self._index_is_current():
            from matching.backends.elasticsearch import ElasticsearchBackend

            self.stderr.write("Indexing in Elasticsearch ...")
            ElasticsearchBackend().rebuild(batch_size=2000)
        if options["prepare_only"]:
            return
        token, own_listing_ids = self._credential()
        listing_count = Listing.objects.filter(external_id__startswith=catalogue.PREFIX).count()

        rng = random.Random(42)
        match_ids = rng.sample(own_listing_ids, min(options["match_listings"], len(own_listing_ids)))
        self._refresh_matches(match_ids)
        lists = [f"/api/v1/listings/?kind={rng.choice(['need', 'capability'])}&sector={rng.choice(SECTORS)}"
                 f"&page={rng.randint(1, 20)}" for _ in range(200)]
        searches = [f"/api/v1/search/?q={urllib.parse.quote(rng.choice(QUERIES))}"
                    + (f"&sector={rng.choice(SECTORS)}" if rng.random() < 0.5 else "") for _ in range(200)]
        paths = {
            "list": lists,
            "search": searches,
            "search_facets": [f"{path}&facets=true" for path in searches],
            "match": [f"/api/v1/listings/{pk}/matches/" for pk in match_ids],
            "floor": ["/api/v1/ping/"],
        }
        wanted_endpoints = set(options["endpoints"].split(",")) | {"floor"}
        paths = {name: endpoint_paths for name, endpoint_paths in paths.items() if name in wanted_endpoints}
        # A SIGTERM to this command must still stop gunicorn (the finally below).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        server = self._start_gunicorn(options)
        base_url = f"http://127.0.0.1:{options['port']}"
        try:
            self._wait(base_url, token)
            results = {}
            for name, endpoint_paths in paths.items():
                load(base_url, token, endpoint_paths, 4, 40, 30)  # warm-up: connections, caches
                results[name] = {}
                for concurrency in [int(c) for c in options["concurrency"].split(",")]:
                    results[name][f"c{concurrency}"] = load(base_url, token, endpoint_paths, concurrency,
                                                            options["requests"], options["max_seconds"])
                    self.stderr.write(f"{name} c{concurrency}: {results[name][f'c{concurrency}']}")
        finally:
            server.terminate()
            server.wait(timeout=30)
        floor = results["floor"]
        report = {
            "listings": listing_count,
            "server": {"gunicorn_workers": options["workers"], "gunicorn_worker_class": "sync",
                       "search_backend": "elasticsearch",
                       "database": "postgresql", "cpu_count": os.cpu_count()},
            "endpoints": results,
            "vs_floor_p95": {name: {c: round(v["p95_ms"] / max(floor[c]["p95_ms"], 0.1), 1)
                                    for c, v in cells.items()} for name, cells in results.items() if name != "floor"},
        }
        self.stdout.write(json.dumps(report, indent=2))

    def _index_is_current(self):
        from matching.backends.elasticsearch.client import get_client

        try:
            indexed = get_client().count(index=app_settings.LISTINGS_ALIAS)["count"]
        except Exception:  # no index yet
            return False
        return indexed == Listing.objects.filter(status=Listing.Status.PUBLISHED).count()

    def _refresh_matches(self, listing_ids):
        """The matching engine stores a listing's matches in the background when it is published; the endpoint
        reads them. Do that work up front for the sampled listings."""
        from matching.models import Match
        from matching.services import matches_refresh_for_listing

        missing = [pk for pk in listing_ids if not Match.objects.filter(need_id=pk).exists()
                   and not Match.objects.filter(capability_id=pk).exists()]
        self.stderr.write(f"Computing matches of {len(missing)} listings ...")
        for pk in missing:
            matches_refresh_for_listing(pk)

    def _credential(self):
        from api.services.credentials import credential_create
        from matching.evaluation.catalogue import PREFIX

        organisation = (Organisation.objects.filter(slug__startswith=PREFIX).annotate(n=Count("listings"))
                        .order_by("-n").first())
        owner = User.objects.filter(email="bench-owner@example.com").first() or User.objects.create_user(
            email="bench-owner@example.com", password=None)
        Membership.objects.get_or_create(user=owner, organisation=organisation,
                                         defaults={"role": Membership.Role.OWNER})
        _, token = credential_create(user=owner, organisation=organisation, name="benchmark", scopes=["read"])
        ids = list(Listing.objects.filter(organisation=organisation, status=Listing.Status.PUBLISHED)
                   .values_list("pk", flat=True))
        return token, ids

    def _start_gunicorn(self, options):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
            "SEARCH_BACKEND": "elasticsearch",
            "SEARCH_INDEX_PREFIX": app_settings.INDEX_PREFIX,
            "API_RATE_CREDENTIAL": "100000000/min",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        if not env["DATABASE_URL"]:
            raise CommandError("Set DATABASE_URL: gunicorn must use the same database.")
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(options["workers"]),
             "--bind", f"127.0.0.1:{options['port']}", "--backlog", "256", "--timeout", "60",
             "--log-level", "warning"],
            env=env, cwd=settings.BASE_DIR,
        )

    def _wait(self, base_url, token):
        host = urllib.parse.urlparse(base_url)
        for _ in range(120):
            try:
                connection = http.client.HTTPConnection(host.hostname, host.port, timeout=2)
                connection.request("GET", "/api/v1/ping/", headers={"Authorization": f"Bearer {token}"})
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise CommandError("gunicorn did not answer /api/v1/ping/ in 60 s.")
