"""API-side glue around the marketplace services: which organisation a new listing belongs to."""
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core.exceptions import ApplicationError
from marketplace.selectors import listing_editable_organisations
from marketplace.services import listing_create

from ..selectors import owned_organisations


def resolve_organisation(*, user, credential, organisation_id, owned=False):
    """The organisation a write is for: a credential's own, or the one named, or the caller's only one
    (among those they edit for, or own when `owned`)."""
    if credential is not None:
        if organisation_id and organisation_id != credential.organisation_id:
            raise ApplicationError(_("A credential can only act for its own organisation."), field="organisation")
        return credential.organisation
    if organisation_id:
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise ApplicationError(_("There is no such organisation."), field="organisation")
        return organisation
    candidates = list((owned_organisations if owned else listing_editable_organisations)(user=user)[:2])
    if len(candidates) != 1:
        raise ApplicationError(_("Say which organisation this is for."), field="organisation")
    return candidates[0]


@transaction.atomic
def api_listing_create(*, user, credential, data):
    data = dict(data)
    organisation = resolve_organisation(user=user, credential=credential,
                                        organisation_id=data.pop("organisation", None))
    return listing_create(user=user, organisation=organisation, kind=data.pop("kind"), **data)
