import pytest
from django.core.management import call_command

from marketplace.models import CollaborationType, Sector, Technology
from marketplace.taxonomy import COLLABORATION_TYPES, seed_reference_data_if_empty

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_shipped_terms_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert CollaborationType.objects.count() == len(COLLABORATION_TYPES)
    assert Sector.objects.filter(slug="games").exists() and Technology.objects.filter(slug="vr-ar").exists()


def test_curated_terms_are_left_alone():
    Sector.objects.filter(slug="games").update(name_en="Games (curated)")
    seed_reference_data_if_empty()
    assert Sector.objects.get(slug="games").name_en == "Games (curated)"
