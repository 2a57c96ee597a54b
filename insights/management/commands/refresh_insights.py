from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Recompute the stored figures of the public insights page and of every zone page (beat: every 15 min)."

    def handle(self, *args, **options):
        from insights.services import insights_refresh

        for scope, duration_ms in insights_refresh().items():
            self.stdout.write(f"{scope}: {duration_ms} ms")
