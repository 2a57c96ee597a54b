import json

from django.core.management.base import BaseCommand
from tqdm import tqdm

from matching.services import REBUILD_BATCH, matches_rebuild


class Command(BaseCommand):
    help = ("Recompute every stored match (after a change of the weights): each published listing's matches, "
            "in batches, with a progress bar; running it twice gives the same matches.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=REBUILD_BATCH)
        parser.add_argument("--queue", action="store_true", help="hand the work to a Celery worker instead")

    def handle(self, *args, **options):
        if options["queue"]:
            from matching.tasks import matches_rebuild_task

            self.stdout.write(json.dumps({"task_id": matches_rebuild_task.delay().id}))
            return
        result = matches_rebuild(progress=tqdm, batch_size=options["batch_size"])
        self.stdout.write(json.dumps(result))
