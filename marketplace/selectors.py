"""Reads of listings. Visibility is decided here and nowhere else: pages, files, counts, search and the API
all start from `listings_visible_to`; everything that tells people about a listing (notifications, e-mails,
digests, saved-search alerts, webhooks) asks `readers_of` (or, for an organisation's systems,
`organisations_reading`), the same rule for many readers at once."""
from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Membership, Organisation, User
from accounts.permissions import ACTING_ROLES, is_curator
from accounts.selectors import user_in_verified_organisation

from .models import Listing
from .permissions import listing_permissions

S = Listing.Status
V = Listing.Visibility
# Curators read, besides what members read, the listings awaiting their review (accounts.permissions).
CURATOR_READS = frozenset({S.SUBMITTED})


def audience_visibilities(user):
    """The visibility levels of published listings this user may read."""
    if not getattr(user, "is_authenticated", False):
        return [V.PUBLIC]
    if is_curator(user) or user_in_verified_organisation(user=user):
        return [V.PUBLIC, V.MEMBERS, V.VERIFIED]
    return [V.PUBLIC, V.MEMBERS]


def published_visible_to(user):
    """Published listings the user may read: what browsing, search and matching show."""
    return Listing.objects.filter(status=S.PUBLISHED, visibility__in=audience_visibilities(user))


def listings_visible_to(user):
    """Every listing the user may open: published ones by visibility, plus their own organisations' listings
    in any status; curators also see the listings awaiting review (never another organisation's drafts)."""
    condition = Q(status=S.PUBLISHED, visibility__in=audience_visibilities(user))
    if getattr(user, "is_authenticated", False):
        own = Membership.objects.filter(user=user).values("organisation_id")
        condition |= Q(organisation_id__in=own)
        if is_curator(user):
            condition |= Q(status__in=CURATOR_READS)
    return Listing.objects.filter(condition)


def listing_can_view(*, user, listing):
    return listings_visible_to(user).filter(pk=listing.pk).exists()


@dataclass(frozen=True)
class _Readers:
    """Who reads a listing besides its own organisation's members, from its status and visibility alone."""

    everyone: bool  # every signed-in person (published, public or members-only)
    verified: bool  # members of verified organisations and curators (published, verified organisations only)
    curators: bool  # curators (awaiting review)


def _readers(listing):
    published = listing.status == S.PUBLISHED
    return _Readers(everyone=published and listing.visibility != V.VERIFIED,
                    verified=published and listing.visibility == V.VERIFIED,
                    curators=listing.status in CURATOR_READS)


def readers_of(listing, user_ids):
    """The subset of `user_ids` (a set) who may read `listing` now: the rule of `listings_visible_to`
    (status, visibility, their organisations' verification, their own organisation, curators) applied to many
    people at once, with no query at all when every signed-in person may read it. Every audience that names or
    quotes a listing goes through here: in-app notifications, instant e-mails and digests (checked again when
    they are sent), saved-search alerts. Whether an account is active is the delivery's business (fan-out and
    e-mails skip inactive ones). tests/marketplace/test_readers.py holds it to `listing_can_view` for every
    case."""
    ids = set(user_ids)
    readers = _readers(listing)
    if readers.everyone or not ids:
        return ids
    condition = Q(memberships__organisation_id=listing.organisation_id)
    if readers.verified:
        verified = Organisation.Verification.VERIFIED
        condition |= Q(is_staff=True) | Q(memberships__organisation__verification=verified)
    if readers.curators:
        condition |= Q(is_staff=True)
    return set(User.objects.filter(condition, pk__in=ids).values_list("pk", flat=True))


def organisations_reading(listing, organisation_ids):
    """`readers_of` for organisations acting as themselves (an API credential, a webhook subscription): the
    subset of `organisation_ids` whose members, by that membership alone, may read `listing`. Curators' oversight
    is a person's, never an organisation's."""
    ids = set(organisation_ids)
    readers = _readers(listing)
    if readers.everyone:
        return ids
    reading = ids & {listing.organisation_id}
    if readers.verified:
        reading |= set(Organisation.objects.filter(pk__in=ids, verification=Organisation.Verification.VERIFIED)
                       .values_list("pk", flat=True))
    return reading


def moderation_queue():
    return (
        Listing.objects.filter(status=S.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at")
    )


def marketplace_counts(*, user):
    """Home page figures, under the same visibility rules as everything else."""
    from django.db.models import Count

    visible = published_visible_to(user)
    by_kind = dict(visible.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    organisations = visible.values("organisation_id").distinct().count()
    return {
        "capabilities": by_kind.get(Listing.Kind.CAPABILITY, 0),
        "needs": by_kind.get(Listing.Kind.NEED, 0),
        "organisations": organisations,
    }


def listings_featured(*, user, limit=6):
    return (
        published_visible_to(user).filter(featured=True).select_related("organisation")
        .prefetch_related("sectors").order_by("-published_at")[:limit]
    )


def listings_latest(*, user, limit=6):
    return (
        published_visible_to(user).select_related("organisation").prefetch_related("sectors")
        .order_by("-published_at", "-pk")[:limit]
    )


def sectors_with_counts(*, user):
    """Sectors with the number of published listings the user may read, busiest first."""
    from django.db.models import Count

    from .models import Sector

    visible = published_visible_to(user).values("pk")
    return (
        Sector.objects.annotate(n=Count("listings", filter=Q(listings__in=visible)))
        .filter(n__gt=0)
        .order_by("-n", "position")
    )


def organisation_published_listings(*, organisation, user):
    """The organisation's published listings this viewer may read, newest first (its public page)."""
    return (published_visible_to(user).filter(organisation=organisation).select_related("organisation")
            .order_by("-published_at", "-pk"))


DASHBOARD_LISTINGS = 5  # per status; the rest behind "see all"


def organisation_listings(*, organisation, user, status=None):
    """The organisation's listings this person may open (all of them for its members), newest change first."""
    rows = listings_visible_to(user).filter(organisation=organisation)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-updated_at", "-pk")


def organisation_listing_counts(*, organisation, user):
    """[{status, label, count}] for every status, in the workflow's order."""
    from django.db.models import Count

    rows = organisation_listings(organisation=organisation, user=user)
    counts = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    return [{"status": status.value, "label": status.label, "count": counts.get(status.value, 0)}
            for status in Listing.Status]


def organisation_listings_by_status(*, organisation, user):
    """The dashboard's groups: every status with its count and its latest listings (at most DASHBOARD_LISTINGS;
    `more` says whether "see all" has more to show)."""
    groups = organisation_listing_counts(organisation=organisation, user=user)
    for group in groups:
        group["listings"] = list(organisation_listings(organisation=organisation, user=user, status=group["status"])
                                 [:DASHBOARD_LISTINGS]) if group["count"] else []
        group["more"] = group["count"] > len(group["listings"])
    return groups

def listing_editable_organisations(*, user):
    """The organisations in which the user may write listings (editor or owner)."""
    from accounts.models import Organisation

    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=ACTING_ROLES
    ).distinct()


def attachment_for_download(*, user, listing_id, attachment_id):
    """The attachment, only if its listing is one the user may open (else DoesNotExist); a file awaiting review
    only for the listing's organisation and curators."""
    from .models import Attachment

    attachment = Attachment.objects.select_related("listing__organisation").get(
        pk=attachment_id, listing_id=listing_id, listing__in=listings_visible_to(user).values("pk")
    )
    if attachment.revision_id is not None and not listing_permissions(user, attachment.listing).read_private:
        raise Attachment.DoesNotExist
    return attachment


def listing_attachments(*, listing, user):
    """The listing's files for this reader, oldest first; files awaiting review only for its organisation and
    curators (`attachment.revision_id` is set on those)."""
    attachments = listing.attachments.order_by("uploaded_at", "pk")
    if not listing_permissions(user, listing).read_private:
        attachments = attachments.filter(revision__isnull=True)
    return attachments


# --- revisions (edits of published listings awaiting review) ---


def revision_queue():
    """Pending changes of published listings, oldest first, beside the new submissions."""
    from .models import ListingRevision

    return (ListingRevision.objects.filter(status=ListingRevision.Status.PENDING, listing__status=S.PUBLISHED)
            .select_related("listing__organisation", "proposed_by").prefetch_related("attachments")
            .order_by("updated_at", "pk"))


def moderation_pending_count():
    """What awaits a curator's decision: submitted listings and changes to published ones."""
    return moderation_queue().count() + revision_queue().count()


def listing_revision_notice(*, listing):
    """For the owners' view of a listing: its pending revision, else its last decision if that was a rejection
    (so they read why), else None."""
    from .models import ListingRevision

    latest = ListingRevision.objects.filter(listing=listing).order_by("-created_at", "-pk").first()
    if latest is None or latest.status == ListingRevision.Status.APPROVED:
        return None
    return latest


def revision_diff(revision):
    """[{"field", "label", "pieces": [(op, text)]}] from the published listing to the revision, in form order."""
    from django.utils.translation import gettext as _

    from .diff import text_diff
    from .revisions import M2M_FIELDS, REVIEWED_FIELDS

    listing = revision.listing
    rows = []
    for field in REVIEWED_FIELDS:
        if field not in revision.changes:
            continue
        model_field = Listing._meta.get_field(field)
        after = revision.changes[field]
        if field in M2M_FIELDS:
            terms = {term.pk: term.label() for term in model_field.related_model.objects.all()}
            before_ids = list(getattr(listing, field).values_list("pk", flat=True))
            labels = [("same" if pk in after else "del", terms[pk]) for pk in before_ids]
            labels += [("ins", terms[pk]) for pk in after if pk not in before_ids and pk in terms]
            pieces = []
            for piece in labels:
                pieces += [("same", ", "), piece] if pieces else [piece]
        elif field == "keywords":
            pieces = text_diff(", ".join(listing.keywords or []), ", ".join(after or []))
        elif model_field.choices or isinstance(after, bool) or not isinstance(after, str):
            def shown(value, model_field=model_field):
                if isinstance(value, bool):
                    return _("Yes") if value else _("No")
                return str(dict(model_field.flatchoices).get(value, "—" if value in (None, "") else value))

            pieces = [("del", shown(getattr(listing, field))), ("same", " → "), ("ins", shown(after))]
        else:
            pieces = text_diff(getattr(listing, field), after)
        rows.append({"field": field, "label": model_field.verbose_name, "pieces": pieces})
    return rows
