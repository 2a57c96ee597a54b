"""The outbox runs each reaction of an event on its own (core.outbox): one that fails is retried alone, the others
neither run again nor wait for it; an event no reaction applies to is settled when it is recorded, with nothing
handed to Celery. The registry (config/reactions.py) names each reaction once per event type."""
import pytest

from core.models import OutboxEvent
from core.outbox import Reaction, outbox_process, outbox_record

pytestmark = pytest.mark.django_db

calls = {"steady": 0, "flaky": 0}


def steady(events):
    calls["steady"] += len(events)


def flaky(events):
    calls["flaky"] += len(events)
    if calls["flaky"] == 1:
        raise ConnectionError("this reaction's receiver went away")


REACTIONS = {
    "test.happened": [Reaction("steady", steady), Reaction("flaky", flaky)],
    "test.selective": [Reaction("steady", steady, applies=lambda payload: payload["wanted"])],
}


@pytest.fixture(autouse=True)
def test_reactions(settings):
    settings.OUTBOX_REACTIONS = "tests.core.test_outbox.REACTIONS"
    calls.update(steady=0, flaky=0)


def receipts(event):
    return set(event.receipts.values_list("reaction", flat=True))


def test_a_failing_reaction_is_retried_alone_and_holds_up_no_other():
    event = outbox_record(type="test.happened", payload={})
    with pytest.raises(ConnectionError):
        outbox_process(event_ids=[event.pk])
    event.refresh_from_db()
    assert event.processed_at is None and receipts(event) == {"steady"}

    outbox_process(event_ids=[event.pk])  # the task's retry
    outbox_process(event_ids=[event.pk])  # and the same task delivered once more
    event.refresh_from_db()
    assert calls == {"steady": 1, "flaky": 2}
    assert event.processed_at is not None and receipts(event) == {"steady", "flaky"}


def test_an_event_no_reaction_applies_to_is_settled_when_recorded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as handed_over:
        skipped = outbox_record(type="test.selective", payload={"wanted": False})
    assert skipped.dispatched_at and skipped.processed_at and handed_over == []

    with django_capture_on_commit_callbacks() as handed_over:
        wanted = outbox_record(type="test.selective", payload={"wanted": True})
    assert wanted.processed_at is None and len(handed_over) == 1
    assert OutboxEvent.objects.count() == 2  # both facts are kept


def test_the_registry_names_each_reaction_once_per_event_type(settings):
    from django.utils.module_loading import import_string

    settings.OUTBOX_REACTIONS = "config.reactions.REACTIONS"
    registry = import_string(settings.OUTBOX_REACTIONS)
    assert {"listing.published", "match.created", "interest.sent", "meeting.scheduled", "webhook.paused"} <= set(
        registry)
    for event_type, reactions in registry.items():
        names = [reaction.name for reaction in reactions]
        assert len(names) == len(set(names)), event_type
