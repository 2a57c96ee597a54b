"""Writes of the insights app: refreshing the stored figures, and counting listing views."""
import time

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership

from . import counters, selectors
from .models import Snapshot
from .snapshots import PAYLOAD_VERSION
from .zones import zone_slugs

PUBLIC = "public"


def zone_scope_name(slug):
    return f"zone:{slug}"


def _store(scope_name, compute, now):
    started = time.perf_counter()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:  # every figure of the page from one snapshot (read only: nothing to retry)
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                # The aggregates look costly to the planner, whose JIT compilation then took longer than the
                # queries themselves (100,000 listings: 1.9 s of the 2.9 s of the unmet-demand query).
                cursor.execute("SET LOCAL jit = off")
        payload = {**compute(now), "version": PAYLOAD_VERSION}
    duration_ms = int((time.perf_counter() - started) * 1000)
    snapshot, _ = Snapshot.objects.update_or_create(
        scope=scope_name, defaults={"payload": payload, "computed_at": now, "duration_ms": duration_ms})
    return snapshot


def snapshot_refresh(*, scope_name, now=None):
    """Recompute one page's figures from the database and store them."""
    now = now or timezone.now()
    if scope_name == PUBLIC:
        return _store(PUBLIC, lambda at: selectors.public_figures(now=at), now)
    slug = scope_name.removeprefix("zone:")
    if scope_name.startswith("zone:") and slug in zone_slugs():
        return _store(scope_name, lambda at: selectors.zone_figures(slug, now=at), now)
    raise ValueError(f"unknown insights scope {scope_name!r}")


def insights_refresh(*, now=None):
    """Recompute the public page and every zone's page (the periodic task); returns {scope: duration ms}."""
    now = now or timezone.now()
    names = [PUBLIC] + [zone_scope_name(slug) for slug in zone_slugs()]
    return {name: snapshot_refresh(scope_name=name, now=now).duration_ms for name in names}


def listing_view_record(*, listing, user):
    """Count a view of a listing's page. Members of the listing's own organisation are not counted: the
    figure tells its owners how often others looked."""
    organisation_ids = []
    if getattr(user, "is_authenticated", False):
        organisation_ids = list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        if listing.organisation_id in organisation_ids:
            return None
    return counters.record(listing_id=listing.pk, organisation_ids=organisation_ids)


def listing_views_fold():
    """Fold the Redis view counters into the database (periodic task)."""
    return counters.fold()
