"""Thin Celery tasks: ids in, a service call."""
from celery import shared_task

from config.celery_app import RETRY_TRANSIENT


@shared_task(name="events.tasks.refresh_proposals", **RETRY_TRANSIENT)
def refresh_proposals(event_id, participant_id=None):
    from .services.proposals import proposals_refresh

    return proposals_refresh(event_id=event_id, participant_id=participant_id)


@shared_task(name="events.tasks.schedule_event", **RETRY_TRANSIENT)
def schedule_event(event_id, replan=False):
    from .services.schedule import event_schedule

    return event_schedule(event_id=event_id, replan=replan)


@shared_task(name="events.tasks.send_agendas", **RETRY_TRANSIENT)
def send_agendas(event_id):
    from .emails import agenda_emails_send

    return agenda_emails_send(event_id=event_id)


@shared_task(name="events.tasks.events_housekeeping")
def events_housekeeping():
    from .services.schedule import events_housekeeping as run

    return run()
