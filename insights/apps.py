from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Insights")

    def ready(self):
        from marketplace.signals import listing_viewed

        from . import receivers

        listing_viewed.connect(receivers.on_listing_viewed, dispatch_uid="insights.listing_viewed")
