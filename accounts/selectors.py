from .models import SERVICE_EMAIL_DOMAIN, Membership, Organisation


def membership_role(*, user, organisation):
    """The user's role in the organisation, or None."""
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return None
    cache = user.__dict__.setdefault("_ctx_roles", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
        )
    return cache[organisation.pk]


def user_has_verified_email(*, user, email):
    """True when `email` is one of the user's confirmed addresses (case-insensitive): an invitation is accepted
    only by the person it was sent to, not by whoever holds the link."""
    from allauth.account.models import EmailAddress

    if not getattr(user, "is_authenticated", False) or not email:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def user_in_verified_organisation(*, user):
    if not getattr(user, "is_authenticated", False):
        return False
    if "_ctx_verified" not in user.__dict__:
        user.__dict__["_ctx_verified"] = Membership.objects.filter(
            user=user, organisation__verification=Organisation.Verification.VERIFIED
        ).exists()
    return user.__dict__["_ctx_verified"]


# --- organisation pages ---

ROLE_ORDER = {Membership.Role.OWNER: 0, Membership.Role.EDITOR: 1, Membership.Role.VIEWER: 2}


def organisation_memberships(*, organisation):
    """Members, owners first; API credentials' service users are managed on the credentials page instead."""
    memberships = list(Membership.objects.filter(organisation=organisation)
                       .exclude(user__email__endswith=f"@{SERVICE_EMAIL_DOMAIN}").select_related("user"))
    return sorted(memberships, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.user.get_full_name().lower()))


def organisation_pending_invitations(*, organisation):
    from .models import Invitation

    return Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True).order_by("-created_at")


def organisation_permissions(*, user, organisation):
    """What the user may do with the organisation; templates show only the actions that will be allowed."""
    from .permissions import can_act_for, can_manage

    role = membership_role(user=user, organisation=organisation)
    is_owner = can_manage(user, organisation)
    return {
        "role": role,
        "is_member": role is not None,
        "can_edit_profile": is_owner,
        "can_manage_members": is_owner,
        "can_request_verification": is_owner
        and organisation.verification in {Organisation.Verification.UNVERIFIED, Organisation.Verification.REJECTED},
        "can_edit_listings": can_act_for(user, organisation),
    }


def user_memberships(*, user):
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name_zh")


def verification_queue():
    """Organisations waiting for a staff decision, oldest request first."""
    return Organisation.objects.filter(verification=Organisation.Verification.PENDING).order_by(
        "verification_requested_at", "pk"
    )
