"""Celery tasks: carry ids, re-read rows, call a service. Idempotent."""
from celery import shared_task
from celery.signals import worker_ready

from config.celery_app import RETRY_TRANSIENT


@shared_task(**RETRY_TRANSIENT)
def listing_sync(listing_id):
    from .services import listing_sync as sync

    sync(listing_id=listing_id)


@shared_task(**RETRY_TRANSIENT)
def matches_refresh(listing_id):
    """The matches of one listing alone (it was handed a pair another listing no longer finds)."""
    from .services import matches_refresh_for_listing

    matches_refresh_for_listing(listing_id)


@shared_task  # minutes at scale: its time limits are in CELERY_TASK_ANNOTATIONS
def matches_rebuild_task():
    """After a change of the weights: every stored match recomputed (see services.matches_rebuild)."""
    from .services import matches_rebuild

    return matches_rebuild()


@shared_task
def search_reconcile_task():
    """Hourly (beat): whatever the backend holds apart from the database (nothing, for the database itself)."""
    from .backends import get_search_backend

    return get_search_backend().reconcile().as_dict()


@shared_task(name="matching.tasks.ensure_index_task")  # may rebuild the index: see CELERY_TASK_ANNOTATIONS
def ensure_index_task():
    """Every minute (beat), when a worker starts and when a readiness probe finds the index broken."""
    from .app_settings import app_settings
    from .index_health import ensure_index

    if app_settings.BACKEND != "elasticsearch":
        return ""
    return ensure_index()[1]


@worker_ready.connect(dispatch_uid="matching.ensure_index_on_worker_start")
def _ensure_index_on_worker_start(sender, **kwargs):
    # A message, not the repair itself: the worker answers at once and the repair runs as any task.
    ensure_index_task.delay()
