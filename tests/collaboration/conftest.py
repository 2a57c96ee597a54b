from types import SimpleNamespace

import pytest

from marketplace.models import CollaborationType, Listing
from tests.factories import make_listing, make_member, make_org
from tests.fixtures.celery_worker import *  # noqa: F401,F403


@pytest.fixture
def sides():
    """A lab with a published capability and a firm that may express interest in it."""
    lab = make_org(kind="institute")
    firm = make_org(kind="enterprise")
    lab_owner = make_member(lab, role="owner")
    firm_editor = make_member(firm, role="editor")
    # Seeded by a migration, but transactional tests truncate it away.
    CollaborationType.objects.get_or_create(slug="joint_rd",
                                            defaults={"name_zh": "联合研发", "name_en": "Joint R&D"})
    capability = make_listing(lab, kind=Listing.Kind.CAPABILITY, title="Volumetric capture stage",
                              collaboration_types=["joint_rd"])
    return SimpleNamespace(lab=lab, firm=firm, lab_owner=lab_owner, firm_editor=firm_editor, capability=capability)
