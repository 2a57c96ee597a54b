"""Credentials and webhook subscriptions belong to their organisation, but they live only as long as the right
of whoever created them: a credential as long as its creator is an active owner of the organisation; a
subscription as long as its creator is an active owner, or the active credential it was made with. When that
right ends (the member is removed or leaves, is demoted, is deactivated or deleted; the credential is revoked)
the credentials are revoked and the subscriptions paused, each with an audit entry, and the remaining owners are
told by e-mail. An owner who resumes a paused subscription takes it over.

The review runs from model signals (api.receivers) because every path that takes the right away changes a
Membership or User row: the members page, the admin, a cascade."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from accounts.permissions import role_of
from core import mail
from core.audit import audit_record

from ..models import ApiCredential, WebhookSubscription


def holds_creator_rights(user, organisation):
    """May this user (still) create credentials and subscriptions for the organisation?"""
    if user is None or not user.is_active:
        return False
    if role_of(user, organisation, fresh=True) == Membership.Role.OWNER:
        return True
    # A credential's service user (an editor) subscribes with the `webhooks` scope while the credential lives.
    return ApiCredential.objects.filter(service_user=user, organisation=organisation, revoked_at__isnull=True).exists()


def _why(user, organisation, gone):
    if gone or user is None:
        return "deleted"
    if ApiCredential.objects.filter(service_user=user).exists():
        return "credential_revoked"
    if not user.is_active:
        return "deactivated"
    return "demoted" if role_of(user, organisation, fresh=True) else "removed"


@transaction.atomic
def creator_rights_review(*, user_id, organisation_ids=None, gone=False):
    """Revoke the active credentials and pause the active subscriptions that `user_id` created (in these
    organisations, or in all) once they no longer hold the right to. `gone`: the user is being deleted.
    Idempotent: what is already revoked or paused is left as it is."""
    from .credentials import credential_revoke_unchecked

    credentials = ApiCredential.objects.filter(created_by_id=user_id, revoked_at__isnull=True)
    subscriptions = WebhookSubscription.objects.filter(created_by_id=user_id, is_paused=False)
    if organisation_ids is not None:
        credentials = credentials.filter(organisation_id__in=organisation_ids)
        subscriptions = subscriptions.filter(organisation_id__in=organisation_ids)
    concerned = set(credentials.values_list("organisation_id", flat=True))
    concerned |= set(subscriptions.values_list("organisation_id", flat=True))
    if not concerned:
        return
    user = User.objects.filter(pk=user_id).first()
    for organisation in Organisation.objects.filter(pk__in=concerned):
        if not gone and holds_creator_rights(user, organisation):
            continue
        data = {"creator": user.email if user else None, "reason": _why(user, organisation, gone)}
        revoked = []
        for credential in credentials.filter(organisation=organisation):
            credential_revoke_unchecked(credential=credential, actor=None, data=data)
            revoked.append(credential.name)
        paused = []
        for subscription in subscriptions.filter(organisation=organisation):
            subscription.is_paused, subscription.paused_at = True, timezone.now()
            subscription.save(update_fields=["is_paused", "paused_at"])
            audit_record(actor=None, action="webhook.pause", target=subscription, data=data)
            paused.append(subscription.url)
        if revoked or paused:
            transaction.on_commit(lambda o=organisation.pk, r=revoked, p=paused: _tell_owners(
                organisation_id=o, creator_id=user_id, revoked=r, paused=p))


def _tell_owners(*, organisation_id, creator_id, revoked, paused):
    organisation = Organisation.objects.get(pk=organisation_id)
    creator = User.objects.filter(pk=creator_id).first()
    owners = (Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER, user__is_active=True)
              .exclude(user_id=creator_id).select_related("user"))
    for membership in owners:
        with mail.in_language_of(membership.user):
            name = organisation.display_name()
            subject = _("API access of %(organisation)s changed") % {"organisation": name}
            lines = [_("%(creator)s no longer has the right to manage the API access of %(organisation)s, so what "
                       "they created has stopped:") % {"creator": creator or _("A former member"),
                                                        "organisation": name}]
            lines += [_("Revoked credential: %(name)s") % {"name": name_} for name_ in revoked]
            lines += [_("Paused webhook: %(url)s") % {"url": url} for url in paused]
            lines.append(_("Create new credentials on the API credentials page; resume a webhook on the webhooks "
                           "page to take it over."))
            mail.send(subject, "\n\n".join(str(line) for line in lines), [membership.user.email])
