"""Who may do what on the platform, stated once. Services call the `require_*` functions (which raise
PermissionDeniedError); web views, templates and the API call the `can_*` ones to show or refuse only what the
services would. Nothing else decides on `is_staff` or on a role.

Members act for their organisation by role:
- owners manage it: profile, members and invitations, verification requests, API credentials, webhooks;
- editors and owners act for it: write its listings, express and answer interest, post messages, record
  outcomes;
- viewers read what members read and change nothing.

Staff curate: approve, reject and feature listings, decide verification, edit the taxonomy; and they read what
curation needs (listings awaiting review, published listings of every visibility, organisations asking for
verification). Being staff is no role in any organisation: staff neither act for an organisation nor read what
only its members read (drafts, interests and their messages, credentials, webhooks). Nobody curates an
organisation they belong to: a curator who is a member leaves its listings and verification to another.
"""
from django.utils.translation import gettext as _

from core.exceptions import PermissionDeniedError

from .models import Membership
from .selectors import membership_role

Role = Membership.Role
ACTING_ROLES = frozenset({Role.OWNER, Role.EDITOR})


def role_of(user, organisation, *, fresh=False):
    """The user's role in the organisation, or None. `fresh` reads past the per-request cache, for checks
    that follow a role change made earlier in the same request."""
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return None
    if fresh:
        return Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    return membership_role(user=user, organisation=organisation)


def is_curator(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def can_manage(user, organisation):
    return role_of(user, organisation) == Role.OWNER


def can_act_for(user, organisation):
    return role_of(user, organisation) in ACTING_ROLES


def can_curate(user, organisation):
    """May this curator decide about the organisation or its listings (not one of its own)?"""
    return is_curator(user) and role_of(user, organisation) is None


def require_owner(user, organisation, message=None):
    if role_of(user, organisation, fresh=True) != Role.OWNER:
        raise PermissionDeniedError(message or _("Only owners of this organisation may do this."))


def require_acting_member(user, organisation, message=None):
    if role_of(user, organisation) not in ACTING_ROLES:
        raise PermissionDeniedError(
            message or _("Only editors and owners of %(organisation)s may do this.") % {"organisation": organisation}
        )


def require_curator(user):
    if not is_curator(user):
        raise PermissionDeniedError(_("Only platform staff may do this."))


def require_curator_of(user, organisation):
    require_curator(user)
    if role_of(user, organisation) is not None:
        raise PermissionDeniedError(
            _("You are a member of %(organisation)s: another curator decides about it and its listings.")
            % {"organisation": organisation}
        )
