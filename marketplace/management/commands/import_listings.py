"""Import listings from a JSONL or CSV file, one transaction per row, with a progress bar and a report.

Each imported listing records its event like any other (marketplace.services.listing_import), so derived data
(search index, notifications) follows; after a very large import, `search_reindex` rebuilds the index in one go."""
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.models import Organisation, User
from core.exceptions import ApplicationError
from marketplace import importing
from marketplace.models import Listing
from marketplace.services import listing_import

MAX_REPORTED_REJECTIONS = 200


def _reason(error):
    if isinstance(error, ValidationError):
        if hasattr(error, "message_dict"):
            return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        return " ".join(error.messages)
    if isinstance(error, ApplicationError):
        return error.message
    return str(error)


class Command(BaseCommand):
    help = (
        "Import listings of one kind for one organisation from a JSONL or CSV file. The shapes of the shared "
        "CSL papers and EU funding topics are recognised; --map field=column overrides or adds columns. "
        f"EU budgets are converted to CNY at a fixed rate (--eur-cny-rate, default {importing.DEFAULT_EUR_CNY_RATE})."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=Listing.Kind.values)
        parser.add_argument("--organisation", required=True, help="slug of the organisation that owns the listings")
        parser.add_argument("--format", choices=["jsonl", "csv"], help="default: from the file extension")
        parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                            help=f"listing field from a column; fields: {', '.join(importing.TARGET_FIELDS)}")
        parser.add_argument("--status", choices=["draft", "published"], default="draft",
                            help="published listings whose deadline has passed are stored as expired")
        parser.add_argument("--dry-run", action="store_true", help="validate every row, write nothing")
        parser.add_argument("--currency", choices=["CNY", "EUR"], help="currency of the budget columns")
        parser.add_argument("--eur-cny-rate", default=str(importing.DEFAULT_EUR_CNY_RATE))
        parser.add_argument("--actor", help="e-mail of the user recorded as creator (default: none, the system)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        fmt = options["format"] or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
        try:
            organisation = Organisation.objects.get(slug=options["organisation"])
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation with slug {options['organisation']!r}") from None
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user {options['actor']!r}")
        try:
            overrides = importing.parse_map_arguments(options["map"])
            rate = Decimal(options["eur_cny_rate"])
        except (ValueError, InvalidOperation) as error:
            raise CommandError(str(error)) from None

        started = time.monotonic()
        kind, status, dry_run = options["kind"], options["status"], options["dry_run"]
        existing = set(
            Listing.objects.filter(organisation=organisation, kind=kind).exclude(external_id="")
            .values_list("external_id", flat=True)
        )
        taxonomy = importing.load_taxonomy_slugs()
        read = 0
        by_status = {}
        skipped = []
        rejected = []
        import_options = None

        rows = importing.read_rows(path, fmt)
        progress = tqdm(rows, total=importing.count_lines(path), unit="row", file=sys.stderr,
                        disable=options["no_progress"], desc="import")
        for line, row in progress:
            read += 1
            if isinstance(row, importing.RowError):
                rejected.append((line, str(row)))
                continue
            if import_options is None:
                shape = importing.detect_shape(row)
                mapping = importing.default_mapping(shape) | overrides
                import_options = importing.ImportOptions(
                    mapping=mapping,
                    currency=options["currency"] or (importing.SHAPES[shape]["currency"] if shape else "CNY"),
                    eur_cny_rate=rate,
                    attribution=importing.SHAPES[shape]["attribution"] if shape else "",
                    taxonomy=taxonomy,
                )
                self.stderr.write(f"shape: {shape or 'generic'}; mapping: "
                                  + ", ".join(f"{k}<-{v}" for k, v in mapping.items()))
            try:
                data = importing.row_to_data(row, import_options)
                if data.get("external_id") and data["external_id"] in existing:
                    skipped.append((line, data["external_id"]))
                    continue
                listing = listing_import(organisation=organisation, kind=kind, data=data, status=status,
                                         actor=actor, dry_run=dry_run)
            except (importing.RowError, ApplicationError, ValidationError) as error:
                rejected.append((line, _reason(error)))
                continue
            if data.get("external_id"):
                existing.add(data["external_id"])
            by_status[listing.status] = by_status.get(listing.status, 0) + 1
        progress.close()
        self._report(path, read, by_status, skipped, rejected, time.monotonic() - started, dry_run)

    def _report(self, path, read, by_status, skipped, rejected, seconds, dry_run):
        imported = sum(by_status.values())
        write = self.stdout.write
        if dry_run:
            write(self.style.WARNING("Dry run: nothing was written. Counts say what an import would do."))
        write(f"File: {path}")
        write(f"Read: {read} rows")
        detail = ", ".join(f"{status} {count}" for status, count in sorted(by_status.items()))
        write(self.style.SUCCESS(f"Imported: {imported}" + (f" ({detail})" if detail else "")))
        if skipped:
            write(f"Skipped: {len(skipped)} already imported (same external id)")
        write((self.style.ERROR if rejected else str)(f"Rejected: {len(rejected)}"))
        for line, reason in rejected[:MAX_REPORTED_REJECTIONS]:
            write(f"  line {line}: {reason}")
        if len(rejected) > MAX_REPORTED_REJECTIONS:
            write(f"  … and {len(rejected) - MAX_REPORTED_REJECTIONS} more")
        write(f"Seconds: {seconds:.1f}")
