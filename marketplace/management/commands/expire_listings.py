from django.core.management.base import BaseCommand

from marketplace.services import listings_expire


class Command(BaseCommand):
    help = "Expire published listings whose deadline has passed. Idempotent; meant to run daily from a scheduler."

    def handle(self, *args, **options):
        count = listings_expire()
        self.stdout.write(f"Expired {count} listing(s).")
