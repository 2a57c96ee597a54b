"""Liveness and readiness.

/healthz: the process answers (no I/O). /readyz: the database, Redis (the broker and, in production, the
cache) and Elasticsearch, with the search index's health. Policy (docs/deploy.md):
- "ok" (200): everything answers and the index is whole or only a moment behind;
- "degraded" (200): Elasticsearch or Redis is down, or the index is being rebuilt. The site still serves (search
  falls back to the database, background work waits in the outbox), and every web process shares the same
  dependencies, so taking them all out of a load balancer would turn a partial outage into a full one;
- "unavailable" (503): the database is down: no page can be served.
A missing or empty index found here is repaired at once by a worker (matching.index_health)."""
import logging
import time

from django.db import connection

from matching.app_settings import app_settings as search_settings

from .app_settings import app_settings

logger = logging.getLogger(__name__)
CHECK_TIMEOUT = 2.0  # seconds per dependency: a probe must answer well within a load balancer's timeout


def _timed(check):
    started = time.monotonic()
    try:
        detail = check() or {}
        result = {"ok": True, **detail}
    except Exception as error:  # any failure of a dependency is a failed check, reported, never raised
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis():
    import redis

    client = redis.Redis.from_url(app_settings.BROKER_URL, socket_connect_timeout=CHECK_TIMEOUT,
                                  socket_timeout=CHECK_TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()


def check_search_index():
    from matching.index_health import index_health, index_repair_request

    health = index_health(timeout=CHECK_TIMEOUT)
    if not health.reachable:
        raise ConnectionError(health.error or "Elasticsearch unreachable")
    detail = {key: value for key, value in health.as_dict().items() if key not in {"reachable", "error"}}
    if health.needs_rebuild:
        detail["repair_requested"] = index_repair_request()
    return detail


def readiness():
    """(HTTP status, JSON body)."""
    checks = {"database": _timed(check_database), "redis": _timed(check_redis)}
    if search_settings.BACKEND == "elasticsearch":
        if checks["database"]["ok"]:
            checks["elasticsearch"] = _timed(check_search_index)
            if checks["elasticsearch"].get("needs_rebuild"):
                checks["elasticsearch"]["ok"] = False
        else:
            checks["elasticsearch"] = {"ok": None, "error": "not checked: the database is down"}
    if not checks["database"]["ok"]:
        status, code = "unavailable", 503
    elif all(check["ok"] for check in checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    if status != "ok":
        logger.warning("readiness %s", status, extra={"checks": checks})
    return code, {"status": status, "checks": checks}
