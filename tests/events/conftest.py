from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from events.services.events import event_create, event_publish
from events.services.participation import participant_register
from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_org, make_sector, make_staff
from tests.fixtures.celery_worker import celery_broker_url, celery_live, celery_worker  # noqa: F401
from tests.fixtures.search import backend_name, use_elasticsearch  # noqa: F401


def event_fields(**overrides):
    """A brokerage day tomorrow, 09:00-10:00 in 20-minute meetings (3 slots), 2 tables; registration and booking
    open now."""
    now = timezone.now()
    tomorrow = timezone.localdate() + timedelta(days=1)
    fields = {
        "title_zh": "长三角文化科技对接会", "title_en": "Yangtze Delta brokerage day", "format": "on_site",
        "venue": "上海国际会议中心", "tables": 2, "starts_on": tomorrow, "ends_on": tomorrow,
        "day_starts": time(9, 0), "day_ends": time(10, 0), "meeting_minutes": 20, "gap_minutes": 0,
        "registration_opens": now - timedelta(hours=1), "registration_closes": now + timedelta(hours=6),
        "booking_opens": now - timedelta(minutes=30), "booking_closes": now + timedelta(hours=6),
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def staff():
    return make_staff(email="organiser@example.com")


@pytest.fixture
def event(staff):
    event = event_create(user=staff, sectors=[make_sector("museums-heritage")], **event_fields())
    return event_publish(user=staff, event=event)


@pytest.fixture
def sides(event):
    """A lab bringing a capability and a museum bringing a need that fits it, both registered."""
    heritage = make_sector("museums-heritage")
    lab, museum = make_org(kind="institute"), make_org(kind="enterprise")
    lab_editor, museum_editor = make_member(lab, role="editor"), make_member(museum, role="owner")
    capability = make_listing(lab, kind=Listing.Kind.CAPABILITY, sectors=[heritage],
                              title="Volumetric capture of museum artefacts",
                              summary="Photogrammetry and volumetric capture of artefacts for VR exhibitions")
    need = make_listing(museum, kind=Listing.Kind.NEED, sectors=[heritage],
                        title="VR exhibition of our artefacts needs volumetric capture",
                        summary="We need volumetric capture and photogrammetry of artefacts for a VR exhibition")
    lab_p = participant_register(user=lab_editor, event=event, organisation=lab, listings=[capability])
    museum_p = participant_register(user=museum_editor, event=event, organisation=museum, listings=[need])
    return SimpleNamespace(lab=lab, museum=museum, lab_editor=lab_editor, museum_editor=museum_editor,
                           capability=capability, need=need, lab_p=lab_p, museum_p=museum_p)


@pytest.fixture
def english():
    """Messages in English, so that tests can name the rule that refused."""
    from django.utils import translation

    with translation.override("en"):
        yield
