"""Index lifecycle: the alias over versioned indexes, bulk writes, atomic swaps."""
import logging

from django.utils import timezone
from elasticsearch import NotFoundError, helpers

from ...app_settings import app_settings
from ...documents import listing_document, listings_index

logger = logging.getLogger(__name__)
WRITE_TIMEOUT = "10s"


def new_index_name(alias):
    return f"{alias}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"


def create_index(client, name, bm25=None):
    listings_index(name, bm25=bm25).create(using=client)
    return name


def ensure_alias(client, alias=None):
    """Create the first versioned index behind the alias if there is none yet."""
    alias = alias or app_settings.LISTINGS_ALIAS
    if client.indices.exists_alias(name=alias):
        return alias
    name = create_index(client, new_index_name(alias))
    try:
        client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
    except Exception:
        client.indices.delete(index=name, ignore_unavailable=True)
        raise
    return alias


def indexes_behind(client, alias):
    try:
        return sorted(client.indices.get_alias(name=alias).keys())
    except NotFoundError:
        return []


def swap_alias(client, alias, new_index):
    """Point the alias at new_index in one atomic request; return the indexes it left."""
    old = indexes_behind(client, alias)
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    return [name for name in old if name != new_index]


def bulk_write(client, index, profiles=(), delete_ids=(), refresh=False):
    def actions():
        for profile in profiles:
            yield {"_op_type": "index", "_index": index, "_id": str(profile.id), "_source": listing_document(profile)}
        for listing_id in delete_ids:
            yield {"_op_type": "delete", "_index": index, "_id": str(listing_id)}

    # timeout: how long Elasticsearch holds a write it cannot apply yet (no elected master, no active shard).
    # Its default of a minute kept every worker busy during a master's loss (the failure drill); a listing not
    # written now is written by the index check a minute later.
    ok, errors = helpers.bulk(client.options(request_timeout=120), actions(), raise_on_error=False,
                              refresh=refresh, chunk_size=1000, timeout=WRITE_TIMEOUT)
    real_errors = [e for e in errors if "delete" not in e or e["delete"].get("status") != 404]
    if real_errors:
        logger.error("Bulk indexing into %s failed for %d documents: %s", index, len(real_errors), real_errors[:3])
    return ok


def indexed_versions(client, index):
    """{listing id: updated_at string} of every document, read with a point-in-time-free scroll."""
    found = {}
    for hit in helpers.scan(client, index=index, query={"query": {"match_all": {}}}, _source=["updated_at"],
                            size=2000):
        found[hit["_id"]] = (hit.get("_source") or {}).get("updated_at")
    return found


def parallel_write(client, index, profile_batches, threads=2):
    """Bulk-index batches of profiles with requests in flight while the next batch is read."""
    def actions():
        for profiles in profile_batches:
            for profile in profiles:
                yield {"_op_type": "index", "_index": index, "_id": str(profile.id),
                       "_source": listing_document(profile)}

    failed = 0
    for ok, info in helpers.parallel_bulk(client.options(request_timeout=120), actions(), thread_count=threads,
                                          chunk_size=500, raise_on_error=False, queue_size=4):
        if not ok:
            failed += 1
            if failed <= 3:
                logger.error("Indexing into %s failed: %s", index, info)
    return failed
