"""Writes to a user's profile, organisations, memberships, invitations and verification.

Checked here, with the rule of accounts.permissions, so views, admin actions and the API agree:
- any signed-in user creates an organisation and becomes its owner;
- owners edit the organisation's profile, invite people, change roles and remove members;
- any member may leave; the last owner can neither leave nor be demoted nor removed;
- owners request verification; staff who are not its members approve it or reject it with a reason.
"""
import secrets
import uuid

from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import mail
from core.audit import audit_record
from core.exceptions import ApplicationError, PermissionDeniedError
from core.outbox import outbox_record
from core.ratelimit import FixedWindowLimit

from .app_settings import app_settings
from .logos import check_logo
from .models import Invitation, Membership, Organisation
from .permissions import require_curator_of, require_owner
from .quoting import mask_email, quote_for_mail
from .selectors import user_has_verified_email

Role = Membership.Role
Verification = Organisation.Verification

INVITATION_SALT = "accounts.invitation"
INVITATION_MAX_AGE = 7 * 24 * 60 * 60  # seconds: a link works for seven days
RESERVED_SLUGS = {"new", "edit", "me", "staff", "admin", "api"}
PROFILE_FIELDS = {"kind", "name_zh", "name_en", "province", "city", "metro_area", "description", "website"}
ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


class InvitationError(ApplicationError):
    """An invitation link that cannot be used; `reason` is one of "invalid", "expired", "used", "wrong_account"."""

    def __init__(self, message, *, reason):
        super().__init__(message, field="token")
        self.reason = reason


# --- the user's own profile ---


def user_update_profile(*, user, display_name):
    """The name everybody sees for this person (never their e-mail address)."""
    _require_signed_in(user)
    display_name = (display_name or "").strip()
    if not display_name:
        raise ApplicationError(_("Tell others what to call you."), field="display_name")
    user.display_name = display_name[:120]
    user.save(update_fields=["display_name"])
    return user


# --- checks (the rule itself is in accounts.permissions) ---


def _require_signed_in(user):
    if not getattr(user, "is_authenticated", False):
        raise PermissionDeniedError(_("Please sign in first."))


def _forget_cached_roles(user):
    """accounts.selectors caches roles on the user object; drop them after a change."""
    if user is not None:
        user.__dict__.pop("_ctx_roles", None)
        user.__dict__.pop("_ctx_verified", None)


# --- organisations ---


def _unique_slug(name_en):
    base = slugify(name_en or "")[:60].strip("-")
    if not base or base in RESERVED_SLUGS:
        base = f"org-{secrets.token_hex(3)}"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _clean_profile(data):
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ApplicationError(_("Unknown field: %(field)s") % {"field": sorted(unknown)[0]}, field=sorted(unknown)[0])
    cleaned = {key: (value.strip() if isinstance(value, str) else value) for key, value in data.items()}
    if "name_zh" in cleaned and not cleaned["name_zh"]:
        raise ApplicationError(_("Give the organisation's name in Chinese."), field="name_zh")
    if "kind" in cleaned and cleaned["kind"] not in Organisation.Kind.values:
        raise ApplicationError(_("Choose what kind of organisation this is."), field="kind")
    return cleaned


def _full_clean(organisation, exclude):
    """Model validation as an ApplicationError naming the first field at fault (callers other than our forms,
    such as the API or the import command, get a 400 rather than a crash)."""
    try:
        organisation.full_clean(exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == NON_FIELD_ERRORS else field) from error


def _store_logo(organisation, logo):
    extension = check_logo(logo)
    organisation.logo.save(f"{uuid.uuid4().hex}.{extension}", logo, save=False)


@transaction.atomic
def organisation_create(*, user, kind, name_zh, logo=None, **data):
    """Create an organisation; its creator becomes the first owner."""
    _require_signed_in(user)
    profile = _clean_profile({"kind": kind, "name_zh": name_zh, **data})
    organisation = Organisation(slug=_unique_slug(profile.get("name_en")), **profile)
    _full_clean(organisation, exclude=["slug", "logo"])
    if logo:
        _store_logo(organisation, logo)
    organisation.save()
    Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)
    _forget_cached_roles(user)
    audit_record(actor=user, action="organisation.create", target=organisation)
    return organisation


@transaction.atomic
def organisation_update(*, user, organisation, logo=None, clear_logo=False, **data):
    """Owners edit the profile. The slug stays as it was, so links keep working."""
    require_owner(user, organisation)
    for field, value in _clean_profile(data).items():
        setattr(organisation, field, value)
    _full_clean(organisation, exclude=["logo"])
    if clear_logo and organisation.logo:
        organisation.logo.delete(save=False)
    if logo:
        _store_logo(organisation, logo)
    organisation.save()
    return organisation


# --- memberships ---


def _lock_owners(organisation):
    """Lock the owner rows so that two owners demoting each other at once cannot leave none."""
    return list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Role.OWNER)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def membership_set_role(*, user, membership, role):
    organisation = membership.organisation
    require_owner(user, organisation)
    if role not in Role.values:
        raise ApplicationError(_("Choose a role."), field="role")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.role == Role.OWNER and _lock_owners(organisation) == [membership.pk]:
        raise ApplicationError(_("An organisation needs at least one owner: make someone else owner first."),
                               field="role")
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _forget_cached_roles(membership.user)
    audit_record(
        actor=user, action="membership.role", target=organisation,
        data={"member": membership.user.email, "from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, user, membership):
    """Owners remove members; anyone may remove themselves (leave). The last owner cannot go."""
    organisation = membership.organisation
    leaving = getattr(user, "pk", None) == membership.user_id
    if not leaving:
        require_owner(user, organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.OWNER and _lock_owners(organisation) == [membership.pk]:
        raise ApplicationError(_("The last owner cannot leave: make someone else owner first."))
    member = membership.user
    membership.delete()
    _forget_cached_roles(member)
    audit_record(
        actor=user, action="membership.leave" if leaving else "membership.remove", target=organisation,
        data={"member": member.email, "role": membership.role},
    )


# --- invitations ---


def invitation_token(*, invitation):
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(invitation.pk))


def invitation_path(*, invitation):
    return reverse("accounts:invitation_accept", args=[invitation_token(invitation=invitation)])


def invitation_from_token(*, token):
    """The pending invitation a link points at, or InvitationError saying why the link cannot be used."""
    signer = signing.TimestampSigner(salt=INVITATION_SALT)
    try:
        pk = signer.unsign(token, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvitationError(_("This invitation has expired. Ask the organisation for a new one."),
                              reason="expired") from None
    except signing.BadSignature:
        raise InvitationError(_("This invitation link is not valid. Check that you copied all of it."),
                              reason="invalid") from None
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first()
    if invitation is None:
        raise InvitationError(_("This invitation was withdrawn. Ask the organisation for a new one."), reason="invalid")
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."), reason="used")
    return invitation


def _send_invitation(invitation, link):
    organisation = invitation.organisation
    context = {
        "invitation": invitation,
        # User-chosen text is quoted as data, never as the platform's own words.
        "organisation_name": quote_for_mail(organisation.display_name()),
        "verified": organisation.is_verified,
        "inviter_email": getattr(invitation.invited_by, "email", ""),
        "link": link,
        "days": INVITATION_MAX_AGE // 86400,
        "role": invitation.get_role_display(),
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context)
    body = render_to_string("accounts/email/invitation_message.txt", context)
    mail.send(subject, body, [invitation.email])


def _invitation_limits(user, organisation):
    """[(limit, whose count, message when it is reached)]: per organisation an hour, per inviting user a day."""
    per_organisation = app_settings.PER_ORGANISATION_PER_HOUR
    per_user = app_settings.PER_USER_PER_DAY
    return [
        (FixedWindowLimit("invitations-organisation", limit=per_organisation, period=60 * 60), organisation.pk,
         _("An organisation may send at most %(limit)s invitations an hour. Please try again later.")
         % {"limit": per_organisation}),
        (FixedWindowLimit("invitations-user", limit=per_user, period=24 * 60 * 60), user.pk,
         _("You may send at most %(limit)s invitations a day. Please try again tomorrow.") % {"limit": per_user}),
    ]


@transaction.atomic
def invitation_create(*, user, organisation, email, role, site_url=""):
    """Invite someone by e-mail. The e-mail is sent after commit; it carries a signed link valid for 7 days.
    `site_url` is the scheme and host the link starts with (the view passes the request's). Invitations are
    limited per organisation and per inviting user (settings INVITATIONS_PER_*)."""
    require_owner(user, organisation)
    email = (email or "").strip().lower()
    if not email:
        raise ApplicationError(_("Enter an e-mail address."), field="email")
    if role not in Role.values:
        raise ApplicationError(_("Choose a role."), field="role")
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ApplicationError(_("This person is already a member."), field="email")
    limits = _invitation_limits(user, organisation)
    for limit, whose, message in limits:
        if limit.exhausted(whose):
            raise ApplicationError(message)
    # A new invitation replaces any pending one to the same address, whose link then stops working.
    Invitation.objects.filter(organisation=organisation, email__iexact=email, accepted_at__isnull=True).delete()
    invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=user)
    audit_record(actor=user, action="invitation.create", target=organisation, data={"email": email, "role": role})
    for limit, whose, _message in limits:
        limit.hit(whose)
    link = site_url.rstrip("/") + invitation_path(invitation=invitation)
    transaction.on_commit(lambda: _send_invitation(invitation, link))
    return invitation


@transaction.atomic
def invitation_revoke(*, user, invitation):
    require_owner(user, invitation.organisation)
    if invitation.accepted_at is not None:
        raise ApplicationError(_("This invitation has already been used."))
    audit_record(actor=user, action="invitation.revoke", target=invitation.organisation,
                 data={"email": invitation.email})
    invitation.delete()


@transaction.atomic
def invitation_accept(*, user, token):
    """Join the organisation with the invited role. Only an account with the invited address, confirmed, may
    accept: a forwarded or leaked link is useless to anyone else. Someone already a member keeps the higher of
    the two roles."""
    _require_signed_in(user)
    invitation = invitation_from_token(token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."), reason="used")
    if not user_has_verified_email(user=user, email=invitation.email):
        raise InvitationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it, or ask the "
              "organisation's owner to invite the address you use.") % {"email": mask_email(invitation.email)},
            reason="wrong_account",
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and ROLE_RANK[invitation.role] > ROLE_RANK[membership.role]:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    _forget_cached_roles(user)
    audit_record(
        actor=user, action="invitation.accept", target=invitation.organisation,
        data={"email": invitation.email, "member": user.email, "role": membership.role},
    )
    return membership


# --- verification ---


def _locked(organisation):
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _refresh(organisation, locked):
    for field in ("verification", "verification_note", "verification_requested_at", "verified_at", "updated_at"):
        setattr(organisation, field, getattr(locked, field))
    return organisation


@transaction.atomic
def organisation_request_verification(*, user, organisation):
    require_owner(user, organisation)
    locked = _locked(organisation)
    if locked.verification not in {Verification.UNVERIFIED, Verification.REJECTED}:
        raise ApplicationError(
            _("Verification cannot be requested while it is “%(state)s”.")
            % {"state": locked.get_verification_display()}
        )
    locked.verification = Verification.PENDING
    locked.verification_requested_at = timezone.now()
    locked.verification_note = ""
    locked.save(update_fields=["verification", "verification_requested_at", "verification_note", "updated_at"])
    audit_record(actor=user, action="organisation.verification_request", target=locked)
    outbox_record(type="organisation.verification_requested",
                  payload={"organisation_id": locked.pk, "actor_id": user.pk})
    return _refresh(organisation, locked)


def _decide(*, user, organisation, approved, reason=""):
    require_curator_of(user, organisation)
    locked = _locked(organisation)
    if locked.verification != Verification.PENDING:
        raise ApplicationError(_("Only organisations waiting for verification can be approved or rejected."))
    if approved:
        locked.verification = Verification.VERIFIED
        locked.verified_at = timezone.now()
        locked.verification_note = ""
    else:
        locked.verification = Verification.REJECTED
        locked.verified_at = None
        locked.verification_note = reason
    locked.save(update_fields=["verification", "verified_at", "verification_note", "updated_at"])
    audit_record(
        actor=user, action="organisation.verify" if approved else "organisation.reject_verification",
        target=locked, reason=reason,
    )
    outbox_record(type="organisation.verification_decided", payload={
        "organisation_id": locked.pk, "actor_id": user.pk, "approved": approved, "note": locked.verification_note,
    })
    return _refresh(organisation, locked)


@transaction.atomic
def organisation_approve_verification(*, user, organisation):
    return _decide(user=user, organisation=organisation, approved=True)


@transaction.atomic
def organisation_reject_verification(*, user, organisation, reason):
    require_curator_of(user, organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why verification is rejected; the organisation will read it."), field="reason")
    return _decide(user=user, organisation=organisation, approved=False, reason=reason)
