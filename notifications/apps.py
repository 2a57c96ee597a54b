from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from marketplace.signals import listing_changed

        from . import handlers  # noqa: F401  registers the event handlers
        from . import receivers

        listing_changed.connect(receivers.on_listing_changed, dispatch_uid="notifications.listing_changed")
        # The matching engine and organisation verification may land after this app: connect if present.
        try:
            from matching.signals import match_created
        except ImportError:
            match_created = None
        if match_created is not None:
            match_created.connect(receivers.on_match_created, dispatch_uid="notifications.match_created")
        try:
            from accounts.signals import organisation_verification_decided
        except ImportError:
            organisation_verification_decided = None
        if organisation_verification_decided is not None:
            organisation_verification_decided.connect(
                receivers.on_verification_decided, dispatch_uid="notifications.verification_decided"
            )
        try:
            from accounts.signals import organisation_verification_requested
        except ImportError:
            organisation_verification_requested = None
        if organisation_verification_requested is not None:
            organisation_verification_requested.connect(
                receivers.on_verification_requested, dispatch_uid="notifications.verification_requested"
            )
