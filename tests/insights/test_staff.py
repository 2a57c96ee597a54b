"""Staff insights: filters with field errors, organisation activity and moderation throughput, staff only."""
import datetime

import pytest
from django.utils import timezone

from core.models import AuditEntry
from tests.factories import make_user

from .readers import csv_rows, page_tables, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(is_staff=True))
    return client


def test_only_staff_may_read_staff_insights(client, world):
    assert client.get("/staff/insights/").status_code == 302  # to sign in
    client.force_login(world.owner)
    assert client.get("/staff/insights/").status_code == 403
    assert client.get("/staff/insights/export/organisation_activity.csv").status_code == 403


def test_a_period_that_ends_before_it_starts_is_a_400_with_the_field_message(staff_client, world):
    response = staff_client.get("/staff/insights/?since=2026-05-01&until=2026-01-01")
    assert response.status_code == 400
    assert b'data-testid="error-until"' in response.content
    assert staff_client.get("/staff/insights/?since=not-a-date").status_code == 400
    assert staff_client.get("/staff/insights/?org_kind=pirate").status_code == 400
    assert staff_client.get("/staff/insights/export/moderation.csv?since=x").status_code == 400


def test_organisation_activity_by_kind_and_period(staff_client, world):
    tables, _ = page_tables(staff_client.get("/staff/insights/?org_kind=enterprise").content.decode())
    rows = {row[0]: [int(cell) for cell in row[2:]] for row in tables["organisation_activity"]["rows"]}
    # listings published, sent, received, answered, accepted, completed
    assert rows == {"苏韵游戏": [3, 1, 3, 1, 0, 0], "粤影科技": [2, 2, 0, 0, 0, 0]}
    since = (timezone.localdate() - datetime.timedelta(days=9)).isoformat()
    tables, figures = page_tables(staff_client.get(f"/staff/insights/?since={since}").content.decode())
    assert int(figures["interests"]) == 3  # i4, i5 (on the hidden h1) and i6 were sent in the last nine days
    assert int(figures["needs"]) == 1  # n3, published three days ago


def test_moderation_throughput_from_submission_to_decision(staff_client, world):
    now = timezone.now()
    for listing, hours, action in ((world.c1, 4, "listing.approve"), (world.n1, 10, "listing.approve"),
                                   (world.n2, 30, "listing.reject")):
        submit = AuditEntry.objects.create(action="listing.submit", target_type="marketplace.listing",
                                           target_id=listing.pk, target_repr="x")
        decide = AuditEntry.objects.create(action=action, target_type="marketplace.listing", target_id=listing.pk,
                                           target_repr="x")
        AuditEntry.objects.filter(pk=submit.pk).update(created_at=now - datetime.timedelta(hours=hours + 1))
        AuditEntry.objects.filter(pk=decide.pk).update(created_at=now - datetime.timedelta(hours=1))
    response = staff_client.get("/staff/insights/")
    tables, figures = page_tables(response.content.decode())
    assert int(figures["decisions"]) == 3 and float(figures["moderation_median"]) == 10.0
    this_month = f"{timezone.localtime(now - datetime.timedelta(hours=1)):%Y-%m}"
    row = next(row for row in tables["moderation"]["rows"] if row[0] == this_month)
    assert row[1:] == ["2", "1", "10.0"]
    headers, body = csv_rows(staff_client.get("/staff/insights/export/moderation.csv").content)
    assert [this_month, "2", "1", "10.0"] in body


def test_staff_see_the_events_held_in_the_period_with_their_figures(staff_client, world):
    def events(query):
        tables, _ = page_tables(staff_client.get(f"/staff/insights/?{query}").content.decode())
        return [[row[0], *[int(cell) for cell in row[2:]]] for row in tables["events"]["rows"]]

    delta = [world.delta_day.title_zh, 3, 5, 3, 2, 1, 1]  # registrations, requests, accepted, placed, held, follow-ups
    online = [world.online_day.title_zh, 2, 1, 1, 1, 1, 0]
    assert events("") == [delta, online]  # newest first; neither the one to come nor the cancelled one
    day = lambda days: (timezone.localdate() - datetime.timedelta(days=days)).isoformat()  # noqa: E731
    assert events(f"since={day(20)}") == [delta]
    assert events(f"until={day(30)}") == [online]
    assert events(f"since={day(20)}&until={day(13)}") == []
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):  # the downloads follow the same filter
        headers, body = read(staff_client.get(f"/staff/insights/export/events.{fmt}?until={day(30)}").content)
        assert [[row[0], *map(int, row[2:])] for row in body] == [online]
