"""The demo's own data make meaningful charts, and the periodic refresh runs in a real Celery worker."""
import pytest
from django.core.management import call_command
from django.utils import timezone

from collaboration.models import Interest
from insights.models import Snapshot
from insights.tasks import refresh_insights
from tests.fixtures.celery_worker import wait_for

pytestmark = [pytest.mark.postgres]


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_fill_every_chart_and_a_second_load_adds_nothing(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("load_demo", stdout=open("/dev/null", "w"))
    interests = Interest.objects.count()
    public = Snapshot.objects.get(scope="public").payload
    assert interests >= 40 and public["totals"]["interests"] == interests  # every demo listing is public
    assert sum(1 for row in public["by_month"] if row["listings"]) >= 10  # a year of history
    assert sum(1 for row in public["by_month"] if row["interests"]) >= 5
    stages = {row["stage"]: row["count"] for row in public["funnel"]}
    assert stages["matches"] > stages["interests"] > stages["accepted"] > stages["completed"] > 0
    assert sum(1 for row in public["declines"]["distribution"] if row["count"]) >= 4  # several reasons
    assert public["first_answer"]["median_hours"] > 0 and public["unmet"]["rows"]
    zone = Snapshot.objects.get(scope="zone:yangtze_delta").payload
    assert zone["collaborations"]["inside"] > 0 and zone["collaborations"]["across"] > 0
    assert zone["facilities"]["total"] > 0 and zone["responsive"]
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Interest.objects.count() == interests


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_periodic_refresh_runs_in_a_real_worker(world, celery_live):
    before = timezone.now()
    refresh_insights.delay()
    wait_for(lambda: Snapshot.objects.filter(computed_at__gte=before).count() == 5, timeout=90,
             message="the worker to refresh the public and the four zone snapshots")
    assert Snapshot.objects.get(scope="public").payload["totals"]["needs"] == 4
