"""Settings of the notifications app (NOTIFICATIONS_*): see core/app_settings.py."""
from core.app_settings import AppSettings


class NotificationsSettings(AppSettings):
    prefix = "NOTIFICATIONS_"

    @property
    def EMAIL_BATCH(self):
        """Notification e-mails per task."""
        return int(self._setting("EMAIL_BATCH", 100))


app_settings = NotificationsSettings()
