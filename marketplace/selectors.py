"""Reads of listings. Visibility is decided here and nowhere else: pages, files, counts, search and the API
all start from `listings_visible_to`."""
from django.db.models import Q

from accounts.models import Membership
from accounts.selectors import user_in_verified_organisation

from .models import Listing

S = Listing.Status
V = Listing.Visibility


def audience_visibilities(user):
    """The visibility levels of published listings this user may read."""
    if not getattr(user, "is_authenticated", False):
        return [V.PUBLIC]
    if user.is_staff or user_in_verified_organisation(user=user):
        return [V.PUBLIC, V.MEMBERS, V.VERIFIED]
    return [V.PUBLIC, V.MEMBERS]


def published_visible_to(user):
    """Published listings the user may read: what browsing, search and matching show."""
    return Listing.objects.filter(status=S.PUBLISHED, visibility__in=audience_visibilities(user))


def listings_visible_to(user):
    """Every listing the user may open: published ones by visibility, plus their own organisations' listings
    in any status; staff also see everything that is not a draft."""
    condition = Q(status=S.PUBLISHED, visibility__in=audience_visibilities(user))
    if getattr(user, "is_authenticated", False):
        own = Membership.objects.filter(user=user).values("organisation_id")
        condition |= Q(organisation_id__in=own)
        if user.is_staff:
            condition |= ~Q(status=S.DRAFT)
    return Listing.objects.filter(condition)


def listing_can_view(*, user, listing):
    return listings_visible_to(user).filter(pk=listing.pk).exists()


def listing_can_edit(*, user, listing):
    from accounts.selectors import membership_role

    if listing.status == S.CLOSED:
        return False
    return membership_role(user=user, organisation=listing.organisation) in {"owner", "editor"}


def moderation_queue():
    return (
        Listing.objects.filter(status=S.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at")
    )


# --- Browsing (the database data source; the search engine may replace it behind the same filters) ---

BROWSE_SORTS = ("newest", "deadline")


def _browse_filter(queryset, filters):
    from django.utils import timezone

    today = timezone.localdate()
    # Past their deadline but not yet swept by `expire_listings`: no longer offered.
    queryset = queryset.filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("sector"):
        queryset = queryset.filter(sectors__slug=filters["sector"])
    if filters.get("technology"):
        queryset = queryset.filter(technologies__slug=filters["technology"])
    if filters.get("collaboration"):
        queryset = queryset.filter(collaboration_types__slug=filters["collaboration"])
    if filters.get("region"):
        queryset = queryset.filter(metro_area=filters["region"])
    if filters.get("province"):
        queryset = queryset.filter(province__icontains=filters["province"].strip())
    if filters.get("org_kind"):
        queryset = queryset.filter(organisation__kind=filters["org_kind"])
    if filters.get("trl"):
        level = int(filters["trl"])
        queryset = queryset.filter(trl_min__lte=level, trl_max__gte=level)
    for term in (filters.get("q") or "").split():
        queryset = queryset.filter(
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(description__icontains=term)
            | Q(keywords__icontains=term)
            | Q(organisation__name_zh__icontains=term)
            | Q(organisation__name_en__icontains=term)
        )
    return queryset


def listings_browse(*, user, filters):
    """Published listings the user may read, narrowed by the browse filters (plain values: slugs, choice values,
    an int TRL) and sorted. Returns a queryset for paging."""
    from django.db.models import F

    filters = filters or {}
    queryset = _browse_filter(published_visible_to(user), filters)
    # Multi-valued joins may repeat a row; compare primary keys instead of DISTINCT so ordering stays free.
    queryset = Listing.objects.filter(pk__in=queryset.values("pk"))
    if filters.get("sort") == "deadline":
        ordering = [F("deadline").asc(nulls_last=True), "-published_at", "-pk"]
    else:
        ordering = ["-published_at", "-pk"]
    return (
        queryset.select_related("organisation")
        .prefetch_related("sectors", "technologies", "collaboration_types")
        .order_by(*ordering)
    )


def listings_browse_kind_counts(*, user, filters):
    """How many listings of each kind match the filters other than kind (for the kind tabs)."""
    from django.db.models import Count

    filters = {key: value for key, value in (filters or {}).items() if key != "kind"}
    queryset = Listing.objects.filter(pk__in=_browse_filter(published_visible_to(user), filters).values("pk"))
    counts = dict(queryset.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return {kind: counts.get(kind, 0) for kind in Listing.Kind.values}


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


def listing_editable_organisations(*, user):
    """The organisations in which the user may write listings (editor or owner)."""
    from accounts.models import Organisation

    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=[Membership.Role.OWNER, Membership.Role.EDITOR]
    ).distinct()


def attachment_for_download(*, user, listing_id, attachment_id):
    """The attachment, only if its listing is one the user may open (else DoesNotExist)."""
    from .models import Attachment

    return Attachment.objects.select_related("listing").get(
        pk=attachment_id, listing_id=listing_id, listing__in=listings_visible_to(user).values("pk")
    )
