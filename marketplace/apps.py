from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from .taxonomy import seed_reference_data_if_empty

        post_migrate.connect(seed_reference_data_if_empty, sender=self, dispatch_uid="marketplace-reference-data")
