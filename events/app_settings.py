"""Settings of matchmaking events (EVENTS_*): see core/app_settings.py."""
from core.app_settings import AppSettings


class EventsSettings(AppSettings):
    prefix = "EVENTS_"

    @property
    def SCHEDULE_TIME_LIMIT(self):
        """Seconds the scheduler may search."""
        return float(self._setting("SCHEDULE_TIME_LIMIT", 20))

    @property
    def REMINDER_MINUTES(self):
        """How long before a meeting its reminder goes out."""
        return int(self._setting("REMINDER_MINUTES", 60))


app_settings = EventsSettings()
