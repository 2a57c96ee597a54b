"""The search facets, named once. A facet's name is the parameter of the search page, of /api/v1/search/ and of a
saved search, and the key of its counts; the backends filter and count through its index field (Elasticsearch)
or its ORM path (the database), and the page shows its title and its values' labels."""
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Region
from marketplace.models import CollaborationType, Listing, Sector, Technology

TRL_LEVELS = range(1, 10)


def _taxonomy(model):
    return lambda: {term.slug: term.label() for term in model.objects.all()}


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    value_labels: Callable[[], dict]  # {value: label} in the current language
    index_field: str = ""  # keyword field of the index document
    orm_path: str = ""  # Listing lookup of the value
    # Readiness instead: the level N counts a listing whose [min, max] range holds N (same names in both stores).
    range_fields: tuple = ()

    @property
    def many_to_many(self):
        """The Listing field a listing joins once per value (sectors ...), or ""."""
        field = self.orm_path.split("__")[0]
        return field if self.orm_path and Listing._meta.get_field(field).many_to_many else ""


FACETS = {facet.name: facet for facet in (
    Facet("kind", _("Kind"), lambda: dict(Listing.Kind.choices), index_field="kind", orm_path="kind"),
    Facet("sector", _("Sector"), _taxonomy(Sector), index_field="sectors", orm_path="sectors__slug"),
    Facet("technology", _("Technology"), _taxonomy(Technology), index_field="technologies",
          orm_path="technologies__slug"),
    Facet("collaboration", _("Collaboration"), _taxonomy(CollaborationType), index_field="collaboration",
          orm_path="collaboration_types__slug"),
    Facet("region", _("Metro area"), lambda: dict(Region.choices), index_field="metro_area", orm_path="metro_area"),
    Facet("province", _("Province"), dict, index_field="province", orm_path="province"),
    Facet("org_kind", _("Organisation kind"), lambda: dict(Organisation.Kind.choices), index_field="org_kind",
          orm_path="organisation__kind"),
    Facet("trl", _("Readiness (TRL)"), lambda: {str(n): f"TRL {n}" for n in TRL_LEVELS},
          range_fields=("trl_min", "trl_max")),
)}


def levels(values):
    """The readiness levels among a facet's values (others are ignored, as an unknown slug is)."""
    return [int(value) for value in values if str(value).isdigit()]
