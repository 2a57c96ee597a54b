from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.selectors import membership_role
from core.exceptions import PermissionDeniedError
from marketplace.audit import audit_record

UPDATABLE = {"name_en", "province", "city", "metro_area", "description", "website"}


@transaction.atomic
def organisation_update(*, user, organisation, credential=None, **data):
    """Owners (and staff) edit the public profile; a credential of the organisation with the write scope was
    issued by an owner and may do the same."""
    allowed = (
        getattr(user, "is_staff", False)
        or membership_role(user=user, organisation=organisation) == Membership.Role.OWNER
        or (credential is not None and credential.organisation_id == organisation.pk)
    )
    if not allowed:
        raise PermissionDeniedError(_("Only owners of this organisation may change its profile."))
    for field, value in data.items():
        if field in UPDATABLE:
            setattr(organisation, field, value)
    organisation.full_clean(exclude=["logo"])
    organisation.save()
    audit_record(actor=user, action="organisation.update", target=organisation, data={"fields": sorted(data)})
    return organisation
