"""Settings read by the notifications app, with defaults (allauth style)."""
from django.conf import settings


def site_url():
    """Absolute base for links in e-mails."""
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


EMAIL_BATCH = getattr(settings, "NOTIFICATIONS_EMAIL_BATCH", 100)
