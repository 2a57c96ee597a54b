"""Load the demo data (marketplace/fixtures_data/demo.json). Idempotent: running it again updates the same rows.

Published listings end as the workflow would leave them (submitted and published timestamps, the curator's
audit entries, `listing_changed` sent so that derived data follows)."""
import datetime
import hashlib
import json
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from collaboration.models import Interest
from core.audit import audit_record
from core.models import AuditEntry
from insights.services import insights_refresh
from marketplace.demo_history import load_history
from marketplace.models import CollaborationType, Listing, Sector, Technology
from marketplace.signals import listing_changed
from marketplace.taxonomy import load_taxonomy

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


class Command(BaseCommand):
    help = "Load (or refresh) the demo organisations, accounts and listings; prints the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEMO_FILE))

    def handle(self, *args, **options):
        # The demo staff account's password is printed in the repository: never on a real site.
        if not settings.LOAD_DEMO_ALLOWED:
            raise CommandError(
                "load_demo refuses to run with these settings (LOAD_DEMO_ALLOWED is off, as in "
                "config.settings.production): the demo accounts' passwords are public.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No demo data at {path}")
        data = json.loads(path.read_text(encoding="utf-8"))
        load_taxonomy(sector_model=Sector, technology_model=Technology)
        # The seeded events still become in-app notifications; their e-mails would bury this command's report.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            with transaction.atomic():
                organisations = self._load(data)
            # Matching ran when that transaction committed, so interests can now follow the matches.
            with transaction.atomic():
                load_history()
        # The insights pages read stored figures: compute them now rather than on the first visit.
        insights_refresh()
        counts = {
            "organisations": Organisation.objects.filter(slug__in=organisations).count(),
            "listings": Listing.objects.filter(external_id__startswith="demo-").count(),
            "published": Listing.objects.filter(external_id__startswith="demo-", status=S.PUBLISHED).count(),
            "interests": Interest.objects.filter(listing__external_id__startswith="demo-").count(),
        }
        self.stdout.write(self.style.SUCCESS(
            "Demo data loaded: {organisations} organisations, {listings} listings ({published} published), "
            "{interests} interests.".format(
                **counts)
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
        user.name = spec.get("name", "")
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
        external_id = demo_external_id(spec)
        listing = Listing.objects.filter(organisation=organisation, external_id=external_id).first()
        created = listing is None
        if created:
            listing = Listing(organisation=organisation, external_id=external_id, kind=spec["kind"])
        for name in CONTENT_FIELDS:
            if name in spec:
                setattr(listing, name, spec[name] if spec[name] is not None or name.startswith("budget") else "")
        if listing.kind == Listing.Kind.CAPABILITY:
            listing.trl_max = listing.trl_min
        days = spec.get("deadline_days")
        listing.deadline = timezone.localdate() + datetime.timedelta(days=days) if days is not None else None
        listing.visibility = spec.get("visibility") or Listing.Visibility.PUBLIC
        status = spec.get("status") or S.DRAFT
        listing.status = status
        listing.featured = bool(spec.get("featured")) and status == S.PUBLISHED
        listing.rejection_reason = spec.get("rejection_reason", "") if status == S.REJECTED else ""
        listing.close_reason = spec.get("close_reason", "") if status == S.CLOSED else ""
        if status in {S.SUBMITTED, S.PUBLISHED, S.REJECTED, S.CLOSED, S.EXPIRED}:
            listing.submitted_at = listing.submitted_at or published_at - datetime.timedelta(hours=20)
        else:
            listing.submitted_at = None
        if status in {S.PUBLISHED, S.CLOSED, S.EXPIRED}:
            listing.published_at = listing.published_at or published_at
        else:
            listing.published_at = None
        listing.closed_at = (listing.closed_at or published_at) if status == S.CLOSED else None
        listing.full_clean(exclude=["organisation", "sectors", "technologies", "collaboration_types"])
        listing.save()
        listing.sectors.set(Sector.objects.filter(slug__in=spec.get("sectors", [])))
        listing.technologies.set(Technology.objects.filter(slug__in=spec.get("technologies", [])))
        listing.collaboration_types.set(CollaborationType.objects.filter(slug__in=spec.get("collaboration_types", [])))
        if created:
            self._audit_trail(listing, curator)
        # One event per listing (receivers re-read the row); "published" lets alerts and matching follow.
        if created and status == S.PUBLISHED:
            listing_changed.send(sender=Listing, listing=listing, action="published", actor=curator)
        else:
            listing_changed.send(sender=Listing, listing=listing, action="created" if created else "updated",
                                 actor=None)
        return listing

    def _audit_trail(self, listing, curator):
        """The audit entries the services would have written on the way to this status."""
        if AuditEntry.objects.filter(target_type="marketplace.listing", target_id=listing.pk).exists():
            return
        if listing.submitted_at:
            audit_record(actor=None, action="listing.submit", target=listing)
        if listing.status in {S.PUBLISHED, S.CLOSED, S.EXPIRED}:
            audit_record(actor=curator, action="listing.approve", target=listing)
        if listing.status == S.REJECTED:
            audit_record(actor=curator, action="listing.reject", target=listing, reason=listing.rejection_reason)
        if listing.featured:
            audit_record(actor=curator, action="listing.feature", target=listing)
