"""Celery tasks of the marketplace: carry ids (or nothing), call a service."""
from celery import shared_task

from config.celery_app import RETRY_TRANSIENT

from .services import listings_expire


@shared_task(name="marketplace.tasks.expire_listings", **RETRY_TRANSIENT)
def expire_listings():
    """Daily (beat): listings past their deadline expire."""
    return listings_expire()
