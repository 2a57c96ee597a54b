"""Thin Celery tasks for webhooks (queue "webhooks"). Add to the beat schedule:
"webhooks-retry-due": {"task": "api.tasks.retry_due_webhooks", "schedule": 30.0}."""
from celery import shared_task

from config.celery_app import RETRY_TRANSIENT


@shared_task(name="api.tasks.deliver_webhook", **RETRY_TRANSIENT)
def deliver_webhook(delivery_id):
    from .services.webhooks import webhook_delivery_attempt

    delivery = webhook_delivery_attempt(delivery_id=delivery_id)
    return getattr(delivery, "status", None)


@shared_task(name="api.tasks.retry_due_webhooks")
def retry_due_webhooks():
    from .services.webhooks import webhooks_due

    ids = webhooks_due()
    for delivery_id in ids:
        deliver_webhook.delay(delivery_id)
    return len(ids)
