"""Celery tasks: carry ids, re-read rows, call a service. Idempotent."""
from celery import shared_task

from config.celery_app import RETRYING, transient_errors


@shared_task(autoretry_for=transient_errors(), **RETRYING)
def listing_sync(listing_id):
    from .services import listing_sync as sync

    sync(listing_id=listing_id)


@shared_task
def search_reconcile_task():
    from .reconcile import search_reconcile

    return search_reconcile().as_dict()
