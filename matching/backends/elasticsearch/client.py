"""The Elasticsearch client and the one place where transport failures become SearchUnavailable."""
import functools
import logging
from contextlib import contextmanager

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch

from ...app_settings import app_settings
from ..base import SearchUnavailable

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=8)
def _client(url, timeout):
    """ELASTICSEARCH_URL may list several nodes of a cluster, comma-separated. A request that cannot reach one
    node is tried once on each other node (a node lost answers from the others at once); never again on the same
    one, and never after a timeout: a page must not hang on a dead cluster, it falls back to the database."""
    hosts = [host.strip() for host in url.split(",") if host.strip()]
    return Elasticsearch(hosts, request_timeout=timeout, max_retries=len(hosts) - 1, retry_on_timeout=False)


def get_client():
    return _client(app_settings.ELASTICSEARCH_URL, app_settings.REQUEST_TIMEOUT)


@contextmanager
def unavailable_on_transport_errors(action):
    try:
        yield
    except (TransportConnectionError, ConnectionTimeout) as error:
        logger.warning("Elasticsearch unreachable during %s: %s", action, error)
        raise SearchUnavailable(str(error)) from error
    except ApiError as error:
        if getattr(error, "status_code", 0) and error.status_code >= 500:
            logger.warning("Elasticsearch failed during %s: %s", action, error)
            raise SearchUnavailable(str(error)) from error
        raise
    except TransportError as error:
        logger.warning("Elasticsearch transport error during %s: %s", action, error)
        raise SearchUnavailable(str(error)) from error


class IndexMissing(Exception):
    pass


def raise_missing(items):
    """msearch/mtermvectors report failures per item, not as an exception: a missing index (made again by
    the caller), or anything else (say a rejected request on a busy node), which must not pass silently as
    fewer hits or an unselected paragraph; the site falls back to the database for that read instead."""
    for item in items:
        error = item.get("error")
        if isinstance(error, dict) and error.get("type") == "index_not_found_exception":
            raise IndexMissing(error.get("reason", ""))
        if error:
            logger.warning("Elasticsearch failed an item of a multi-request: %s", error)
            raise SearchUnavailable(str(error))
    return items
