from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from . import health, metrics


@never_cache
@require_GET
def healthz(request):
    """The process answers; no I/O (a liveness probe must not fail because a dependency does)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    code, body = health.readiness()
    return JsonResponse(body, status=code)


@never_cache
@require_GET
def metrics_view(request):
    if not metrics.scrape_allowed(request):
        raise Http404  # not advertised to whoever is not allowed to scrape
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
