from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from marketplace.signals import listing_changed

        from .receivers import schedule_listing_sync

        listing_changed.connect(schedule_listing_sync, dispatch_uid="matching.schedule_listing_sync")
