"""Staff curation: the moderation queue (new submissions and changes to published listings), approve, reject
with a reason, feature."""
from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_curate, is_curator
from core.errors import StaffOnly
from core.exceptions import ApplicationError

from .. import revisions, selectors, services
from ..forms import RejectForm
from ..models import ListingRevision
from .errors import add_form_error, perform


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_curator(request.user):
            raise StaffOnly()
        return view(request, *args, **kwargs)

    return wrapper


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _listing(request, pk):
    return get_object_or_404(selectors.listings_visible_to(request.user).select_related("organisation"), pk=pk)


@staff_required
def moderation_queue(request):
    queue = list(selectors.moderation_queue().prefetch_related("sectors"))
    revisions = [{"revision": revision, "diff": selectors.revision_diff(revision)}
                 for revision in selectors.revision_queue()]
    # A curator's own organisation's listings are shown, but another curator decides them.
    for listing in queue + [item["revision"].listing for item in revisions]:
        listing.can_decide = can_curate(request.user, listing.organisation)
    return render(request, "marketplace/moderation_queue.html",
                  {"queue": queue, "revisions": revisions, "reject_form": RejectForm()})


def _pending_revision(pk):
    return get_object_or_404(ListingRevision.objects.select_related("listing"), pk=pk,
                             status=ListingRevision.Status.PENDING)


@require_POST
@staff_required
def revision_approve(request, pk):
    revision = _pending_revision(pk)
    return perform(
        request, lambda: revisions.listing_revision_approve(user=request.user, revision=revision),
        success_message=_("The changes to “%(title)s” are published.") % {"title": revision.listing.title},
        redirect_to=_next_url(request, reverse("marketplace:moderation_queue")),
    )


@require_POST
@staff_required
def revision_reject(request, pk):
    revision = _pending_revision(pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return perform(
        request, lambda: revisions.listing_revision_reject(user=request.user, revision=revision, reason=reason),
        success_message=_("The changes to “%(title)s” are rejected; the owner sees why.")
        % {"title": revision.listing.title},
        redirect_to=_next_url(request, reverse("marketplace:moderation_queue")),
    )


@require_POST
@staff_required
def listing_approve(request, pk):
    listing = _listing(request, pk)
    feature = request.POST.get("featured") == "1"

    @transaction.atomic
    def approve():
        services.listing_publish(user=request.user, listing=listing)
        if feature:
            services.listing_set_featured(user=request.user, listing=listing, featured=True)

    return perform(
        request, approve,
        success_message=_("“%(title)s” is published.") % {"title": listing.title},
        redirect_to=_next_url(request, listing.get_absolute_url()),
    )


@staff_required
def listing_reject(request, pk):
    """GET shows the reason form; POST rejects (the reason is mandatory)."""
    listing = _listing(request, pk)
    form = RejectForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.listing_reject(user=request.user, listing=listing, reason=form.cleaned_data["reason"])
            except ApplicationError as error:
                listing.refresh_from_db()
                add_form_error(form, error)
            else:
                messages.success(request, _("“%(title)s” is rejected; the owner sees why.") % {"title": listing.title})
                # Back to the queue: a rejected listing is its organisation's again, no longer a curator's to read.
                response = redirect(_next_url(request, reverse("marketplace:moderation_queue")))
                response.status_code = 303
                return response
        status = 400
    return render(request, "marketplace/listing_reject.html", {
        "listing": listing, "form": form, "next": _next_url(request, ""),
    }, status=status)


@require_POST
@staff_required
def listing_feature(request, pk):
    listing = _listing(request, pk)
    featured = request.POST.get("featured") == "1"
    return perform(
        request, lambda: services.listing_set_featured(user=request.user, listing=listing, featured=featured),
        success_message=_("Featured on the home page.") if featured else _("No longer featured."),
        redirect_to=_next_url(request, listing.get_absolute_url()),
    )
