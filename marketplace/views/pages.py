from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.selectors import membership_role

from .. import selectors
from ..forms import CloseForm, RejectForm
from ..models import Attachment, Listing
from ..services import TRANSITIONS
from ..signals import listing_viewed


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
        listing_viewed.send(sender=Listing, listing=listing, user=request.user)
    return render(request, "marketplace/listing_detail.html", detail_context(request, listing))


def detail_context(request, listing, **extra):
    user = request.user
    role = membership_role(user=user, organisation=listing.organisation)
    can_edit = role in {"owner", "editor"} and listing.status != Listing.Status.CLOSED
    allowed = TRANSITIONS[listing.status]
    S = Listing.Status
    context = {
        "listing": listing,
        "Kind": Listing.Kind,
        "Status": S,
        "role": role,
        "can_edit": can_edit,
        "can_submit": can_edit and S.SUBMITTED in allowed,
        "can_unsubmit": can_edit and listing.status == S.SUBMITTED,
        "can_close": can_edit and S.CLOSED in allowed,
        "is_staff": user.is_staff,
        "can_moderate": user.is_staff and listing.status == S.SUBMITTED,
        "can_feature": user.is_staff and listing.status == S.PUBLISHED,
        "attachments": listing.attachments.order_by("uploaded_at"),
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
    try:
        attachment = selectors.attachment_for_download(user=request.user, listing_id=pk, attachment_id=attachment_pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=attachment.content_type,
        as_attachment=False,
        filename=attachment.original_name,
    )
    listing = attachment.listing
    public = listing.status == Listing.Status.PUBLISHED and listing.visibility == Listing.Visibility.PUBLIC
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
