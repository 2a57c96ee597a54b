from celery import shared_task

from config.celery_app import RETRY_TRANSIENT


@shared_task(name="collaboration.tasks.remind_unanswered_interests", **RETRY_TRANSIENT)
def remind_unanswered_interests():
    from .services import interests_remind_unanswered

    return interests_remind_unanswered()
