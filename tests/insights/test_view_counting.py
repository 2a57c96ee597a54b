"""Listing views: counted in the real Redis without a database write, folded in by the periodic task (run by a
real Celery worker), shown to the listing's owners; written at once when there is no Redis."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights import counters
from insights.models import ListingViewCount, ListingViewer
from insights.tasks import fold_listing_views
from tests.factories import make_member, make_org
from tests.fixtures.celery_worker import wait_for

from .readers import page_tables

pytestmark = [pytest.mark.redis]


def view(client, listing, user=None):
    if user is not None:
        client.force_login(user)
    else:
        client.logout()
    assert client.get(listing.get_absolute_url()).status_code == 200


def test_a_view_is_counted_in_redis_without_writing_the_database(client, world, redis_client):
    visitor = make_member(world.ent_gd)
    client.force_login(visitor)
    client.get(world.c1.get_absolute_url())  # warm up the session and caches
    redis_client.flushdb()
    with CaptureQueriesContext(connection) as queries:
        client.get(world.c1.get_absolute_url())
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE")) and "insights_" in q["sql"]]
    assert writes == []
    assert redis_client.get(counters.count_key(world.c1.pk)) == b"1"
    assert redis_client.smembers(counters.orgs_key(world.c1.pk)) == {str(world.ent_gd.pk).encode()}
    assert not ListingViewCount.objects.filter(listing=world.c1).exists()


def test_the_fold_moves_counts_and_viewing_organisations_into_the_database(client, world, redis_client):
    lab, firm = make_org(kind="institute"), make_org(kind="enterprise")
    lab_member, firm_member, firm_colleague = make_member(lab), make_member(firm), make_member(firm)
    view(client, world.c1)  # anonymous: a view, no organisation
    view(client, world.c1, lab_member)
    view(client, world.c1, firm_member)
    view(client, world.c1, firm_colleague)  # the same organisation again
    view(client, world.c1, world.owner)  # the owner's own organisation is not counted
    view(client, world.n1, firm_member)
    assert counters.fold() == 2
    assert ListingViewCount.objects.get(listing=world.c1).views == 4
    assert ListingViewCount.objects.get(listing=world.n1).views == 1
    assert set(ListingViewer.objects.filter(listing=world.c1).values_list("organisation_id", flat=True)) == {
        lab.pk, firm.pk}
    assert redis_client.keys("insights:views:*") == []
    view(client, world.c1, lab_member)
    assert counters.fold() == 1 and counters.fold() == 0
    assert ListingViewCount.objects.get(listing=world.c1).views == 5
    assert ListingViewer.objects.filter(listing=world.c1).count() == 2

    # The owners read it on the listing page and on their dashboard.
    client.force_login(world.owner)
    _, figures = page_tables(client.get(world.c1.get_absolute_url()).content.decode())
    assert (figures["views"], figures["viewers"], figures["interests"], figures["accepted"]) == ("5", "2", "2", "2")
    assert figures["interest_rate"] == "40.0%"
    html = client.get("/me/").content.decode()
    tables_html = html[html.index('data-testid="organisation-statistics"'):]
    row = tables_html[tables_html.index(f'data-listing-id="{world.c1.pk}"'):].split("</tr>")[0]
    assert ">5</td><td>2</td><td>1</td><td>2</td><td>2</td>" in row.replace("\n", "").replace("  ", "")


def test_viewers_by_kind_are_shown_to_owners_only(client, world, redis_client):
    view(client, world.c1, make_member(make_org(kind="institute")))
    counters.fold()
    client.force_login(world.owner)
    html = client.get(world.c1.get_absolute_url()).content.decode()
    assert 'data-testid="listing-statistics"' in html
    client.force_login(make_member(world.ent_gd))
    assert 'data-testid="listing-statistics"' not in client.get(world.c1.get_absolute_url()).content.decode()


def test_a_fold_whose_database_write_fails_puts_the_counts_back(client, world, redis_client, monkeypatch):
    view(client, world.c1, make_member(world.ent_gd))

    def broken(pending):
        raise RuntimeError("database away")

    monkeypatch.setattr(counters, "_store", broken)
    with pytest.raises(RuntimeError):
        counters.fold()
    monkeypatch.undo()
    assert counters.fold() == 1
    assert ListingViewCount.objects.get(listing=world.c1).views == 1
    assert ListingViewer.objects.filter(listing=world.c1, organisation=world.ent_gd).exists()


def test_without_redis_a_view_is_written_to_the_database_at_once(client, world, settings):
    settings.INSIGHTS_VIEW_COUNTER = "database"  # the zero-service demo
    view(client, world.c1, make_member(world.inst_bj))
    assert ListingViewCount.objects.get(listing=world.c1).views == 1
    settings.INSIGHTS_VIEW_COUNTER = "redis"
    settings.INSIGHTS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there: the view is not lost
    counters._clients.clear()
    view(client, world.c1)
    counters._clients.clear()
    assert ListingViewCount.objects.get(listing=world.c1).views == 2


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_folds_the_views_in_a_real_worker(client, world, redis_client, celery_live):
    view(client, world.c1, make_member(world.ent_gd))
    view(client, world.c1)
    fold_listing_views.delay()
    wait_for(lambda: ListingViewCount.objects.filter(listing=world.c1, views=2).exists(), timeout=60,
             message="the worker to fold the views")
    assert ListingViewer.objects.filter(listing=world.c1, organisation=world.ent_gd).exists()
