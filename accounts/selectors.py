from .models import Membership, Organisation


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


def user_organisations(*, user):
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def user_in_verified_organisation(*, user):
    if not getattr(user, "is_authenticated", False):
        return False
    if "_ctx_verified" not in user.__dict__:
        user.__dict__["_ctx_verified"] = Membership.objects.filter(
            user=user, organisation__verification=Organisation.Verification.VERIFIED
        ).exists()
    return user.__dict__["_ctx_verified"]
