"""Writes to listings. Every state change goes through here: it checks the actor's rights and the workflow,
writes the audit entry and sends `listing_changed` inside the same transaction."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_acting_member, require_curator_of
from core.audit import audit_record
from core.exceptions import ApplicationError

from .models import Listing
from .revisions import listing_revision_propose, listing_revision_settle
from .signals import listing_changed

S = Listing.Status

# Legal transitions: from-status -> allowed to-statuses.
TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.CLOSED},
    S.SUBMITTED: {S.PUBLISHED, S.REJECTED, S.DRAFT, S.CLOSED},
    S.REJECTED: {S.DRAFT, S.SUBMITTED, S.CLOSED},
    S.PUBLISHED: {S.CLOSED, S.EXPIRED},
    S.EXPIRED: {S.CLOSED, S.SUBMITTED},
    S.CLOSED: set(),
}

EDITABLE_FIELDS = {
    "title", "summary", "description", "keywords", "trl_min", "trl_max", "ip_status", "budget_min",
    "budget_max", "province", "city", "metro_area", "remote_ok", "deadline", "visibility",
}
M2M_FIELDS = {"sectors", "technologies", "collaboration_types"}


def _require_editor(user, organisation):
    # Staff moderate (publish, reject, feature) but do not write other organisations' listings.
    require_acting_member(user, organisation,
                          _("Only editors and owners of this organisation may change its listings."))


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


@transaction.atomic
def listing_create(*, user, organisation, kind, **data):
    _require_editor(user, organisation)
    listing = Listing(organisation=organisation, kind=kind, created_by=user if user and user.pk else None)
    m2m = _apply(listing, data)
    _validate(listing)
    listing.full_clean(exclude=["sectors", "technologies", "collaboration_types"])
    listing.save()
    for field, value in m2m.items():
        getattr(listing, field).set(value)
    listing_changed.send(sender=Listing, listing=listing, action="created", actor=user)
    return listing


@transaction.atomic
def listing_update(*, user, listing, **data):
    """Change a listing. A published one keeps what readers see until a curator approves the change: see
    `revisions` (`revisions.pending_revision(listing)` says what awaits review)."""
    _require_editor(user, listing.organisation)
    if listing.status == S.CLOSED:
        raise ApplicationError(_("A closed listing can no longer be edited."))
    if listing.status == S.PUBLISHED:
        listing_revision_propose(user=user, listing=listing, data=data)
        listing.refresh_from_db()
        return listing
    m2m = _apply(listing, data)
    _validate(listing)
    listing.full_clean(exclude=["sectors", "technologies", "collaboration_types"])
    listing.save()
    for field, value in m2m.items():
        getattr(listing, field).set(value)
    listing_changed.send(sender=Listing, listing=listing, action="updated", actor=user)
    return listing


@transaction.atomic
def listing_submit(*, user, listing):
    _require_editor(user, listing.organisation)
    if listing.is_expired_now:
        raise ApplicationError(_("Set a deadline in the future before submitting."), field="deadline")
    _move(listing, S.SUBMITTED)
    listing.submitted_at = timezone.now()
    listing.rejection_reason = ""
    listing.save()
    audit_record(actor=user, action="listing.submit", target=listing)
    listing_changed.send(sender=Listing, listing=listing, action="submitted", actor=user)
    return listing


@transaction.atomic
def listing_withdraw_submission(*, user, listing):
    """Back to draft, so that the owner can keep editing before review."""
    _require_editor(user, listing.organisation)
    if listing.status != S.SUBMITTED:
        raise ApplicationError(_("Only a listing awaiting review can be taken back to draft."))
    _move(listing, S.DRAFT)
    listing.save()
    audit_record(actor=user, action="listing.unsubmit", target=listing)
    listing_changed.send(sender=Listing, listing=listing, action="updated", actor=user)
    return listing


@transaction.atomic
def listing_publish(*, user, listing):
    require_curator_of(user, listing.organisation)
    _move(listing, S.PUBLISHED)
    listing.published_at = timezone.now()
    listing.rejection_reason = ""
    listing.save()
    audit_record(actor=user, action="listing.approve", target=listing)
    listing_changed.send(sender=Listing, listing=listing, action="published", actor=user)
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
    listing_changed.send(sender=Listing, listing=listing, action="rejected", actor=user)
    return listing


@transaction.atomic
def listing_close(*, user, listing, reason):
    _require_editor(user, listing.organisation)
    if reason not in Listing.CloseReason.values:
        raise ApplicationError(_("Choose why the listing is closed."), field="reason")
    _move(listing, S.CLOSED)
    listing_revision_settle(listing=listing, to_status=S.CLOSED)
    listing.close_reason = reason
    listing.closed_at = timezone.now()
    listing.featured = False
    listing.save()
    audit_record(actor=user, action="listing.close", target=listing, reason=reason)
    listing_changed.send(sender=Listing, listing=listing, action="closed", actor=user)
    return listing


@transaction.atomic
def listing_set_featured(*, user, listing, featured):
    require_curator_of(user, listing.organisation)
    if featured and listing.status != S.PUBLISHED:
        raise ApplicationError(_("Only published listings can be featured."))
    listing.featured = featured
    listing.save(update_fields=["featured", "updated_at"])
    audit_record(actor=user, action="listing.feature" if featured else "listing.unfeature", target=listing)
    listing_changed.send(sender=Listing, listing=listing, action="featured" if featured else "unfeatured", actor=user)
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
            listing_changed.send(sender=Listing, listing=listing, action="expired", actor=None)
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

    _require_editor(user, listing.organisation)
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
    _require_editor(user, listing.organisation)
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
    (draft or published) with the same fields, audit and signals the web workflow would leave. A published
    listing whose deadline has already passed ends as expired, as the daily sweep would leave it.
    With dry_run, validate only and return the unsaved listing. Raises ApplicationError or ValidationError."""
    if status not in {S.DRAFT, S.PUBLISHED}:
        raise ApplicationError(_("Imported listings start as drafts or published."), field="status")
    data = dict(data)
    listing = Listing(
        organisation=organisation, kind=kind, created_by=actor, external_id=data.pop("external_id", "") or ""
    )
    m2m = _apply(listing, data)
    _validate(listing)
    listing.full_clean(exclude=["organisation", "sectors", "technologies", "collaboration_types"])
    if status == S.PUBLISHED:
        now = timezone.now()
        listing.status = S.PUBLISHED
        listing.submitted_at = listing.published_at = now
        if listing.deadline and listing.deadline < (today or timezone.localdate()):
            listing.status = S.EXPIRED
    if dry_run:
        return listing
    listing.save()
    for field, value in m2m.items():
        getattr(listing, field).set(value)
    audit_record(actor=actor, action="listing.import", target=listing, data={"status": listing.status})
    # One event per row: receivers re-read the row, and each event costs a sync (index + matches).
    action = "published" if listing.status == S.PUBLISHED else "created"
    listing_changed.send(sender=Listing, listing=listing, action=action, actor=actor)
    return listing
