from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"

    def ready(self):
        from . import (
            authentication,  # noqa: F401  registers the OpenAPI security scheme
            receivers,
        )

        receivers.connect()
