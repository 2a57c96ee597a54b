"""Is the search index whole, and making it whole again when it is not.

`index_health()` compares published listings in the database with documents behind the alias (two counts and
an alias check: cheap enough for every readiness probe and a beat task each minute). `ensure_index()` repairs
what it finds: a missing or empty index while the database has published listings (Elasticsearch restarted
with its data gone) is rebuilt at once with the alias-swap rebuild; a count that disagrees is reconciled.
Only one repair runs at a time across every process (a PostgreSQL advisory lock, released with its
connection if the process dies)."""
import logging
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.db import connection
from elasticsearch import NotFoundError

from marketplace.models import Listing

from .app_settings import app_settings
from .backends.base import SearchUnavailable
from .backends.elasticsearch.client import get_client, unavailable_on_transport_errors

logger = logging.getLogger(__name__)
LAST_SYNC_KEY = "matching:index:last-whole"  # when the index was last seen (or made) whole: a timestamp
REPAIR_REQUESTED_KEY = "matching:index:repair-requested"
REPAIR_LOCK = 0x637478_0001  # advisory lock key of index repairs ("ctx" + 1)


@dataclass
class IndexHealth:
    reachable: bool
    alias_exists: bool = False
    documents: int | None = None
    published: int = 0
    last_sync_seconds: float | None = None  # seconds since the index was last seen whole (None: not yet)
    error: str = ""

    @property
    def lag(self):
        """Published listings the index lacks (negative: documents the database no longer publishes)."""
        return None if self.documents is None else self.published - self.documents

    @property
    def needs_rebuild(self):
        return self.reachable and self.published > 0 and (not self.alias_exists or not self.documents)

    @property
    def whole(self):
        return self.reachable and self.alias_exists and self.lag == 0

    def as_dict(self):
        return {**asdict(self), "lag": self.lag, "needs_rebuild": self.needs_rebuild, "whole": self.whole}


def _mark_whole():
    try:
        cache.set(LAST_SYNC_KEY, time.time(), timeout=None)
    except Exception:  # the cache (Redis in production) is down: the figure is only missing
        pass


def _last_whole():
    try:
        return cache.get(LAST_SYNC_KEY)
    except Exception:
        return None


def index_health(*, timeout=None):
    """Counts only; never raises for an unreachable Elasticsearch (reachable=False says it)."""
    published = Listing.objects.filter(status=Listing.Status.PUBLISHED).count()
    last = _last_whole()
    health = IndexHealth(reachable=True, published=published)
    alias = app_settings.LISTINGS_ALIAS
    try:
        with unavailable_on_transport_errors("index health"):
            # One count, no cluster-state read: it answers even while the cluster has no elected master.
            client = get_client() if timeout is None else get_client().options(request_timeout=timeout)
            health.documents = client.count(index=alias)["count"]
            health.alias_exists = True
    except NotFoundError:
        health.documents = 0
    except SearchUnavailable as error:
        health.reachable, health.error = False, str(error)[:300]
    if health.whole:
        _mark_whole()
        last = time.time()
    health.last_sync_seconds = None if last is None else round(max(0.0, time.time() - last), 1)
    return health


def index_repair_request():
    """Ask a worker to repair the index now (at most once a minute from all the web processes); False when the
    broker cannot take the message (the beat task tries again each minute)."""
    from .tasks import ensure_index_task

    try:
        if not cache.add(REPAIR_REQUESTED_KEY, 1, timeout=60):
            return True
    except Exception:  # the cache is down (Redis): ask anyway, the repair lock keeps it to one
        pass
    try:
        ensure_index_task.delay()
        return True
    except Exception as error:  # the broker is down: not this probe's failure
        logger.warning("search index repair not requested: %s", error)
        return False


@contextmanager
def _repair_lock():
    """True when this process may repair; False when another one is at it. PostgreSQL: a session advisory
    lock (other databases only serve the zero-service demo, without Elasticsearch: no lock needed)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REPAIR_LOCK])
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [REPAIR_LOCK])
            except Exception:  # the connection died: PostgreSQL dropped the lock with it
                logger.warning("search index repair: could not release the lock (connection lost)")


def ensure_index():
    """Make the index whole if it is not; returns (health after, what was done: "" | "rebuilt" |
    "reconciled" | "busy")."""
    from .backends import get_search_backend

    health = index_health()
    if not health.reachable or health.whole or (health.published == 0 and not health.documents):
        return health, ""
    with _repair_lock() as mine:
        if not mine:
            return health, "busy"
        health = index_health()  # again under the lock: another process may have just repaired it
        if health.needs_rebuild:
            logger.warning("search index %s is %s while %d listings are published: rebuilding",
                           app_settings.LISTINGS_ALIAS, "missing" if not health.alias_exists else "empty",
                           health.published)
            get_search_backend().rebuild()
            done = "rebuilt"
        elif health.reachable and not health.whole:
            logger.warning("search index lags the database by %s listings: reconciling", health.lag)
            get_search_backend().reconcile()
            done = "reconciled"
        else:
            return health, ""
    return index_health(), done
