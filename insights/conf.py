"""Settings of the insights app, read at call time (tests and commands may change them)."""
from datetime import timedelta

from django.conf import settings

UNMET_AFTER = timedelta(days=14)  # a need this long on the platform without a match or an interest is unmet
MONTHS = 12  # the public and zone pages show the last twelve months
# The shape of the stored figures: a snapshot of another version (written before a release that added a figure)
# is recomputed when read, so a page never reads a figure its snapshot lacks.
PAYLOAD_VERSION = 2


def view_counter():
    """"redis" (production, tests) or "database" (the zero-service demo: one UPDATE per view)."""
    return getattr(settings, "INSIGHTS_VIEW_COUNTER", "redis")


def redis_url():
    return getattr(settings, "INSIGHTS_REDIS_URL", None) or settings.REDIS_URL


def snapshot_max_age():
    """A snapshot older than this is recomputed on read (the periodic refresh normally keeps it younger)."""
    return timedelta(seconds=int(getattr(settings, "INSIGHTS_SNAPSHOT_MAX_AGE", 3600)))
