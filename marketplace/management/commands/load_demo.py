"""Load the demo data (marketplace/fixtures_data/demo.json). Idempotent: running it again updates the same rows.

Listings are written through the marketplace services, as their organisation and the curator would: created,
submitted, published (or rejected, closed) and featured, with the audit entries and events that follow; then
their publication is dated back over the past year, as demo_history does with interests. demo_events adds two
matchmaking events through the events services: one held three weeks ago, one open for registration. The
notifications of that past are left read, but for what still waits for the demo accounts
(settle_seeded_notifications)."""
import datetime
import hashlib
import json
from pathlib import Path

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from collaboration.models import Interest
from events.models import Event
from insights.services import insights_refresh
from marketplace.app_settings import app_settings
from marketplace.demo_events import demo_event_titles, load_events
from marketplace.demo_history import load_history, team_user
from marketplace.models import CollaborationType, Listing, Sector, Technology
from marketplace.services import (
    listing_close,
    listing_create,
    listing_publish,
    listing_reject,
    listing_set_featured,
    listing_submit,
    listing_update,
    listings_expire,
)
from marketplace.taxonomy import load_taxonomy
from notifications.handlers import MODERATION_LISTINGS, MODERATION_ORGANISATIONS
from notifications.models import Notification

DEMO_FILE = Path(__file__).resolve().parents[2] / "fixtures_data" / "demo.json"
S = Listing.Status
CONTENT_FIELDS = (
    "title", "summary", "description", "keywords", "trl_min", "trl_max", "ip_status", "budget_min", "budget_max",
    "province", "city", "metro_area", "remote_ok",
)
ORGANISATION_FIELDS = ("kind", "name_zh", "name_en", "province", "city", "metro_area", "description", "website")


def demo_external_id(spec):
    digest = hashlib.sha1(f"{spec['org']}\n{spec['title']}".encode()).hexdigest()[:16]
    return f"demo-{digest}"


def settle_seeded_notifications(*, since):
    """The seeded year is history the demo accounts lived through: what it told them is read, as a year of use
    leaves it. What still waits for them stays unread, and real rules keep it true: an interest awaiting their
    reply (read once answered) and the curators' queues (read once empty)."""
    waiting = Q(key__startswith="interest:") | Q(key__in=[MODERATION_LISTINGS, MODERATION_ORGANISATIONS])
    return (Notification.objects.filter(created_at__gte=since, read_at__isnull=True).exclude(waiting)
            .update(read_at=timezone.now()))


class Command(BaseCommand):
    help = "Load (or refresh) the demo organisations, accounts and listings; prints the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEMO_FILE))

    def handle(self, *args, **options):
        # The demo staff account's password is printed in the repository: never on a real site.
        if not app_settings.LOAD_DEMO_ALLOWED:
            raise CommandError(
                "load_demo refuses to run with these settings (LOAD_DEMO_ALLOWED is off, as in "
                "config.settings.production): the demo accounts' passwords are public.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No demo data at {path}")
        data = json.loads(path.read_text(encoding="utf-8"))
        load_taxonomy(sector_model=Sector, technology_model=Technology)
        started = timezone.now()
        # The seeded events still become in-app notifications; their e-mails would bury this command's report.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            with transaction.atomic():
                organisations = self._load(data)
            # Listings whose deadline has passed end as the daily sweep leaves them: expired, not published.
            listings_expire()
            # Matching ran when that transaction committed, so interests can now follow the matches.
            with transaction.atomic():
                load_history()
            # A brokerage day held three weeks ago and one open for registration, through the events services.
            load_events()
        settle_seeded_notifications(since=started)
        # The insights pages read stored figures: compute them now rather than on the first visit.
        insights_refresh()
        counts = {
            "organisations": Organisation.objects.filter(slug__in=organisations).count(),
            "listings": Listing.objects.filter(external_id__startswith="demo-").count(),
            "published": Listing.objects.filter(external_id__startswith="demo-", status=S.PUBLISHED).count(),
            "interests": Interest.objects.filter(listing__external_id__startswith="demo-").count(),
            "events": Event.objects.filter(title_zh__in=demo_event_titles()).count(),
        }
        self.stdout.write(self.style.SUCCESS(
            "Demo data loaded: {organisations} organisations, {listings} listings ({published} published), "
            "{interests} interests, {events} matchmaking events.".format(**counts)
        ))
        self.stdout.write("Demo accounts (demo-only passwords, never use them elsewhere):")
        for spec in data.get("users", []):
            role = "staff / curator" if spec.get("staff") else f"{spec.get('role', '')} @ {spec.get('org', '')}"
            self.stdout.write(f"  {spec['email']:<28} {spec['password']:<24} {spec.get('name', '')} ({role})")

    def _load(self, data):
        organisations = {spec["slug"]: self._organisation(spec) for spec in data.get("organisations", [])}
        users = [self._user(spec, organisations) for spec in data.get("users", [])]
        curator = next((user for user in users if user.is_staff), None)
        listings = data.get("listings", [])
        now = timezone.now()
        for index, spec in enumerate(listings):
            # Spread publication over the past year, newest last in the file, so that the insights have months
            # of history and "latest" looks lived-in.
            age = datetime.timedelta(hours=72 * (len(listings) - index))
            self._listing(spec, organisations, curator, now - age)
        return organisations

    def _organisation(self, spec):
        defaults = {name: spec.get(name) or "" for name in ORGANISATION_FIELDS}
        verification = spec.get("verification") or Organisation.Verification.UNVERIFIED
        defaults["verification"] = verification
        organisation, _ = Organisation.objects.update_or_create(slug=spec["slug"], defaults=defaults)
        changed = []
        if verification == Organisation.Verification.VERIFIED and not organisation.verified_at:
            organisation.verified_at = timezone.now()
            changed.append("verified_at")
        if verification in {Organisation.Verification.PENDING, Organisation.Verification.VERIFIED} and \
                not organisation.verification_requested_at:
            organisation.verification_requested_at = timezone.now()
            changed.append("verification_requested_at")
        if changed:
            organisation.save(update_fields=changed)
        return organisation

    def _user(self, spec, organisations):
        email = spec["email"].lower()
        user = User.objects.filter(email=email).first() or User(email=email)
        user.display_name = spec.get("name") or user.display_name
        user.is_staff = bool(spec.get("staff"))
        user.language = spec.get("language") or user.language
        user.set_password(spec["password"])
        user.save()
        # allauth requires a verified address to sign in.
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        memberships = list(spec.get("memberships", []))
        if spec.get("org"):
            memberships.append({"org": spec["org"], "role": spec.get("role") or Membership.Role.OWNER})
        for membership in memberships:
            organisation = organisations.get(membership["org"]) or Organisation.objects.get(slug=membership["org"])
            Membership.objects.update_or_create(user=user, organisation=organisation,
                                                defaults={"role": membership["role"]})
        return user

    def _listing(self, spec, organisations, curator, published_at):
        organisation = organisations.get(spec["org"]) or Organisation.objects.get(slug=spec["org"])
        author = team_user(organisation)
        content = {name: spec[name] if spec[name] is not None or name.startswith("budget") else ""
                   for name in CONTENT_FIELDS if name in spec}
        content["visibility"] = spec.get("visibility") or Listing.Visibility.PUBLIC
        for field, model in (("sectors", Sector), ("technologies", Technology),
                             ("collaboration_types", CollaborationType)):
            content[field] = model.objects.filter(slug__in=spec.get(field, []))
        days = spec.get("deadline_days")
        deadline = timezone.localdate() + datetime.timedelta(days=days) if days is not None else None
        external_id = demo_external_id(spec)
        listing = Listing.objects.filter(organisation=organisation, external_id=external_id).first()
        if listing is None:
            # A deadline already past is set once published (nothing past is submitted): the daily sweep expires it.
            listing = listing_create(user=author, organisation=organisation, kind=spec["kind"], external_id=external_id,
                                     deadline=deadline if days is None or days >= 0 else None, **content)
            self._workflow(listing, spec, author, curator, published_at)
        if listing.status != S.CLOSED:
            listing_update(user=author, listing=listing, deadline=deadline, **content)
        return listing

    def _workflow(self, listing, spec, author, curator, published_at):
        """Through the services, as its organisation and the curator would; then dated back."""
        status = spec.get("status") or S.DRAFT
        if status == S.DRAFT:
            return
        listing_submit(user=author, listing=listing)
        if status in {S.PUBLISHED, S.CLOSED}:
            listing_publish(user=curator, listing=listing)
            if spec.get("featured") and status == S.PUBLISHED:
                listing_set_featured(user=curator, listing=listing, featured=True)
        elif status == S.REJECTED:
            listing_reject(user=curator, listing=listing, reason=spec.get("rejection_reason") or "—")
        if status == S.CLOSED:
            reason = spec.get("close_reason") or Listing.CloseReason.FULFILLED
            listing_close(user=author, listing=listing, reason=reason)
        published = status in {S.PUBLISHED, S.CLOSED}
        Listing.objects.filter(pk=listing.pk).update(
            submitted_at=published_at - datetime.timedelta(hours=20), published_at=published_at if published else None,
            closed_at=published_at if status == S.CLOSED else None)
        listing.refresh_from_db()
