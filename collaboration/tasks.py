from celery import shared_task

from config.celery_app import RETRYING, transient_errors


@shared_task(name="collaboration.tasks.remind_unanswered_interests", autoretry_for=transient_errors(),
             ignore_result=True, **RETRYING)
def remind_unanswered_interests():
    from .services import interests_remind_unanswered

    return interests_remind_unanswered()
