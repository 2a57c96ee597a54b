"""Prometheus metrics (prometheus_client).

Counted where they happen: request latency by view (middleware) and Celery task outcomes (task signals, in the
worker). Read at scrape time from the database and Elasticsearch: the outbox and webhook backlogs and the search
index's lag. Several processes (gunicorn workers, Celery's pool) share their counts through prometheus_client's
multiprocess mode: set PROMETHEUS_MULTIPROC_DIR to an empty directory per host or container before they start
(config/gunicorn.py empties it for gunicorn)."""
import ipaddress
import logging
import os
import time

from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from matching.app_settings import app_settings as search_settings

from .app_settings import app_settings

logger = logging.getLogger(__name__)
access_log = logging.getLogger("ctx.access")

REQUEST_LATENCY = Histogram(
    "ctx_http_request_duration_seconds", "Time to answer a request, by view, method and status class.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
CELERY_TASKS = Counter("ctx_celery_tasks", "Celery tasks by name and outcome (succeeded, failed, retried).",
                       ["task", "outcome"])


def multiprocess_mode():
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


# ---- requests ---------------------------------------------------------------------------------------------

def view_label(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"  # a 404 before any view: one label, not one per probed URL
    return match.view_name or match._func_path


class RequestMetricsMiddleware:
    """Outermost middleware: times every request and writes one structured access-log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        view = view_label(request)
        status = f"{response.status_code // 100}xx"
        REQUEST_LATENCY.labels(view=view, method=request.method, status=status).observe(seconds)
        access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "view": view, "status": response.status_code, "duration_ms": round(seconds * 1000, 1),
            "method": request.method, "path": request.path,
        })
        return response


# ---- Celery -----------------------------------------------------------------------------------------------

def _task_name(sender):
    return getattr(sender, "name", None) or str(sender)


def _succeeded(sender=None, **kwargs):
    CELERY_TASKS.labels(task=_task_name(sender), outcome="succeeded").inc()


def _failed(sender=None, **kwargs):
    CELERY_TASKS.labels(task=_task_name(sender), outcome="failed").inc()


def _retried(sender=None, **kwargs):
    CELERY_TASKS.labels(task=_task_name(sender), outcome="retried").inc()


def connect_celery_signals():
    from celery.signals import task_failure, task_retry, task_success, worker_init, worker_ready

    task_success.connect(_succeeded, dispatch_uid="ops.metrics.succeeded", weak=False)
    task_failure.connect(_failed, dispatch_uid="ops.metrics.failed", weak=False)
    task_retry.connect(_retried, dispatch_uid="ops.metrics.retried", weak=False)
    worker_init.connect(clear_multiprocess_dir, dispatch_uid="ops.metrics.clear_dir", weak=False)
    worker_ready.connect(start_worker_exporter, dispatch_uid="ops.metrics.worker_exporter", weak=False)


def clear_multiprocess_dir(**kwargs):
    """Before a worker's pool starts: counts left by a previous run would be added to this one's (gunicorn's
    on_starting hook does the same for the web processes)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory and os.path.isdir(directory):
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def start_worker_exporter(**kwargs):
    """A worker's counts on http://HOST:CELERY_METRICS_PORT/metrics when that is set (one port per worker on
    a host). Served by the worker's main process from the files its pool processes write."""
    port = app_settings.CELERY_METRICS_PORT
    if not port:
        return
    from prometheus_client import start_http_server

    start_http_server(int(port), addr=app_settings.CELERY_METRICS_ADDR,
                      registry=process_registry())
    logger.info("Celery metrics on port %s", port)


# ---- scrape-time gauges -----------------------------------------------------------------------------------

class BacklogCollector:
    """Backlogs and index lag, read when scraped. A dependency that is down leaves its figures out (and says so
    in ctx_dependency_up) instead of failing the scrape."""

    def collect(self):
        up = GaugeMetricFamily("ctx_dependency_up", "1 when the dependency answered this scrape.",
                               labels=["dependency"])
        try:
            yield from self._database_figures()
            up.add_metric(["database"], 1)
        except Exception as error:
            logger.warning("metrics: database figures unavailable: %s", error)
            up.add_metric(["database"], 0)
            yield up
            return
        if search_settings.BACKEND == "elasticsearch":
            from matching.index_health import index_health

            health = index_health(timeout=2.0)
            up.add_metric(["elasticsearch"], 1 if health.reachable else 0)
            yield _gauge("ctx_search_published_listings", "Published listings in the database.", health.published)
            if health.reachable:
                yield _gauge("ctx_search_index_documents", "Documents behind the search alias.", health.documents)
                yield _gauge("ctx_search_index_lag", "Published listings minus documents in the index.", health.lag)
            if health.last_sync_seconds is not None:
                yield _gauge("ctx_search_index_last_sync_seconds",
                             "Seconds since the index was last seen whole.", health.last_sync_seconds)
        yield up

    def _database_figures(self):
        from api.models import WebhookDelivery
        from core.models import OutboxEvent

        outbox = GaugeMetricFamily("ctx_outbox_backlog", "Outbox events not yet handed to Celery (undispatched) "
                                   "or handed but not yet processed (unprocessed).", labels=["state"])
        outbox.add_metric(["undispatched"], OutboxEvent.objects.filter(dispatched_at__isnull=True).count())
        outbox.add_metric(["unprocessed"], OutboxEvent.objects.filter(dispatched_at__isnull=False,
                                                                       processed_at__isnull=True).count())
        yield outbox
        webhooks = GaugeMetricFamily("ctx_webhook_backlog", "Webhook deliveries waiting to be sent.",
                                     labels=["status"])
        for status in (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING):
            webhooks.add_metric([status.value], WebhookDelivery.objects.filter(status=status).count())
        yield webhooks


def _gauge(name, documentation, value):
    family = GaugeMetricFamily(name, documentation)
    family.add_metric([], value)
    return family


def process_registry():
    """What this process (or, in multiprocess mode, every process of its host) has counted."""
    if not multiprocess_mode():
        return PROCESS_REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def exposition():
    backlog = CollectorRegistry()
    backlog.register(BacklogCollector())
    return generate_latest(process_registry()) + generate_latest(backlog)


# ---- access -----------------------------------------------------------------------------------------------

def scrape_allowed(request):
    """A bearer token (METRICS_TOKEN) when set; otherwise the client address must be in METRICS_ALLOWED_NETWORKS
    (loopback by default). REMOTE_ADDR, never a forwarded header: a proxy in front must not open it to all."""
    token = app_settings.METRICS_TOKEN
    if token:
        import hmac

        header = request.META.get("HTTP_AUTHORIZATION", "")
        return hmac.compare_digest(header.encode(), f"Bearer {token}".encode())
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False)
               for network in app_settings.METRICS_ALLOWED_NETWORKS)
