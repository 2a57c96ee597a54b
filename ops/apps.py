from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Health checks, Prometheus metrics and structured logs for running the site in production."""

    name = "ops"

    def ready(self):
        from . import metrics

        metrics.connect_celery_signals()  # connections only, no I/O
