from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from .glossary_data import seed_glossary_if_empty

        post_migrate.connect(seed_glossary_if_empty, sender=self, dispatch_uid="matching-glossary")
