"""The "my organisation" dashboard, creating and editing an organisation, its public page, and verification
requests by owners."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.downloads import user_file_response
from core.errors import MembersOnly
from core.exceptions import ApplicationError, PermissionDeniedError

from .. import selectors, services
from ..forms import CurrentLogo, OrganisationForm
from ..logos import logo_type
from ..models import Invitation
from .common import add_service_error, organisation_or_404


@login_required
def dashboard(request):
    panels = []
    for membership in selectors.user_memberships(user=request.user):
        organisation = membership.organisation
        panels.append({
            "organisation": organisation,
            "membership": membership,
            "permissions": selectors.organisation_permissions(user=request.user, organisation=organisation),
            "members": selectors.organisation_memberships(organisation=organisation),
        })
    invitations = [
        {"invitation": invitation, "path": services.invitation_path(invitation=invitation)}
        for invitation in Invitation.objects.filter(email__iexact=request.user.email, accepted_at__isnull=True)
        .exclude(organisation__memberships__user=request.user)
        .select_related("organisation")
    ]
    return render(request, "accounts/dashboard.html", {
        "panels": panels,
        # Kept for templates written against the first version of this page.
        "organisations": [panel["organisation"] for panel in panels],
        "invitations": invitations,
    })


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.organisation_create(user=request.user, **form.service_kwargs())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your organisation is registered. You are its owner."))
                return redirect("accounts:dashboard")
        status = 400
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": True}, status=status)


@login_required
def organisation_edit(request, slug):
    organisation = organisation_or_404(slug)
    permissions = selectors.organisation_permissions(user=request.user, organisation=organisation)
    if not permissions["can_edit_profile"]:
        raise MembersOnly(_("Only owners of this organisation may edit its profile."), organisation=organisation)
    current_logo = CurrentLogo(organisation) if organisation.logo else None
    form = OrganisationForm(
        request.POST or None, request.FILES or None, instance=organisation, initial={"logo": current_logo}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.organisation_update(user=request.user, organisation=organisation, **form.service_kwargs())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The organisation's profile is saved."))
                return redirect("accounts:organisation_detail", slug=organisation.slug)
        status = 400
    return render(
        request, "accounts/organisation_form.html",
        {"form": form, "organisation": organisation, "creating": False}, status=status,
    )


@require_GET
def organisation_logo(request, slug):
    """Logos are served only from here: as downloads with the type their bytes show (an <img> still shows them)."""
    organisation = organisation_or_404(slug)
    try:
        detected = logo_type(organisation.logo) if organisation.logo else None
    except FileNotFoundError:
        detected = None
    if detected is None:
        raise Http404
    content_type, extension = detected
    return user_file_response(organisation.logo.open("rb"), content_type=content_type, public=True,
                              filename=f"{organisation.slug}-logo.{extension}")


def organisation_detail(request, slug):
    organisation = organisation_or_404(slug)
    # Its listings come from marketplace's template tags: accounts knows nothing of listings.
    return render(request, "accounts/organisation_detail.html", {
        "organisation": organisation,
        "permissions": selectors.organisation_permissions(user=request.user, organisation=organisation),
    })


@login_required
@require_POST
def verification_request(request, slug):
    organisation = organisation_or_404(slug)
    try:
        services.organisation_request_verification(user=request.user, organisation=organisation)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("accounts:dashboard")
    messages.success(request, _("Verification requested. Platform staff will review your organisation."))
    return redirect("accounts:dashboard")
