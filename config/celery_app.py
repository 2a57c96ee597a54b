"""The Celery app. Settings come from Django's (CELERY_* names, see config/settings/base.py).

Production: `celery -A config worker -Q indexing,notifications,webhooks,celery` and `celery -A config beat`
(scripts/celery.sh starts both for development and tests). The zero-service demo sets
CELERY_TASK_ALWAYS_EAGER so tasks run in-process and no broker is needed.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("culturetech")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def transient_errors():
    """Errors worth retrying with backoff: the database or the broker went away for a moment.
    Tasks use it as `autoretry_for=transient_errors()`; programming errors are not retried."""
    from django.db import InterfaceError, OperationalError
    from kombu.exceptions import OperationalError as BrokerError

    return (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError)


# Default options for tasks that opt in with `**RETRYING`: exponential backoff with jitter, bounded.
RETRYING = {
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


@app.task(name="housekeeping.expire_listings")
def expire_listings():
    from marketplace.services import listings_expire

    return listings_expire()
