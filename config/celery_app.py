"""The Celery app. Settings come from Django's (CELERY_* names, see config/settings/base.py).

Production: `celery -A config worker -Q indexing,notifications,webhooks,celery` and `celery -A config beat`
(scripts/celery.sh starts both for development and tests). The zero-service demo sets
CELERY_TASK_ALWAYS_EAGER so tasks run in-process and no broker is needed.
"""
import os

from celery import Celery
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("culturetech")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# The options of tasks that retry what is worth retrying (`@shared_task(**RETRY_TRANSIENT)`): the database or
# the broker went away for a moment; exponential backoff with jitter, bounded. Programming errors are not retried.
# Everything else about tasks (time limits, queues, the schedule) is a setting: config/settings/base.py.
RETRY_TRANSIENT = {
    "autoretry_for": (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}
