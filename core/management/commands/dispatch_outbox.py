from django.core.management.base import BaseCommand

from core.outbox import outbox_dispatch, outbox_pending_count


class Command(BaseCommand):
    help = "Hand pending outbox events to Celery (beat does this every 10 s; use after a broker outage)."

    def handle(self, *args, **options):
        total = 0
        while True:
            handed = outbox_dispatch()
            total += handed
            if handed == 0:
                break
        self.stdout.write(f"dispatched {total}, still pending {outbox_pending_count()}")
