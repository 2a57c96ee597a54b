"""benchmark_insights: the insights at scale, as JSON.

Builds (once) 100,000 listings, matches, 20,000 interests and 1,000,000 view events in a scratch PostgreSQL
database, then measures: one refresh of the stored figures (public page and every zone), the p95 of the
public page and of a zone page with those figures warm, the fold of the view counters, and view counting
throughput (the real per-view path) next to a plain Redis INCR loop measured in the same run.

    DATABASE_URL=postgres://ctx:ctx@127.0.0.1:5433/ctx_insights_bench \\
        python manage.py benchmark_insights --listings 100000 --interests 20000 --views 1000000

It refuses a database whose name does not contain "bench": it writes a lot."""
import json
import random
import statistics
import time
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import Organisation
from collaboration.models import Interest
from insights import counters
from insights.services import insights_refresh
from marketplace.models import CollaborationType, Listing, Sector, Technology
from matching.models import Match

S = Interest.State
STATES = [S.SENT] * 3 + [S.DECLINED] * 3 + [S.ACCEPTED] * 2 + [S.IN_PROGRESS] + [S.COMPLETED] * 2 + [S.ABANDONED]


def p95(samples):
    return round(statistics.quantiles(samples, n=20)[18] * 1000, 1) if len(samples) >= 20 else None


def generate_listings(count, seed=7):
    """Published listings over two years, across the zones and provinces, with sectors, technologies and
    collaboration types of the seeded taxonomy; one in five for members or verified organisations only."""
    from matching.evaluation.catalogue import PROVINCES

    rng = random.Random(seed)
    kinds = list(Organisation.Kind.values)
    organisations = Organisation.objects.bulk_create([
        Organisation(slug=f"bench-org-{n}-{rng.randrange(10**9)}", kind=kinds[n % len(kinds)],
                     name_zh=f"基准机构{n}", name_en=f"Bench organisation {n}", province=PROVINCES[n % 10][0],
                     city=PROVINCES[n % 10][1], metro_area=PROVINCES[n % 10][2]) for n in range(500)])
    sectors, technologies = list(Sector.objects.all()), list(Technology.objects.all())
    collaborations = list(CollaborationType.objects.all())
    visibilities = [Listing.Visibility.PUBLIC] * 8 + [Listing.Visibility.MEMBERS, Listing.Visibility.VERIFIED]
    now, done = timezone.now(), 0
    while done < count:
        rows = []
        for n in range(min(5000, count - done)):
            province, city, metro = rng.choice(PROVINCES)
            kind = Listing.Kind.NEED if rng.random() < 0.4 else Listing.Kind.CAPABILITY
            rows.append(Listing(
                organisation=rng.choice(organisations), kind=kind, title=f"基准{kind} {done + n}",
                summary="bench", province=province, city=city, metro_area=metro,
                visibility=rng.choice(visibilities), status=Listing.Status.PUBLISHED,
                published_at=now - timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1440)),
                external_id=f"bench-{done + n}"))
        with transaction.atomic():
            made = Listing.objects.bulk_create(rows)
            Listing.sectors.through.objects.bulk_create([
                Listing.sectors.through(listing_id=x.pk, sector_id=term.pk)
                for x in made for term in rng.sample(sectors, rng.randint(1, 2))])
            Listing.technologies.through.objects.bulk_create([
                Listing.technologies.through(listing_id=x.pk, technology_id=term.pk)
                for x in made for term in rng.sample(technologies, rng.randint(1, 3))])
            Listing.collaboration_types.through.objects.bulk_create([
                Listing.collaboration_types.through(listing_id=x.pk, collaborationtype_id=term.pk)
                for x in made for term in rng.sample(collaborations, rng.randint(1, 2))])
        done += len(rows)


class Command(BaseCommand):
    help = "Insights at scale (JSON): refresh time, page p95 with warm figures, view counting throughput."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=100_000)
        parser.add_argument("--interests", type=int, default=20_000)
        parser.add_argument("--views", type=int, default=1_000_000)
        parser.add_argument("--measured-views", type=int, default=100_000,
                            help="views recorded one by one through the real path (the rest are pipelined)")
        parser.add_argument("--requests", type=int, default=40, help="requests per page for the p95")

    def handle(self, *args, **options):
        name = connection.settings_dict["NAME"]
        if connection.vendor != "postgresql" or "bench" not in name:
            raise CommandError(f"Point DATABASE_URL at a scratch PostgreSQL database named *bench* (not {name}).")
        call_command("migrate", verbosity=0)
        built = self._build(options)
        result = {"database": name, **built, **self._counting(options), **self._refresh_and_pages(options)}
        self.stdout.write(json.dumps(result, indent=2))

    # -- data -----------------------------------------------------------------------------------------------
    def _build(self, options):
        started = time.perf_counter()
        missing = options["listings"] - Listing.objects.filter(external_id__startswith="bench-").count()
        if missing > 0:
            generate_listings(missing)
        listings = list(Listing.objects.filter(external_id__startswith="bench-").values_list(
            "pk", "kind", "organisation_id", "published_at"))
        needs = [row for row in listings if row[1] == Listing.Kind.NEED]
        capabilities = [row for row in listings if row[1] == Listing.Kind.CAPABILITY]
        rng = random.Random(11)
        if not Match.objects.exists():
            rows, seen = [], set()
            for need in needs:
                for capability in rng.sample(capabilities, 3):
                    if (need[0], capability[0]) not in seen:
                        seen.add((need[0], capability[0]))
                        rows.append(Match(need_id=need[0], capability_id=capability[0], found_by_id=need[0],
                                          score=rng.uniform(0.1, 0.9)))
            Match.objects.bulk_create(rows, batch_size=5000)
        missing = options["interests"] - Interest.objects.count()
        if missing > 0:
            organisations = list(Organisation.objects.values_list("pk", flat=True))
            rows, moments, pairs, now = [], [], set(), timezone.now()
            while len(rows) < missing:
                pk, _kind, owner, published = rng.choice(listings)
                sender = rng.choice(organisations)
                if sender == owner or (pk, sender) in pairs:
                    continue
                pairs.add((pk, sender))
                state = rng.choice(STATES)
                created = min(published + timedelta(days=rng.randint(1, 60)), now - timedelta(hours=1))
                answered = min(created + timedelta(hours=rng.randint(1, 200)), now) if state != S.SENT else None
                outcome = (min(answered + timedelta(days=rng.randint(5, 60)), now)
                           if state in {S.IN_PROGRESS, S.COMPLETED, S.ABANDONED} else None)
                reason = rng.choice(Interest.DeclineReason.values) if state == S.DECLINED else ""
                rows.append(Interest(listing_id=pk, from_organisation_id=sender, to_organisation_id=owner,
                                     message="bench", state=state, decline_reason=reason, answered_at=answered,
                                     outcome_at=outcome))
                moments.append(created)
            with transaction.atomic():
                made = Interest.objects.bulk_create(rows, batch_size=5000)
                for interest, created in zip(made, moments, strict=True):
                    interest.created_at = created
                Interest.objects.bulk_update(made, ["created_at"], batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh bulk inserts have no planner statistics yet (autovacuum would)
        return {"listings": Listing.objects.count(), "matches": Match.objects.count(),
                "interests": Interest.objects.count(), "build_s": round(time.perf_counter() - started, 1)}

    # -- view counting ----------------------------------------------------------------------------------------
    def _counting(self, options):
        client = counters.redis_client()
        client.delete(*(client.keys("insights:views:*") or ["-"]))
        listing_ids = list(Listing.objects.filter(status=Listing.Status.PUBLISHED).values_list("pk", flat=True))
        organisations = list(Organisation.objects.values_list("pk", flat=True))
        rng = random.Random(5)
        measured = min(options["measured_views"], options["views"])

        started = time.perf_counter()
        for _ in range(measured):
            client.incr("insights:bench:incr")
        incr_s = time.perf_counter() - started
        client.delete("insights:bench:incr")

        started = time.perf_counter()
        for n in range(measured):
            counters.record(listing_id=listing_ids[n % len(listing_ids)],
                            organisation_ids=[organisations[n % len(organisations)]] if n % 3 else [])
        record_s = time.perf_counter() - started

        # The rest of the million: the same keys, pipelined, so that the fold below meets a million events.
        rest = options["views"] - measured
        for start in range(0, rest, 10_000):
            pipe = client.pipeline(transaction=False)
            for _ in range(min(10_000, rest - start)):
                listing_id = rng.choice(listing_ids)
                pipe.incr(counters.count_key(listing_id))
                if rng.random() < 0.6:
                    pipe.sadd(counters.orgs_key(listing_id), rng.choice(organisations))
                pipe.sadd(counters.DIRTY, listing_id)
            pipe.execute()
        started = time.perf_counter()
        folded = counters.fold()
        fold_s = time.perf_counter() - started
        return {
            "view_events": options["views"],
            "views_per_s": round(measured / record_s),
            "redis_incr_per_s": round(measured / incr_s),
            "views_vs_incr": round((measured / record_s) / (measured / incr_s), 3),
            "fold_s": round(fold_s, 2), "listings_folded": folded,
        }

    # -- refresh and pages ------------------------------------------------------------------------------------
    def _refresh_and_pages(self, options):
        started = time.perf_counter()
        scopes = insights_refresh()
        refresh_s = time.perf_counter() - started
        client = Client()
        pages = {}
        for label, url in (("public", "/insights/"), ("zone", "/regions/yangtze_delta/")):
            client.get(url)  # warm
            samples = []
            for _ in range(options["requests"]):
                begun = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - begun)
                assert response.status_code == 200
            pages[f"{label}_page_p95_ms"] = p95(samples)
            pages[f"{label}_page_median_ms"] = round(statistics.median(samples) * 1000, 1)
        return {"refresh_s": round(refresh_s, 2), "refresh_ms_by_scope": scopes, **pages}
