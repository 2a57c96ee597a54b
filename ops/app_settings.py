"""Settings of health and metrics (METRICS_*, CELERY_METRICS_*): see core/app_settings.py."""
from core.app_settings import AppSettings


class OpsSettings(AppSettings):
    @property
    def METRICS_TOKEN(self):
        return self._setting("METRICS_TOKEN", "")

    @property
    def METRICS_ALLOWED_NETWORKS(self):
        return self._setting("METRICS_ALLOWED_NETWORKS", ["127.0.0.1/32", "::1/128"])

    @property
    def CELERY_METRICS_PORT(self):
        """A worker's own Prometheus port; empty: off."""
        return self._setting("CELERY_METRICS_PORT", "")

    @property
    def CELERY_METRICS_ADDR(self):
        return self._setting("CELERY_METRICS_ADDR", "0.0.0.0")

    @property
    def BROKER_URL(self):
        return self._setting("CELERY_BROKER_URL", "")


app_settings = OpsSettings()
