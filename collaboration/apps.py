from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "collaboration"

    def ready(self):
        from marketplace.signals import listing_changed

        from . import handlers  # noqa: F401  registers the event handlers with notifications
        from . import receivers

        listing_changed.connect(receivers.on_listing_changed, dispatch_uid="collaboration.listing_changed")
