from celery import shared_task

from config.celery_app import RETRY_TRANSIENT


@shared_task(name="insights.tasks.refresh_insights", **RETRY_TRANSIENT)
def refresh_insights():
    from .services import insights_refresh

    return insights_refresh()


@shared_task(name="insights.tasks.fold_listing_views", **RETRY_TRANSIENT)
def fold_listing_views():
    from .services import listing_views_fold

    return listing_views_fold()
