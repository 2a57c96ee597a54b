"""Writes to listings: the only way a listing changes (the site, the API, the admin, imports and the demo data
all come here). Each checks the actor's rights (`permissions.listing_permissions`) and the workflow, writes the
audit entry and records the event in the outbox (core.outbox) in the same transaction; config/reactions.py says
what follows each event (notifications, alerts, webhooks, the search index)."""
import copy

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_curator_of
from core.audit import audit_record
from core.exceptions import ApplicationError, PermissionDeniedError
from core.outbox import outbox_record

from .models import Listing
from .permissions import TRANSITIONS, listing_permissions
from .revisions import M2M_FIELDS, listing_revision_propose, listing_revision_settle

S = Listing.Status

EDITABLE_FIELDS = {
    "title", "summary", "title_alt", "summary_alt", "description", "keywords",
    "trl_min", "trl_max", "ip_status", "budget_min",
    "budget_max", "province", "city", "metro_area", "remote_ok", "deadline", "visibility",
    "external_id",  # a partner's synchronisation key (API, imports); the site's forms do not set it
}


def _require_acting(user, listing):
    # Staff moderate (publish, reject, feature) but do not write other organisations' listings.
    if not listing_permissions(user, listing).act:
        raise PermissionDeniedError(_("Only editors and owners of this organisation may change its listings."))


def _record(listing, action, actor, **payload):
    """The change, in the outbox, in its transaction. `ever_published`: only listings that are or were published
    are in the search index, so the others' events cost no index work."""
    outbox_record(type=f"listing.{action}", payload={
        "listing_id": listing.pk, "actor_id": getattr(actor, "pk", None),
        "ever_published": listing.published_at is not None, **payload,
    })


def _move(listing, to_status):
    if to_status not in TRANSITIONS[listing.status]:
        raise ApplicationError(
            _("A listing cannot go from “%(from)s” to “%(to)s”.")
            % {"from": listing.get_status_display(), "to": S(to_status).label},
            field="status",
        )
    listing.status = to_status


def _validate(listing):
    if listing.trl_min > listing.trl_max:
        raise ApplicationError(_("The lowest readiness level cannot be above the highest."), field="trl_min")
    if listing.budget_min is not None and listing.budget_max is not None and listing.budget_min > listing.budget_max:
        raise ApplicationError(_("The lowest budget cannot be above the highest."), field="budget_min")
    if listing.kind == Listing.Kind.CAPABILITY:
        # A capability has one current readiness level, kept as a one-point range.
        listing.trl_max = listing.trl_min


def _apply(listing, data):
    m2m = {}
    for field, value in data.items():
        if field in M2M_FIELDS:
            m2m[field] = value
        elif field in EDITABLE_FIELDS:
            setattr(listing, field, value)
        else:
            raise ApplicationError(_("Unknown field: %(field)s") % {"field": field}, field=field)
    if "keywords" in data:
        listing.keywords = _clean_keywords(data["keywords"])
    return m2m


def _clean_keywords(value):
    if isinstance(value, str):
        value = value.replace("，", ",").replace("、", ",").split(",")
    seen, result = set(), []
    for word in value or []:
        word = str(word).strip()
        if word and word.lower() not in seen:
            seen.add(word.lower())
            result.append(word[:60])
    return result[:30]


def _term_ids(value):
    return sorted({getattr(term, "pk", term) for term in value or []})


def _checked(listing, data, *, exclude=()):
    """Apply `data` (content fields, taxonomy as terms or ids) to the listing in memory and check every rule;
    returns its taxonomy as {field: [ids]}. Nothing is written."""
    m2m = _apply(listing, data)
    _validate(listing)
    listing.full_clean(exclude=[*M2M_FIELDS, *exclude])
    return {field: _term_ids(value) for field, value in m2m.items()}


def _save(listing, data, *, exclude=()):
    """Check `data` and write it with the listing: the one way a listing's content is stored. Returns the names of
    the fields that changed; an existing listing whose values are all the same is not written at all."""
    before = {field: getattr(listing, field) for field in EDITABLE_FIELDS}
    before.update({field: _term_ids(getattr(listing, field).all()) for field in M2M_FIELDS if field in data}
                  if listing.pk else {})
    m2m = _checked(listing, data, exclude=exclude)
    after = {**{field: getattr(listing, field) for field in EDITABLE_FIELDS}, **m2m}
    changed = sorted(field for field in after if listing.pk is None or after[field] != before.get(field))
    if changed:
        _store(listing, m2m)
    return changed


def _store(listing, m2m):
    listing.save()
    for field, ids in m2m.items():
        # Terms deleted meanwhile (e.g. since a revision was proposed) are left out.
        getattr(listing, field).set(Listing._meta.get_field(field).related_model.objects.filter(pk__in=ids))


@transaction.atomic
def listing_create(*, user, organisation, kind, **data):
    listing = Listing(organisation=organisation, kind=kind, created_by=user if user and user.pk else None)
    _require_acting(user, listing)
    _save(listing, data)
    audit_record(actor=user, action="listing.create", target=listing)
    _record(listing, "created", user)
    return listing


@transaction.atomic
def listing_update(*, user, listing, **data):
    """Change a listing. A published one keeps what readers see until a curator approves the change: see
    `revisions` (`revisions.pending_revision(listing)` says what awaits review)."""
    _require_acting(user, listing)
    if listing.status == S.CLOSED:
        raise ApplicationError(_("A closed listing can no longer be edited."))
    if listing.status == S.PUBLISHED:
        listing_revision_propose(user=user, listing=listing, data=data)
        listing.refresh_from_db()
        return listing
    changed = _save(listing, data)
    if changed:
        audit_record(actor=user, action="listing.update", target=listing, data={"fields": changed})
        _record(listing, "updated", user)
    return listing


def listing_check(*, user, listing, data):
    """Raise what `listing_update` would refuse, writing nothing (for a form that shows it at the field)."""
    _require_acting(user, listing)
    if listing.status == S.CLOSED:
        raise ApplicationError(_("A closed listing can no longer be edited."))
    _checked(copy.copy(listing), data)


@transaction.atomic
def listing_submit(*, user, listing):
    _require_acting(user, listing)
    if listing.is_expired_now:
        raise ApplicationError(_("Set a deadline in the future before submitting."), field="deadline")
    _move(listing, S.SUBMITTED)
    listing.submitted_at = timezone.now()
    listing.rejection_reason = ""
    listing.save()
    audit_record(actor=user, action="listing.submit", target=listing)
    _record(listing, "submitted", user)
    return listing


@transaction.atomic
def listing_withdraw_submission(*, user, listing):
    """Back to draft, so that the owner can keep editing before review."""
    _require_acting(user, listing)
    if listing.status != S.SUBMITTED:
        raise ApplicationError(_("Only a listing awaiting review can be taken back to draft."))
    _move(listing, S.DRAFT)
    listing.save()
    audit_record(actor=user, action="listing.unsubmit", target=listing)
    _record(listing, "unsubmitted", user)
    return listing


@transaction.atomic
def listing_publish(*, user, listing):
    require_curator_of(user, listing.organisation)
    _move(listing, S.PUBLISHED)
    listing.published_at = timezone.now()
    listing.rejection_reason = ""
    listing.save()
    audit_record(actor=user, action="listing.approve", target=listing)
    _record(listing, "published", user)
    return listing


@transaction.atomic
def listing_reject(*, user, listing, reason):
    require_curator_of(user, listing.organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the listing is rejected; the owner will read it."), field="reason")
    _move(listing, S.REJECTED)
    listing.rejection_reason = reason
    listing.save()
    audit_record(actor=user, action="listing.reject", target=listing, reason=reason)
    _record(listing, "rejected", user, reason=reason)
    return listing


@transaction.atomic
def listing_close(*, user, listing, reason):
    _require_acting(user, listing)
    if reason not in Listing.CloseReason.values:
        raise ApplicationError(_("Choose why the listing is closed."), field="reason")
    _move(listing, S.CLOSED)
    listing_revision_settle(listing=listing, to_status=S.CLOSED)
    listing.close_reason = reason
    listing.closed_at = timezone.now()
    listing.featured = False
    listing.save()
    audit_record(actor=user, action="listing.close", target=listing, reason=reason)
    _record(listing, "closed", user, reason=reason)
    return listing


@transaction.atomic
def listing_set_featured(*, user, listing, featured):
    require_curator_of(user, listing.organisation)
    if featured and listing.status != S.PUBLISHED:
        raise ApplicationError(_("Only published listings can be featured."))
    listing.featured = featured
    listing.save(update_fields=["featured", "updated_at"])
    audit_record(actor=user, action="listing.feature" if featured else "listing.unfeature", target=listing)
    _record(listing, "featured" if featured else "unfeatured", user)
    return listing


def listings_expire(*, today=None):
    """Expire published listings whose deadline has passed. Idempotent; called daily by a scheduler."""
    today = today or timezone.localdate()
    expired = 0
    for listing_id in Listing.objects.filter(status=S.PUBLISHED, deadline__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            listing = Listing.objects.select_for_update().get(pk=listing_id)
            if listing.status != S.PUBLISHED:
                continue
            listing_revision_settle(listing=listing, to_status=S.EXPIRED)
            listing.status = S.EXPIRED
            listing.featured = False
            listing.save(update_fields=["status", "featured", "updated_at"])
            audit_record(actor=None, action="listing.expire", target=listing)
            _record(listing, "expired", None)
            expired += 1
    return expired


# --- Attachments ---


@transaction.atomic
def attachment_add(*, user, listing, uploaded_file):
    """Store a PDF or image for the listing. The type comes from the bytes; the stored name is ours."""
    import uuid

    from accounts.models import Organisation

    from .models import Attachment
    from .uploads import ALLOWED_TYPES, check_quota, check_upload

    _require_acting(user, listing)
    if listing.status == S.CLOSED:
        raise ApplicationError(_("A closed listing can no longer be edited."))
    mime = check_upload(uploaded_file)
    # One upload at a time per organisation, so that two at once cannot both fit under the quota.
    Organisation.objects.select_for_update().filter(pk=listing.organisation_id).first()
    check_quota(organisation=listing.organisation, listing=listing, sizes=[uploaded_file.size])
    original_name = (uploaded_file.name or "file").replace("/", "_").replace("\\", "_")[-255:]
    attachment = Attachment(
        listing=listing, original_name=original_name, content_type=mime, size=uploaded_file.size,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if listing.status == S.PUBLISHED:  # a new file is shown to others once a curator approves it
        attachment.revision = listing_revision_propose(user=user, listing=listing, data={}, keep_empty=True)
    attachment.file.save(f"{uuid.uuid4().hex}.{ALLOWED_TYPES[mime]}", uploaded_file, save=False)
    attachment.save()
    audit_record(actor=user, action="listing.attachment_add", target=listing, data={"file": original_name})
    return attachment


@transaction.atomic
def attachment_delete(*, user, attachment):
    listing = attachment.listing
    _require_acting(user, listing)
    name = attachment.original_name
    stored = attachment.file.name
    revision = attachment.revision
    attachment.delete()
    if revision is not None and not revision.changes and not revision.attachments.exists():
        revision.delete()  # the file was all there was to review
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored))
    audit_record(actor=user, action="listing.attachment_delete", target=listing, data={"file": name})


# --- Bulk loading (import command, demo data) ---


@transaction.atomic
def listing_import(*, organisation, kind, data, status=S.DRAFT, actor=None, today=None, dry_run=False):
    """Create a listing from trusted bulk data (run by an operator, not a web user) and bring it to `status`
    (draft or published) with the same fields, audit and events the web workflow would leave. A published
    listing whose deadline has already passed ends as expired, as the daily sweep would leave it.
    With dry_run, validate only and return the unsaved listing. Raises ApplicationError or ValidationError."""
    if status not in {S.DRAFT, S.PUBLISHED}:
        raise ApplicationError(_("Imported listings start as drafts or published."), field="status")
    listing = Listing(organisation=organisation, kind=kind, created_by=actor)
    m2m = _checked(listing, data, exclude=["organisation"])
    if status == S.PUBLISHED:
        now = timezone.now()
        listing.status = S.PUBLISHED
        listing.submitted_at = listing.published_at = now
        if listing.deadline and listing.deadline < (today or timezone.localdate()):
            listing.status = S.EXPIRED
    if dry_run:
        return listing
    _store(listing, m2m)
    audit_record(actor=actor, action="listing.import", target=listing, data={"status": listing.status})
    # One event per row: each costs a sync (index + matches) once published.
    _record(listing, "published" if listing.status == S.PUBLISHED else "created", actor)
    return listing
