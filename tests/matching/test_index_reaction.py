"""Only listings that are or were published reach the search index: saving a draft hands nothing to Celery (no
index task, no outbox task), while a published listing's event queues its index task. Against a real Redis broker
of the test's own (a private redis-server) with no worker reading it, so the queues can be counted."""
import pytest

from accounts.models import Membership
from core.models import OutboxEvent
from core.outbox import outbox_process
from marketplace.models import Listing
from marketplace.services import listing_create, listing_publish, listing_submit, listing_update
from tests.factories import make_member, make_org, make_staff
from tests.fixtures.celery_worker import use_broker

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queues(private_redis, settings):
    """{queue: messages waiting} of a broker nobody consumes, which this test's tasks are sent to."""
    import redis

    from config.celery_app import app

    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    use_broker(private_redis.url)
    client = redis.Redis.from_url(private_redis.url)

    def waiting():
        return {name: sum(client.llen(key) for key in client.keys(f"{name}*") if client.type(key) == b"list")
                for name in ("indexing", "notifications", "webhooks", "celery")}

    yield waiting
    client.close()
    app.conf.task_always_eager = eager
    use_broker(broker)


def test_saving_a_draft_queues_no_task_and_publishing_queues_its_index_task(queues):
    firm = make_org(kind="enterprise")
    editor = make_member(firm, role=Membership.Role.EDITOR)
    need = listing_create(user=editor, organisation=firm, kind=Listing.Kind.NEED, title="VR museum guide",
                          summary="A museum needs a VR guide.")
    listing_update(user=editor, listing=need, summary="A museum needs a VR guide for its bronzes.")
    assert queues() == {"indexing": 0, "notifications": 0, "webhooks": 0, "celery": 0}
    assert not OutboxEvent.objects.filter(processed_at__isnull=True).exists()  # recorded, and settled

    listing_submit(user=editor, listing=need)
    listing_publish(user=make_staff(), listing=need)
    published = OutboxEvent.objects.get(type="listing.published", payload__listing_id=need.pk)
    assert queues()["notifications"] >= 1  # the outbox handed the events over
    outbox_process(event_ids=[published.pk])  # what the worker does with them
    assert queues()["indexing"] == 1
