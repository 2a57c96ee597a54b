"""Writing listings: the guided form, attachments and the owner's workflow buttons."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import MembersOnly
from core.exceptions import ApplicationError

from .. import selectors, services
from ..forms import AttachmentForm, CloseForm, ListingForm
from ..models import Attachment, Listing
from ..permissions import listing_permissions
from ..revisions import pending_revision
from .errors import add_form_error, perform


def _visible_listing(request, pk):
    return get_object_or_404(selectors.listings_visible_to(request.user).select_related("organisation"), pk=pk)


@login_required
def listing_create(request):
    organisations = selectors.listing_editable_organisations(user=request.user)
    if not organisations.exists():
        return render(request, "marketplace/listing_no_organisation.html", status=403)
    initial = {"kind": request.GET.get("kind") if request.GET.get("kind") in Listing.Kind.values else ""}
    chosen = organisations.filter(slug=request.GET.get("organisation") or "").first()
    if chosen:
        initial["organisation"] = chosen.pk
    if request.method == "POST":
        form = ListingForm(request.POST, request.FILES, organisations=organisations)
        if form.is_valid():
            try:
                with transaction.atomic():
                    listing = services.listing_create(
                        user=request.user, organisation=form.cleaned_data["organisation"],
                        kind=form.cleaned_data["kind"], **form.service_data(),
                    )
                    for uploaded in form.cleaned_data["files"]:
                        services.attachment_add(user=request.user, listing=listing, uploaded_file=uploaded)
            except ApplicationError as error:
                add_form_error(form, error)
            else:
                messages.success(request, _("Draft saved. Submit it for review when it is ready."))
                return redirect(listing)
        status = 400
    else:
        form = ListingForm(initial=initial, organisations=organisations)
        status = 200
    return render(request, "marketplace/listing_form.html", {"form": form, "listing": None}, status=status)


@login_required
def listing_edit(request, pk):
    listing = _visible_listing(request, pk)
    if not listing_permissions(request.user, listing).edit:
        raise MembersOnly(_("Only editors and owners of this organisation may change its listings."),
                          organisation=listing.organisation)
    if request.method == "POST":
        form = ListingForm(request.POST, request.FILES, listing=listing)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.listing_update(user=request.user, listing=listing, **form.service_data())
                    for uploaded in form.cleaned_data["files"]:
                        services.attachment_add(user=request.user, listing=listing, uploaded_file=uploaded)
            except ApplicationError as error:
                listing.refresh_from_db()
                add_form_error(form, error)
            else:
                if pending_revision(listing) is not None:
                    messages.success(request, _("Saved. The changes wait for a curator's review; until then "
                                                "others see the published version."))
                else:
                    messages.success(request, _("Changes saved."))
                return redirect(listing)
        status = 400
    else:
        form = ListingForm(listing=listing)
        status = 200
    return render(request, "marketplace/listing_form.html", {
        "form": form, "listing": listing,
        "attachments": selectors.listing_attachments(listing=listing, user=request.user),
    }, status=status)


@require_POST
@login_required
def listing_submit(request, pk):
    listing = _visible_listing(request, pk)
    return perform(
        request, lambda: services.listing_submit(user=request.user, listing=listing),
        success_message=_("Submitted for review. A curator will look at it soon."), redirect_to=listing,
    )


@require_POST
@login_required
def listing_unsubmit(request, pk):
    listing = _visible_listing(request, pk)
    return perform(
        request, lambda: services.listing_withdraw_submission(user=request.user, listing=listing),
        success_message=_("Taken back to draft."), redirect_to=listing,
    )


@require_POST
@login_required
def listing_close(request, pk):
    listing = _visible_listing(request, pk)
    form = CloseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return perform(
        request, lambda: services.listing_close(user=request.user, listing=listing, reason=reason),
        success_message=_("The listing is closed."), redirect_to=listing,
    )


@require_POST
@login_required
def attachment_upload(request, pk):
    listing = _visible_listing(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(user=request.user, listing=listing, uploaded_file=form.cleaned_data["file"])
        except ApplicationError as error:
            add_form_error(form, error)  # a refused type, size or quota: shown at the field
        else:
            messages.success(request, _("File added."))
            response = redirect(listing)
            response.status_code = 303
            return response
    if not listing_permissions(request.user, listing).edit:
        raise PermissionDenied
    from .pages import detail_context

    context = detail_context(request, listing, attachment_form=form)
    return render(request, "marketplace/listing_detail.html", context, status=400)


@require_POST
@login_required
def attachment_delete(request, pk, attachment_pk):
    listing = _visible_listing(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, listing=listing)
    return perform(
        request, lambda: services.attachment_delete(user=request.user, attachment=attachment),
        success_message=_("File removed."), redirect_to=listing,
    )
