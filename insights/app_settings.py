"""Settings of the insights app (INSIGHTS_*): see core/app_settings.py."""
from datetime import timedelta

from django.conf import settings

from core.app_settings import AppSettings


class InsightsSettings(AppSettings):
    prefix = "INSIGHTS_"

    @property
    def VIEW_COUNTER(self):
        """"redis" (production, tests) or "database" (the zero-service demo: one UPDATE per view)."""
        return self._setting("VIEW_COUNTER", "redis")

    @property
    def REDIS_URL(self):
        return self._setting("REDIS_URL", None) or settings.REDIS_URL

    @property
    def SNAPSHOT_MAX_AGE(self):
        """A snapshot older than this is recomputed on read (the periodic refresh normally keeps it younger)."""
        return timedelta(seconds=int(self._setting("SNAPSHOT_MAX_AGE", 3600)))


app_settings = InsightsSettings()
