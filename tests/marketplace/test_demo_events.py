"""The demo's matchmaking events (marketplace/demo_events.py, loaded by load_demo): a brokerage day held three
weeks ago, lived through the events services, whose figures reach the insights, and one open for registration.
That a second load adds nothing is checked with the rest of the demo (test_commands.py)."""
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from events.models import Event
from events.rules import booking_open, event_over, registration_open
from events.selectors import event_figures, proposals_for
from marketplace.demo_events import COMING, HELD
from tests.insights.readers import page_tables

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_demo_holds_a_past_brokerage_day_and_one_open_for_registration(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # as in the demo: what follows a commit runs in-process
    call_command("load_demo", stdout=open("/dev/null", "w"))  # once: it takes seconds
    held, coming = Event.objects.get(title_zh=HELD["title_zh"]), Event.objects.get(title_zh=COMING["title_zh"])
    held_day_went_through_every_stage_without_a_clash(held)
    coming_day_is_open_for_registration_with_the_demo_firm_registered(coming)
    a_visitor_sees_both_days_on_the_events_page_and_the_held_one_in_the_insights(client, held, coming)


def held_day_went_through_every_stage_without_a_clash(held):
    assert event_over(held) and held.ends_on < timezone.localdate()
    figures = event_figures(held)
    assert figures["registrations"] == 6 and figures["pending"] == 0
    assert figures["requests"] > figures["accepted"] == figures["placed"] > figures["held"] > 0
    assert figures["follow_ups"] == 1
    placed = list(held.meetings.filter(slot__isnull=False).select_related("slot"))
    assert all(held.starts_on == timezone.localtime(m.slot.starts_at).date() for m in placed)
    sides = Counter((m.slot_id, p) for m in placed for p in (m.requester_id, m.invitee_id))
    assert max(sides.values()) == 1  # nobody has two meetings at once
    tables = Counter((m.slot_id, m.table) for m in placed)
    assert max(tables.values()) == 1 and all(1 <= m.table <= held.tables for m in placed)
    assert all(m.reasons_zh and m.score > 0 for m in held.meetings.all())  # requested from the engine's proposals
    # The follow-up: an interest in the listing the meeting was about, sent after the day, open for an answer.
    meeting = held.meetings.get(interest__isnull=False)
    interest = meeting.interest
    assert interest.listing_id == meeting.invitee_listing_id
    assert interest.from_organisation_id == meeting.requester.organisation_id
    assert timezone.localtime(interest.created_at).date() > held.ends_on and interest.state == "sent"
    assert meeting.reports.filter(held=True).exists()


def coming_day_is_open_for_registration_with_the_demo_firm_registered(coming):
    assert registration_open(coming) and not booking_open(coming) and not event_over(coming)
    firm, researcher = User.objects.get(email="firm@demo.ctx"), User.objects.get(email="researcher@demo.ctx")
    registered = set(coming.participants.filter(status="approved").values_list("organisation__slug", flat=True))
    assert "xingzhu-interactive" in registered and len(registered) == 3
    assert not researcher.memberships.filter(organisation__slug__in=registered).exists()  # left to the visitor
    firm_side = coming.participants.get(organisation__memberships__user=firm)
    assert proposals_for(participant=firm_side)  # proposed as soon as the participants registered


def a_visitor_sees_both_days_on_the_events_page_and_the_held_one_in_the_insights(client, held, coming):
    for language, title in (("zh-hans", "title_zh"), ("en", "title_en")):
        client.cookies["django_language"] = language
        html = client.get("/events/").content.decode()
        assert getattr(held, title) in html and getattr(coming, title) in html
    client.cookies["django_language"] = "zh-hans"
    rows = page_tables(client.get("/insights/").content.decode())[0]["events"]["rows"]
    figures = event_figures(held)
    assert rows == [[held.title_zh, held.starts_on.isoformat(), *[str(figures[name]) for name in (
        "registrations", "requests", "accepted", "placed", "held", "follow_ups")]]]
    [row] = client.get("/api/v1/insights/").json()["events"]
    assert row["id"] == held.pk and row["held"] == figures["held"] and row["follow_ups"] == 1
