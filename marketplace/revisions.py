"""Edits after approval: what readers see of a published listing changes only when a curator approves it.

A change to a published listing's public content (every field readers see: text, keywords, taxonomy, readiness,
IP status, budget, region, and a wider visibility) or a new file is kept as the listing's one pending
`ListingRevision`; the published version stays visible and indexed meanwhile. Operational changes apply at once:
the deadline, a narrower visibility, removing a file, closing. A curator approves the revision (its values are
applied, the index and matches follow) or rejects it with a reason the owners read (the published version stays).
Both decisions, and every proposal, are in the audit log."""
import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_curator_of
from core.audit import audit_record
from core.exceptions import ApplicationError

from .models import Listing, ListingRevision

S = Listing.Status
R = ListingRevision.Status
V = Listing.Visibility

IMMEDIATE_FIELDS = {"deadline", "external_id"}  # plus `visibility` when it narrows the audience
M2M_FIELDS = ("sectors", "technologies", "collaboration_types")
REVIEWED_FIELDS = (
    "title", "summary", "title_alt", "summary_alt", "description", "keywords",
    *M2M_FIELDS, "trl_min", "trl_max", "ip_status", "budget_min",
    "budget_max", "province", "city", "metro_area", "remote_ok", "visibility",
)
AUDIENCE_WIDTH = {V.PUBLIC: 3, V.MEMBERS: 2, V.VERIFIED: 1}


def pending_revision(listing, *, lock=False):
    revisions = ListingRevision.objects.filter(listing=listing, status=R.PENDING)
    return (revisions.select_for_update() if lock else revisions).first()


def _published_value(listing, field):
    if field in M2M_FIELDS:
        return sorted(getattr(listing, field).values_list("pk", flat=True))
    return getattr(listing, field)


def proposed_listing(listing, revision):
    """(an unsaved copy of the listing with the revision's values, {taxonomy field: [ids]}): what the listing
    would be once approved, for the edit form and for validating further changes."""
    candidate = copy.copy(listing)
    m2m = {field: _published_value(listing, field) for field in M2M_FIELDS}
    for field, value in (revision.changes if revision else {}).items():
        if field in M2M_FIELDS:
            m2m[field] = list(value)
        else:
            setattr(candidate, field, value)
    return candidate, m2m


@transaction.atomic
def listing_revision_propose(*, user, listing, data, keep_empty=False):
    """Apply the operational part of `data` to the published listing at once and keep the rest as its pending
    revision (one per listing: later edits update it, edits back to the published values drop out of it).
    Returns the pending revision, or None when nothing awaits review. `keep_empty` keeps (or opens) the revision
    without changed fields, for a new file."""
    from .services import _checked, _record, _validate

    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    revision = pending_revision(listing, lock=True)
    candidate, m2m = proposed_listing(listing, revision)
    m2m.update(_checked(candidate, data))

    immediate = {field for field in IMMEDIATE_FIELDS if field in data}
    if "visibility" in data and AUDIENCE_WIDTH[candidate.visibility] < AUDIENCE_WIDTH[listing.visibility]:
        immediate.add("visibility")
    changed_now = [field for field in sorted(immediate) if getattr(candidate, field) != getattr(listing, field)]
    if changed_now:
        for field in changed_now:
            setattr(listing, field, getattr(candidate, field))
        listing.save(update_fields=[*changed_now, "updated_at"])
        audit_record(actor=user, action="listing.update", target=listing, data={"fields": changed_now})
        _record(listing, "updated", user)

    published = copy.copy(listing)
    _validate(published)  # compared as the rules would store it, so that a normalisation is no change
    changes = {}
    for field in REVIEWED_FIELDS:
        value = m2m[field] if field in M2M_FIELDS else getattr(candidate, field)
        if value != _published_value(published, field):
            changes[field] = value
    if not changes and not keep_empty and (revision is None or not revision.attachments.exists()):
        if revision is not None:
            revision.delete()  # edited back to what is published: nothing to review
        return None
    if revision is not None and revision.changes == changes:
        return revision
    if revision is None:
        revision = ListingRevision.objects.create(listing=listing, changes=changes, proposed_by=user)
        _record(listing, "revision_submitted", user, revision_id=revision.pk)
    else:
        revision.changes, revision.proposed_by = changes, user
        revision.save(update_fields=["changes", "proposed_by", "updated_at"])
    audit_record(actor=user, action="listing.revision_propose", target=listing,
                 data={"revision": revision.pk, "fields": sorted(changes)})
    return revision


def _decide(user, revision):
    revision = ListingRevision.objects.select_for_update().select_related("listing__organisation").get(pk=revision.pk)
    require_curator_of(user, revision.listing.organisation)
    if revision.status != R.PENDING:
        raise ApplicationError(_("These changes were already reviewed."))
    return revision


def _apply_revision(listing, revision):
    from .services import _save

    _save(listing, revision.changes)
    revision.attachments.update(revision=None)


@transaction.atomic
def listing_revision_approve(*, user, revision):
    """Publish the revision's values and files; the index and matches follow its event."""
    from .services import _record

    revision = _decide(user, revision)
    listing = Listing.objects.select_for_update().get(pk=revision.listing_id)
    if listing.status != S.PUBLISHED:
        raise ApplicationError(_("Only changes to a published listing can be approved."))
    _apply_revision(listing, revision)
    revision.status, revision.decided_by, revision.decided_at = R.APPROVED, user, timezone.now()
    revision.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(actor=user, action="listing.revision_approve", target=listing,
                 data={"revision": revision.pk, "fields": sorted(revision.changes)})
    _record(listing, "revision_approved", user, revision_id=revision.pk)
    return listing


def _delete_files(attachments):
    for attachment in list(attachments):
        storage, stored = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda storage=storage, stored=stored: storage.delete(stored))


@transaction.atomic
def listing_revision_reject(*, user, revision, reason):
    """Keep the published version; drop the proposed values and files; tell the owners why."""
    from .services import _record

    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the changes are rejected; the owner will read it."), field="reason")
    revision = _decide(user, revision)
    _delete_files(revision.attachments.all())
    revision.status, revision.rejection_reason = R.REJECTED, reason
    revision.decided_by, revision.decided_at = user, timezone.now()
    revision.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at", "updated_at"])
    audit_record(actor=user, action="listing.revision_reject", target=revision.listing, reason=reason,
                 data={"revision": revision.pk, "fields": sorted(revision.changes)})
    _record(revision.listing, "revision_rejected", user, revision_id=revision.pk, reason=reason)
    return revision


def listing_revision_settle(*, listing, to_status):
    """A listing leaving "published" keeps no pending revision. Closed is final: the proposal is dropped. Expired
    is seen by nobody else and goes through full review when resubmitted: the proposal becomes the listing."""
    revision = pending_revision(listing, lock=True)
    if revision is None:
        return
    if to_status == S.EXPIRED:
        try:
            _apply_revision(listing, revision)
        except (ApplicationError, ValidationError):  # no longer valid (e.g. rules changed): dropped instead
            _delete_files(revision.attachments.all())
        revision.delete()
    else:
        _delete_files(revision.attachments.all())
        revision.delete()
