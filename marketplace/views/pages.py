from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import is_curator
from accounts.views.common import organisation_or_404
from core.downloads import user_file_response
from insights.services import listing_view_record

from .. import selectors
from ..forms import CloseForm, RejectForm
from ..models import Attachment, Listing
from ..permissions import listing_permissions
from ..uploads import ALLOWED_TYPES


@require_GET
def home(request):
    user = request.user
    return render(request, "marketplace/home.html", {
        "counts": selectors.marketplace_counts(user=user),
        "featured": selectors.listings_featured(user=user),
        "latest": selectors.listings_latest(user=user),
        "sectors": selectors.sectors_with_counts(user=user)[:12],
    })


@require_GET
def browse(request):
    """The old browse address; the search page is the browse page (filters, facets, sorting, paging)."""
    query = request.GET.urlencode()
    return redirect(reverse("matching:search") + (f"?{query}" if query else ""))


def listing_detail(request, pk):
    # Not visible is the same as not there: a draft is never revealed by a 403.
    listing = get_object_or_404(
        selectors.listings_visible_to(request.user).select_related("organisation", "created_by"), pk=pk
    )
    if listing.status == Listing.Status.PUBLISHED:
        # A counter in Redis, not a fact for the outbox: the insights fold it into the database periodically.
        listing_view_record(listing=listing, user=request.user)
    return render(request, "marketplace/listing_detail.html", detail_context(request, listing))


def detail_context(request, listing, **extra):
    user = request.user
    permissions = listing_permissions(user, listing)
    context = {
        "listing": listing,
        "Kind": Listing.Kind,
        "Status": Listing.Status,
        "permissions": permissions,
        "is_staff": is_curator(user),
        "attachments": selectors.listing_attachments(listing=listing, user=user),
        # Members read what awaits review, or why a curator turned their changes down.
        "revision_notice": selectors.listing_revision_notice(listing=listing) if permissions.member else None,
        "sectors": listing.sectors.all(),
        "technologies": listing.technologies.all(),
        "collaboration_types": listing.collaboration_types.all(),
        "close_form": CloseForm(),
        "reject_form": RejectForm(),
    }
    context.update(extra)
    return context


@require_GET
def attachment_download(request, pk, attachment_pk):
    """Only through here, so the listing's visibility applies; always a download, never a page of our origin."""
    try:
        attachment = selectors.attachment_for_download(user=request.user, listing_id=pk, attachment_id=attachment_pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    if attachment.content_type not in ALLOWED_TYPES:  # not a type we accept today: not under any name
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    listing = attachment.listing
    public = listing.status == Listing.Status.PUBLISHED and listing.visibility == Listing.Visibility.PUBLIC
    return user_file_response(handle, content_type=attachment.content_type, filename=attachment.download_name,
                              public=public)


def organisation_listings(request, slug):
    """The organisation's listings by status (the dashboard's tiles and "see all" lead here); members see every
    status, others what they may read."""
    organisation = organisation_or_404(slug)
    counts = selectors.organisation_listing_counts(organisation=organisation, user=request.user)
    statuses = {group["status"] for group in counts}
    status = request.GET.get("status") or ""
    if status and status not in statuses:
        return render(request, "marketplace/organisation_listings.html", {
            "organisation": organisation, "counts": counts, "status": "", "page": None,
            "error": _("Choose one of the statuses shown."),
        }, status=400)
    rows = selectors.organisation_listings(organisation=organisation, user=request.user, status=status or None)
    return render(request, "marketplace/organisation_listings.html", {
        "organisation": organisation, "counts": counts, "status": status,
        "total": sum(group["count"] for group in counts),
        "page": Paginator(rows.select_related("organisation"), 20).get_page(request.GET.get("page")),
    })
