"""The stored figures as pages read them: the last refresh's snapshot (computed now if there is none yet, it is
older than INSIGHTS_SNAPSHOT_MAX_AGE or of another shape), with any listing no longer public taken off the lists."""
from django.utils import timezone

from marketplace.models import Listing

from .app_settings import app_settings
from .models import Snapshot

# The shape of the stored figures: a snapshot of another version (written before a release that added a figure)
# is recomputed when read, so a page never reads a figure its snapshot lacks.
PAYLOAD_VERSION = 2


def current(scope_name):
    """(payload, computed_at) of a scope ("public" or "zone:<slug>")."""
    from .services import snapshot_refresh

    snapshot = Snapshot.objects.filter(scope=scope_name).first()
    if (snapshot is None or snapshot.computed_at < timezone.now() - app_settings.SNAPSHOT_MAX_AGE
            or snapshot.payload.get("version") != PAYLOAD_VERSION):
        snapshot = snapshot_refresh(scope_name=scope_name)
    return _without_hidden_listings(snapshot.payload), snapshot.computed_at


def _without_hidden_listings(payload):
    """Titles are named from the snapshot; one that turned members-only since the refresh is never shown."""
    lists = [payload.get("latest"), (payload.get("facilities") or {}).get("rows")]
    ids = {row["id"] for rows in lists if rows for row in rows}
    if not ids:
        return payload
    public = set(Listing.objects.filter(pk__in=ids, status=Listing.Status.PUBLISHED,
                                        visibility=Listing.Visibility.PUBLIC).values_list("pk", flat=True))
    if public == ids:
        return payload
    payload = dict(payload)
    if payload.get("latest"):
        payload["latest"] = [row for row in payload["latest"] if row["id"] in public]
    if payload.get("facilities"):
        payload["facilities"] = {**payload["facilities"],
                                 "rows": [row for row in payload["facilities"]["rows"] if row["id"] in public]}
    return payload
