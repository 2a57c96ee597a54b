from django.core.management.base import BaseCommand

from notifications.emails import digest_recipient_ids, digests_send


class Command(BaseCommand):
    help = "Send the daily or weekly digest now, in this process (beat schedules the same through Celery)."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=["daily", "weekly"])

    def handle(self, *args, frequency, **options):
        ids = digest_recipient_ids(frequency=frequency)
        sent = 0
        for start in range(0, len(ids), 500):
            sent += digests_send(frequency=frequency, recipient_ids=ids[start:start + 500])
        self.stdout.write(f"sent {sent} {frequency} digests")
