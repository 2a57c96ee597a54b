"""Listing views counted without a database write per view.

Redis (production, tests): one MULTI per view: INCR of the listing's counter, SADD of each viewing
organisation to the listing's set, SADD of the listing to the "dirty" set. A periodic task (`views_fold`)
takes the dirty set, reads and deletes each counter and set atomically, and adds them to ListingViewCount
and ListingViewer. Exact sets rather than HyperLogLogs (PFADD): the number of organisations is small, and the
owners' statistics cut the viewers by kind, which a HyperLogLog cannot be re-sliced by.

Database (the zero-service demo, no Redis): the same facts written at once, one UPDATE per view. A Redis that
cannot be reached falls back to that too, so a view is never lost to an outage."""
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .app_settings import app_settings
from .models import ListingViewCount, ListingViewer

logger = logging.getLogger(__name__)
PREFIX = "insights:views:"
DIRTY = PREFIX + "dirty"
CLAIMED = PREFIX + "folding"
FOLD_LOCK = PREFIX + "fold-lock"


def count_key(listing_id):
    return f"{PREFIX}n:{listing_id}"


def orgs_key(listing_id):
    return f"{PREFIX}orgs:{listing_id}"


_clients = {}


def redis_client():
    import redis

    url = app_settings.REDIS_URL
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    return _clients[url]


def record_in_database(*, listing_id, organisation_ids, views=1):
    with transaction.atomic():
        updated = ListingViewCount.objects.filter(listing_id=listing_id).update(
            views=F("views") + views, updated_at=timezone.now())
        if not updated:
            ListingViewCount.objects.bulk_create([ListingViewCount(listing_id=listing_id, views=0)],
                                                 ignore_conflicts=True)
            ListingViewCount.objects.filter(listing_id=listing_id).update(views=F("views") + views)
        if organisation_ids:
            ListingViewer.objects.bulk_create(
                [ListingViewer(listing_id=listing_id, organisation_id=pk) for pk in organisation_ids],
                ignore_conflicts=True)


def record(*, listing_id, organisation_ids):
    if app_settings.VIEW_COUNTER == "redis":
        try:
            pipe = redis_client().pipeline(transaction=True)
            pipe.incr(count_key(listing_id))
            if organisation_ids:
                pipe.sadd(orgs_key(listing_id), *organisation_ids)
            pipe.sadd(DIRTY, listing_id)
            pipe.execute()
            return "redis"
        except Exception as error:  # Redis away: count in the database rather than lose the view
            logger.warning("View of listing %s counted in the database, Redis failed: %s", listing_id, error)
    record_in_database(listing_id=listing_id, organisation_ids=organisation_ids)
    return "database"


def fold():
    """Move the pending Redis counts into the database; returns the number of listings folded. A failed
    database write puts the counts back, and a fold that died half-way is finished by the next one."""
    if app_settings.VIEW_COUNTER != "redis":
        return 0
    import redis

    client = redis_client()
    lock = client.lock(FOLD_LOCK, timeout=600)
    if not lock.acquire(blocking=False):
        return 0  # another worker is folding
    try:
        if not client.exists(CLAIMED):
            try:
                client.rename(DIRTY, CLAIMED)  # atomic: views recorded from now on go to a new dirty set
            except redis.ResponseError:  # no dirty set: nothing was viewed
                return 0
        listing_ids = sorted(int(value) for value in client.smembers(CLAIMED))
        folded = 0
        for start in range(0, len(listing_ids), 500):
            folded += _fold_chunk(client, listing_ids[start:start + 500])
        client.delete(CLAIMED)
        return folded
    finally:
        lock.release()


def _fold_chunk(client, chunk):
    pipe = client.pipeline(transaction=True)
    for listing_id in chunk:
        pipe.getdel(count_key(listing_id))
        pipe.smembers(orgs_key(listing_id))
        pipe.delete(orgs_key(listing_id))
    replies = pipe.execute()
    pending = []
    for index, listing_id in enumerate(chunk):
        views = int(replies[3 * index] or 0)
        organisations = sorted(int(value) for value in replies[3 * index + 1])
        if views or organisations:
            pending.append((listing_id, views, organisations))
    try:
        _store(pending)
    except Exception:
        _put_back(client, pending)
        raise
    return len(pending)


def _store(pending):
    """Add a chunk of counts in a few statements (not one transaction per listing): the current totals read
    under a row lock, the new totals written with one upsert, the viewers with one insert."""
    from marketplace.models import Listing

    existing = set(Listing.objects.filter(pk__in=[row[0] for row in pending]).values_list("pk", flat=True))
    pending = [row for row in pending if row[0] in existing]  # a deleted listing takes its counts with it
    now = timezone.now()
    with transaction.atomic():
        current = dict(ListingViewCount.objects.select_for_update().filter(
            listing_id__in=[row[0] for row in pending]).values_list("listing_id", "views"))
        ListingViewCount.objects.bulk_create(
            [ListingViewCount(listing_id=pk, views=current.get(pk, 0) + views, updated_at=now)
             for pk, views, _organisations in pending if views],
            update_conflicts=True, unique_fields=["listing"], update_fields=["views", "updated_at"])
        ListingViewer.objects.bulk_create(
            [ListingViewer(listing_id=pk, organisation_id=org) for pk, _views, organisations in pending
             for org in organisations], ignore_conflicts=True)


def _put_back(client, pending):
    pipe = client.pipeline(transaction=True)
    for listing_id, views, organisations in pending:
        if views:
            pipe.incrby(count_key(listing_id), views)
        if organisations:
            pipe.sadd(orgs_key(listing_id), *organisations)
        pipe.sadd(DIRTY, listing_id)
    pipe.execute()
