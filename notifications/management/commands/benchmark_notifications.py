"""Measure the notification fan-out and the daily digest; prints one JSON line.

It publishes one need that matches N capabilities of N different organisations (one match event per
capability, as the matching engine sends them), then waits until every notification exists and every instant
e-mail is sent. Then it times a daily digest for --digest-users people. Its data is removed at the end.

    export DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=postgres://ctx:ctx@127.0.0.1:5433/ctx_notify_bench
    createdb -h 127.0.0.1 -p 5433 -U ctx ctx_notify_bench && python manage.py migrate   # once
    python manage.py benchmark_notifications --recipients 1000

--mode eager (default) runs the Celery tasks in this process (same code, no broker) and counts the database
queries; --mode worker hands them to a running worker (`scripts/celery.sh start` with the same
DATABASE_URL) that uses the same database
and e-mail backend of its own, and times end to end (queries are then not counted: they run in the worker)."""
import json
import time
import uuid

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from accounts.models import Membership, Organisation, User
from core.models import OutboxEvent
from core.outbox import outbox_record
from marketplace.models import Listing
from marketplace.services import listing_publish
from notifications.emails import digest_recipient_ids, digests_send
from notifications.models import Channel, Notification


class Command(BaseCommand):
    help = "Benchmark the notification fan-out (one need matching N capabilities) and a daily digest."

    def add_arguments(self, parser):
        parser.add_argument("--recipients", type=int, default=1000)
        parser.add_argument("--digest-users", type=int, default=10000)
        parser.add_argument("--mode", choices=["eager", "worker"], default="eager")
        parser.add_argument("--timeout", type=float, default=600)
        parser.add_argument("--keep", action="store_true", help="keep the generated rows")

    def handle(self, *args, recipients, digest_users, mode, timeout, keep, **options):
        from config.celery_app import app

        if connection.vendor != "postgresql":
            raise CommandError("Run the benchmark on PostgreSQL (DATABASE_URL=postgres://...).")
        run = uuid.uuid4().hex[:8]
        first_event = (OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = mode == "eager"
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                result = self._run(run, recipients, digest_users, mode, timeout, first_event)
        finally:
            app.conf.task_always_eager = eager
            if not keep:
                self._cleanup(run, first_event)
        self.stdout.write(json.dumps(result))

    # --- data -------------------------------------------------------------------------------------------
    def _people(self, run, prefix, count, language_mix=True):
        password = make_password(None)
        users = [User(email=f"{prefix}-{i}@{run}.bench.example", password=password,
                      language="en" if language_mix and i % 2 else "zh-hans") for i in range(count)]
        return User.objects.bulk_create(users, batch_size=2000)

    def _setup_fanout(self, run, recipients):
        staff = User.objects.create_user(email=f"staff@{run}.bench.example", is_staff=True)
        firm = Organisation.objects.create(slug=f"bench-{run}-firm", kind="enterprise", name_zh="基准公司")
        owner = User.objects.create_user(email=f"owner@{run}.bench.example")
        Membership.objects.create(user=owner, organisation=firm, role=Membership.Role.OWNER)
        labs = Organisation.objects.bulk_create([
            Organisation(slug=f"bench-{run}-lab-{i}", kind="institute", name_zh=f"实验室{i}", name_en=f"Lab {i}")
            for i in range(recipients)
        ], batch_size=2000)
        people = self._people(run, "lab", recipients)
        Membership.objects.bulk_create([Membership(user=u, organisation=o, role=Membership.Role.OWNER)
                                        for u, o in zip(people, labs, strict=False)], batch_size=2000)
        from django.utils import timezone

        earlier = timezone.now() - timezone.timedelta(days=1)
        capabilities = Listing.objects.bulk_create([
            Listing(organisation=lab, kind=Listing.Kind.CAPABILITY, title=f"Volumetric capture {i}",
                    summary="Capture stage", status=Listing.Status.PUBLISHED, published_at=earlier)
            for i, lab in enumerate(labs)
        ], batch_size=2000)
        need = Listing.objects.create(organisation=firm, kind=Listing.Kind.NEED, title="VR museum guide",
                                      summary="A museum needs volumetric capture", status=Listing.Status.SUBMITTED)
        return staff, need, capabilities

    # --- measurements -----------------------------------------------------------------------------------
    def _run(self, run, recipients, digest_users, mode, timeout, first_event):
        staff, need, capabilities = self._setup_fanout(run, recipients)
        expected = recipients + 1  # every lab's owner, and the need's owner once
        counted = CaptureQueriesContext(connection)
        started = time.perf_counter()
        with counted if mode == "eager" else _nothing():
            listing_publish(user=staff, listing=need)
            with transaction.atomic():  # the engine records its matches in one transaction
                for capability in capabilities:
                    outbox_record(type="match.created", payload={
                        "match_id": None, "need_id": need.pk, "capability_id": capability.pk, "score": 0.9,
                        "reasons_zh": ["技术与领域相符"], "reasons_en": ["Same technology and sector"],
                        "found_by_listing_id": need.pk})
            match_notes = Notification.objects.filter(event_id__gte=first_event, type="match")
            deadline = time.monotonic() + timeout
            while True:
                made = match_notes.count()
                unsent = match_notes.filter(channel=Channel.INSTANT, emailed_at__isnull=True).count()
                if made >= expected and unsent == 0:
                    break
                if time.monotonic() > deadline:
                    raise CommandError(f"timed out: {made}/{expected} notifications, {unsent} e-mails unsent")
                time.sleep(0.05)
        fanout_s = time.perf_counter() - started
        emails_sent = match_notes.filter(emailed_at__isnull=False).count()
        queries = len(counted.captured_queries) if mode == "eager" else None

        digest_s, digest_sent = self._digest(run, digest_users, mode, timeout)
        return {
            "recipients": recipients, "fanout_s": round(fanout_s, 2), "notifications": made,
            "emails_sent": emails_sent,
            "queries_per_recipient": round(queries / expected, 2) if queries is not None else None,
            "digest_users": digest_sent, "digest_s": round(digest_s, 2), "mode": mode,
        }

    def _digest(self, run, count, mode, timeout):
        people = self._people(run, "digest", count)
        Notification.objects.bulk_create([
            Notification(recipient=user, type="match", title=f"A new need fits your capability {n}",
                         url="/listings/1/", channel=Channel.DAILY, key=f"bench:{run}:{n}")
            for user in people for n in range(3)
        ], batch_size=5000)
        if mode == "worker":  # the beat task's path: split into chunks, one task each
            from notifications.tasks import send_digests

            pending = Notification.objects.filter(key__startswith=f"bench:{run}:", emailed_at__isnull=True)
            started = time.perf_counter()
            send_digests.delay("daily")
            deadline = time.monotonic() + timeout
            while pending.exists():
                if time.monotonic() > deadline:
                    raise CommandError("timed out waiting for the digest")
                time.sleep(0.1)
            return time.perf_counter() - started, len(people)
        ids = [i for i in digest_recipient_ids(frequency="daily") if i >= people[0].pk]
        from django.core.mail import get_connection

        mail = get_connection()
        started = time.perf_counter()
        sent = 0
        for start in range(0, len(ids), 500):
            sent += digests_send(frequency="daily", recipient_ids=ids[start:start + 500], connection=mail)
        return time.perf_counter() - started, sent

    def _cleanup(self, run, first_event):
        User.objects.filter(email__endswith=f"@{run}.bench.example").delete()
        Organisation.objects.filter(slug__startswith=f"bench-{run}-").delete()
        OutboxEvent.objects.filter(id__gte=first_event, payload__has_key="need_id").delete()
        OutboxEvent.objects.filter(id__gte=first_event, type="listing.published").delete()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
