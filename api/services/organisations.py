from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import require_owner
from core.audit import audit_record

UPDATABLE = {"name_en", "province", "city", "metro_area", "description", "website"}


@transaction.atomic
def organisation_update(*, user, organisation, credential=None, **data):
    """Owners edit the public profile (staff do not act for organisations); a credential of the organisation
    with the write scope was issued by an owner and may do the same."""
    if credential is None or credential.organisation_id != organisation.pk:
        require_owner(user, organisation, _("Only owners of this organisation may change its profile."))
    for field, value in data.items():
        if field in UPDATABLE:
            setattr(organisation, field, value)
    organisation.full_clean(exclude=["logo"])
    organisation.save()
    audit_record(actor=user, action="organisation.update", target=organisation, data={"fields": sorted(data)})
    return organisation
