"""Bulk import: up to 500 listings in one request, each row validated and written in its own transaction
(all or nothing per row). A row whose external_id names an existing listing of the organisation updates it."""
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, PermissionDeniedError
from marketplace.models import Listing
from marketplace.revisions import pending_revision
from marketplace.selectors import listing_editable_organisations
from marketplace.services import listing_submit, listing_update

from ..exceptions import _flatten
from ..serializers.listings import ListingUpdateSerializer, ListingWriteSerializer
from .listings import api_listing_create, resolve_organisation

MAX_ROWS = 500


def _row_errors(error):
    if isinstance(error, ApplicationError):
        return {error.field or "non_field_errors": [str(error.message)]}
    if hasattr(error, "message_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"non_field_errors": [str(m) for m in getattr(error, "messages", [error])]}


def listings_bulk_import(*, user, credential, rows, submit=False):
    from django.core.exceptions import ValidationError as DjangoValidationError

    if len(rows) > MAX_ROWS:
        raise ApplicationError(_("Send at most %(n)s listings per request.") % {"n": MAX_ROWS}, field="listings")
    results = []
    for index, row in enumerate(rows):
        result = {"index": index, "status": "error", "id": None, "external_id": "", "errors": {},
                  "pending_review": False}
        if isinstance(row, dict):
            result["external_id"] = str(row.get("external_id") or "")[:120]
        try:
            with transaction.atomic():
                listing, created = _import_row(user, credential, row, submit)
        except (ApplicationError, DjangoValidationError) as error:
            result["errors"] = _row_errors(error)
        except _RowInvalid as error:
            result["errors"] = error.errors
        else:
            revision = None if created else pending_revision(listing)
            result.update(status="created" if created else "updated", id=listing.pk, errors={},
                          pending_review=revision is not None and bool(set(row) & set(revision.changes)))
        results.append(result)
    counts = {status: sum(1 for r in results if r["status"] == status) for status in ("created", "updated", "error")}
    return {"created": counts["created"], "updated": counts["updated"], "failed": counts["error"],
            "results": results}


class _RowInvalid(Exception):
    def __init__(self, errors):
        super().__init__("invalid row")
        self.errors = errors


def _existing(user, credential, row):
    external_id = row.get("external_id") if isinstance(row, dict) else None
    if not external_id or not isinstance(external_id, str):
        return None
    organisation_id = row.get("organisation") if isinstance(row.get("organisation"), int) else None
    organisation = resolve_organisation(user=user, credential=credential, organisation_id=organisation_id)
    # Rights first, then the lookup: otherwise the answer would tell an outsider whether another organisation
    # has a listing with this external id (an update and a create fail differently).
    if not listing_editable_organisations(user=user).filter(pk=organisation.pk).exists():
        raise PermissionDeniedError(_("Only editors and owners of this organisation may change its listings."))
    return Listing.objects.filter(organisation=organisation, external_id=external_id).exclude(
        status=Listing.Status.CLOSED).order_by("-pk").first()


def _import_row(user, credential, row, submit):
    if not isinstance(row, dict):
        raise _RowInvalid({"non_field_errors": [_("Each row must be a JSON object.")]})
    existing = _existing(user, credential, row)
    if existing is not None:
        data = {k: v for k, v in row.items() if k not in {"organisation", "kind"}}
        serializer = ListingUpdateSerializer(data=data, partial=True)
        if not serializer.is_valid():
            raise _RowInvalid(_flatten(serializer.errors))
        listing = listing_update(user=user, listing=existing, **serializer.validated_data)
        created = False
    else:
        serializer = ListingWriteSerializer(data=row)
        if not serializer.is_valid():
            raise _RowInvalid(_flatten(serializer.errors))
        listing = api_listing_create(user=user, credential=credential, data=serializer.validated_data)
        created = True
    if submit and listing.status in {Listing.Status.DRAFT, Listing.Status.REJECTED}:
        listing = listing_submit(user=user, listing=listing)
    return listing, created
