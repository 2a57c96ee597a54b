"""Create, authenticate and revoke API credentials. The secret is shown once and only its sha256 is stored;
the prefix (in clear in the token) finds the row without a scan."""
import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import SERVICE_EMAIL_DOMAIN, Membership, User
from core.audit import audit_record
from core.exceptions import ApplicationError
from notifications.models import Channel, NotificationType
from notifications.preferences import preference_set

from ..models import ApiCredential, Scope

TOKEN_PREFIX = "ctx"
# Recording every use would turn each read into a write; once a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def require_owner(*, user, organisation):
    # Owners only: staff do not act for organisations (accounts.permissions).
    permissions.require_owner(user, organisation,
                              _("Only owners of this organisation may manage its API credentials."))


@transaction.atomic
def credential_create(*, user, organisation, name, scopes):
    """Returns (credential, token); the token is never stored and cannot be shown again."""
    require_owner(user=user, organisation=organisation)
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the credential a name."), field="name")
    scopes = sorted(set(scopes or []))
    unknown = [scope for scope in scopes if scope not in Scope.values]
    if unknown or not scopes:
        raise ApplicationError(_("Choose at least one scope among read, write, interests and webhooks."),
                               field="scopes")
    prefix = secrets.token_hex(4)
    while ApiCredential.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    service_user = User.objects.create_user(
        email=f"api-{prefix}@{SERVICE_EMAIL_DOMAIN}", password=None, display_name=f"API: {name[:100]}"
    )
    Membership.objects.create(user=service_user, organisation=organisation, role=Membership.Role.EDITOR)
    _in_app_only(service_user)
    credential = ApiCredential.objects.create(
        organisation=organisation, name=name[:100], prefix=prefix, secret_hash=_hash(secret), scopes=scopes,
        service_user=service_user, created_by=user,
    )
    audit_record(actor=user, action="api_credential.create", target=credential, data={"scopes": scopes})
    return credential, f"{TOKEN_PREFIX}_{prefix}_{secret}"


def _in_app_only(service_user):
    """The service user hears the organisation's events like any member, on the site only: its address is not
    a mailbox, and the partner reads them through /api/v1/notifications/."""
    for ntype in NotificationType.values:
        preference_set(user=service_user, ntype=ntype, channel=Channel.IN_APP)


@transaction.atomic
def credential_revoke(*, user, credential):
    require_owner(user=user, organisation=credential.organisation)
    return credential_revoke_unchecked(credential=credential, actor=user)


def credential_revoke_unchecked(*, credential, actor, data=None):
    """Revoke without asking who may: for an owner (checked above) or the platform itself (creator_rights)."""
    if credential.revoked_at is not None:
        return credential
    credential.revoked_at = timezone.now()
    credential.save(update_fields=["revoked_at"])
    service_user = credential.service_user
    service_user.is_active = False
    service_user.save(update_fields=["is_active"])
    Membership.objects.filter(user=service_user).delete()
    audit_record(actor=actor, action="api_credential.revoke", target=credential, data=data)
    return credential


def credential_authenticate(*, token):
    """The active credential the token belongs to, or None."""
    parts = (token or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    credential = (
        ApiCredential.objects.select_related("service_user", "organisation")
        .filter(prefix=parts[1][:12], revoked_at__isnull=True)
        .first()
    )
    if credential is None or not hmac.compare_digest(credential.secret_hash, _hash(parts[2])):
        return None
    if not credential.service_user.is_active:
        return None
    now = timezone.now()
    if credential.last_used_at is None or now - credential.last_used_at > LAST_USED_RESOLUTION:
        ApiCredential.objects.filter(pk=credential.pk).update(last_used_at=now)
        credential.last_used_at = now
    return credential
