from celery import shared_task

from config.celery_app import RETRYING, transient_errors


@shared_task(name="insights.tasks.refresh_insights", autoretry_for=transient_errors(), ignore_result=True,
             **RETRYING)
def refresh_insights():
    from .services import insights_refresh

    return insights_refresh()


@shared_task(name="insights.tasks.fold_listing_views", autoretry_for=transient_errors(), ignore_result=True,
             **RETRYING)
def fold_listing_views():
    from .services import listing_views_fold

    return listing_views_fold()
