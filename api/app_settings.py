"""Settings of the partner API's webhooks (WEBHOOK_*): see core/app_settings.py."""
from datetime import timedelta

from core.app_settings import AppSettings


class WebhookSettings(AppSettings):
    prefix = "WEBHOOK_"

    @property
    def ALLOW_LOOPBACK_TARGETS(self):
        """Receivers on 127.0.0.1 (development, tests, the demo); production settings force this off."""
        return self._setting("ALLOW_LOOPBACK_TARGETS", False)

    @property
    def ALLOWED_HOSTS(self):
        """When not empty, the only host names a receiver may have (operators may confine receivers)."""
        return self._setting("ALLOWED_HOSTS", [])

    @property
    def RETRY_BASE_SECONDS(self):
        return self._setting("RETRY_BASE_SECONDS", 30)

    @property
    def RETRY_WINDOW(self):
        return timedelta(seconds=self._setting("RETRY_WINDOW_SECONDS", 24 * 3600))

    @property
    def PAUSE_AFTER_FAILURES(self):
        return self._setting("PAUSE_AFTER_FAILURES", 20)

    @property
    def TIMEOUT_SECONDS(self):
        return self._setting("TIMEOUT_SECONDS", 10)


app_settings = WebhookSettings()
