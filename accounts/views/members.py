"""Members of an organisation: the list (members only), role changes, removal and invitations (owners)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import MembersOnly
from core.exceptions import ApplicationError, PermissionDeniedError

from .. import selectors, services
from ..forms import InvitationForm
from ..models import Invitation, Membership
from ..quoting import mask_email
from .common import add_service_error, organisation_or_404


def _members_page(request, organisation, *, invite_form=None, status=200):
    permissions = selectors.organisation_permissions(user=request.user, organisation=organisation)
    if not permissions["is_member"]:
        raise MembersOnly(_("Only members of this organisation can see who belongs to it."), organisation=organisation)
    members_list = selectors.organisation_memberships(organisation=organisation)
    owners = sum(1 for membership in members_list if membership.role == Membership.Role.OWNER)
    return render(request, "accounts/members.html", {
        "organisation": organisation,
        "permissions": permissions,
        "members": members_list,
        # The last owner is told to hand over first instead of being offered a button that would fail.
        "can_leave": not (permissions["role"] == Membership.Role.OWNER and owners == 1),
        "invitations": selectors.organisation_pending_invitations(organisation=organisation)
        if permissions["can_manage_members"] else [],
        "invite_form": invite_form or InvitationForm(),
        "role_choices": Membership.Role.choices,
    }, status=status)


@login_required
def members(request, slug):
    return _members_page(request, organisation_or_404(slug))


@login_required
@require_POST
def invitation_create(request, slug):
    organisation = organisation_or_404(slug)
    if not selectors.organisation_permissions(user=request.user, organisation=organisation)["can_manage_members"]:
        raise MembersOnly(_("Only owners of this organisation may invite people."), organisation=organisation)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                user=request.user, organisation=organisation, email=form.cleaned_data["email"],
                role=form.cleaned_data["role"], site_url=request.build_absolute_uri("/"),
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("accounts:members", slug=organisation.slug)
    return _members_page(request, organisation, invite_form=form, status=400)


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    organisation = organisation_or_404(slug)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    try:
        services.invitation_revoke(user=request.user, invitation=invitation)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("accounts:members", slug=organisation.slug)


@login_required
@require_POST
def member_role(request, slug, pk):
    organisation = organisation_or_404(slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)
    role = request.POST.get("role", "")
    try:
        services.membership_set_role(user=request.user, membership=membership, role=role)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return _members_page(request, organisation, status=400)
    messages.success(request, _("%(member)s is now %(role)s.") % {
        "member": membership.user, "role": Membership.Role(role).label,
    })
    return redirect("accounts:members", slug=organisation.slug)


@login_required
@require_POST
def member_remove(request, slug, pk):
    organisation = organisation_or_404(slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)
    leaving = membership.user_id == request.user.pk
    try:
        services.membership_remove(user=request.user, membership=membership)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return _members_page(request, organisation, status=400)
    if leaving:
        messages.success(request, _("You have left %(organisation)s.") % {"organisation": organisation.display_name()})
        return redirect("accounts:dashboard")
    messages.success(request, _("%(member)s was removed.") % {"member": membership.user})
    return redirect("accounts:members", slug=organisation.slug)


def invitation_accept(request, token):
    """GET shows what the invitation is for (anyone holding the link); POST joins. Only the invited address may
    accept: signed in with another account, the page says where the invitation went and how to proceed."""
    try:
        invitation = services.invitation_from_token(token=token)
    except services.InvitationError as error:
        return render(request, "accounts/invitation_invalid.html", {"error": error}, status=400)
    wrong_account = request.user.is_authenticated and not selectors.user_has_verified_email(
        user=request.user, email=invitation.email)
    if request.method == "POST" and not wrong_account:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            membership = services.invitation_accept(user=request.user, token=token)
        except services.InvitationError as error:
            return render(request, "accounts/invitation_invalid.html", {"error": error}, status=400)
        messages.success(request, _("You have joined %(organisation)s as %(role)s.") % {
            "organisation": membership.organisation.display_name(), "role": membership.get_role_display(),
        })
        return redirect("accounts:dashboard")
    context = {"invitation": invitation, "token": token, "masked_email": mask_email(invitation.email)}
    if wrong_account:
        return render(request, "accounts/invitation_wrong_account.html", context, status=403)
    return render(request, "accounts/invitation_accept.html", context)
