"""The index heals itself: a missing or empty index (Elasticsearch restarted with its data gone) while the database
has published listings is rebuilt at once, a lagging one reconciled, one repair at a time; on the real
Elasticsearch and PostgreSQL."""
import psycopg
import pytest
from django.db import connection

from marketplace.models import Listing
from matching.app_settings import app_settings
from matching.backends.elasticsearch import index as es_index
from matching.backends.elasticsearch.client import get_client
from matching.index_health import REPAIR_LOCK, ensure_index, index_health
from matching.tasks import ensure_index_task
from tests.matching.test_index_sync import closed_port, indexed_ids, people, publish  # noqa: F401

pytestmark = [pytest.mark.elasticsearch, pytest.mark.postgres]


@pytest.fixture
def published(people):  # noqa: F811
    return [publish(people, "lab", Listing.Kind.CAPABILITY, f"数字文旅能力 {n}", "文旅数字化")
            for n in range(3)]


def lose_the_index():
    """What a restart with an empty data directory leaves: no index, no alias."""
    client = get_client()
    for name in es_index.indexes_behind(client, app_settings.LISTINGS_ALIAS):
        client.indices.delete(index=name)


def test_a_lost_index_is_rebuilt_at_once(published):
    assert index_health().whole
    lose_the_index()
    health = index_health()
    assert health.needs_rebuild and not health.alias_exists and health.published == 3

    health, done = ensure_index()
    assert done == "rebuilt"
    assert health.whole and health.lag == 0 and health.documents == 3
    assert indexed_ids() == {listing.pk for listing in published}
    assert ensure_index()[1] == ""  # whole: nothing to do


def test_an_index_recreated_by_a_write_after_the_loss_is_filled_again(people, published):  # noqa: F811
    lose_the_index()
    # The next write makes a new, empty index behind the alias and puts its one listing in it.
    later = publish(people, "firm", Listing.Kind.NEED, "数据丢失后发布的需求", "新需求")
    health = index_health()
    assert health.alias_exists and health.documents == 1 and health.lag == 3 and not health.needs_rebuild

    health, done = ensure_index()
    assert done == "reconciled" and health.whole
    assert indexed_ids() == {listing.pk for listing in published} | {later.pk}


def test_only_one_repair_runs_at_a_time(published):
    lose_the_index()
    db = connection.settings_dict
    other = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                            dbname=db["NAME"], autocommit=True)
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [REPAIR_LOCK])  # another process is repairing
        health, done = ensure_index()
        assert done == "busy" and health.needs_rebuild
        other.execute("SELECT pg_advisory_unlock(%s)", [REPAIR_LOCK])
        assert ensure_index()[1] == "rebuilt"
    finally:
        other.close()
    assert indexed_ids() == {listing.pk for listing in published}


def test_an_unreachable_cluster_is_reported_and_left_alone(published, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    health, done = ensure_index()
    assert not health.reachable and health.error and done == ""
    assert health.published == 3 and health.lag is None


def test_the_beat_task_repairs_and_runs_each_minute(published, settings):
    lose_the_index()
    assert ensure_index_task() == "rebuilt"
    assert indexed_ids() == {listing.pk for listing in published}
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "matching.tasks.ensure_index_task")
    assert entry["schedule"] <= 60
