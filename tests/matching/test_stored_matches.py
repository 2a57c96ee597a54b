"""The stored Match rows: what a refresh keeps, who found a pair, and that the pairs do not depend on the order
in which listings were refreshed. On the real PostgreSQL with the database backend (the engine's ranking is the
contract suite's business)."""
from types import SimpleNamespace

import pytest

from marketplace.models import Listing
from matching import services
from matching.models import Match
from matching.services import matches_refresh_for_listing
from tests.factories import make_listing, make_org, make_sector, make_technology

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def trio(db, settings, require_postgres, monkeypatch):
    """A capability whose best need is `close`, and a need `far` whose only counterpart is the capability:
    with one match kept per listing, far finds the capability but the capability does not find far."""
    settings.SEARCH_BACKEND = "database"
    monkeypatch.setattr(services, "MATCHES_PER_LISTING", 1)
    games, cloud = make_sector("games"), make_technology("cloud-rendering")
    capability = make_listing(make_org(), kind=Listing.Kind.CAPABILITY, title="Cloud rendering for mobile games",
                              summary="Console graphics streamed to phones", sectors=[games], technologies=[cloud])
    close = make_listing(make_org(), kind=Listing.Kind.NEED, title="Cloud rendering for our mobile game",
                         summary="Streamed console graphics on phones", sectors=[games], technologies=[cloud])
    far = make_listing(make_org(), kind=Listing.Kind.NEED, title="Localising a mobile game", summary="Translators",
                       sectors=[games])
    return SimpleNamespace(capability=capability, close=close, far=far)


def stored():
    return set(Match.objects.values_list("need_id", "capability_id"))


def refresh(*listings):
    for listing in listings:
        matches_refresh_for_listing(listing.pk)


def test_the_stored_pairs_do_not_depend_on_the_order_of_the_refreshes(trio):
    refresh(trio.capability, trio.close, trio.far)
    first = stored()
    Match.objects.all().delete()
    refresh(trio.far, trio.close, trio.capability)

    assert stored() == first == {(trio.close.pk, trio.capability.pk), (trio.far.pk, trio.capability.pk)}


def test_a_pair_records_the_listing_that_found_it_and_shows_the_need_s_view_when_both_do(trio):
    refresh(trio.far)
    far_pair = Match.objects.get(need=trio.far)
    assert (far_pair.found_by_id, far_pair.mutual) == (trio.far.pk, False)

    refresh(trio.capability)  # finds `close` alone: far's pair is far's to keep
    refresh(trio.close)  # finds the capability too: one pair, both sides
    close_pair = Match.objects.get(need=trio.close)
    assert (close_pair.found_by_id, close_pair.mutual) == (trio.close.pk, True)
    assert Match.objects.filter(need=trio.far).exists()


def test_a_pair_one_side_stops_finding_stays_while_the_other_still_finds_it(trio, monkeypatch):
    refresh(trio.close, trio.capability)  # both find each other
    monkeypatch.setattr(services, "MIN_MATCH_SCORE", 2.0)  # now `close` finds nothing any more
    refresh(trio.close)

    pair = Match.objects.get(need=trio.close)
    assert (pair.found_by_id, pair.mutual) == (trio.capability.pk, False)  # the capability's pair now
    refresh(trio.capability)  # ... until it stops finding it too
    assert Match.objects.filter(need=trio.close).count() == 0


def test_people_s_decisions_survive_the_refreshes(trio, monkeypatch):
    refresh(trio.far, trio.capability)
    Match.objects.filter(need=trio.far).update(state=Match.State.DISMISSED)
    Match.objects.filter(need=trio.close).update(state=Match.State.SEEN)
    refresh(trio.far, trio.capability)
    assert dict(Match.objects.values_list("need_id", "state")) == {trio.far.pk: "dismissed", trio.close.pk: "seen"}

    monkeypatch.setattr(services, "MIN_MATCH_SCORE", 2.0)  # nobody finds anything any more
    refresh(trio.far, trio.capability, trio.close)
    assert dict(Match.objects.values_list("need_id", "state")) == {trio.far.pk: "dismissed"}


def test_a_match_and_its_event_are_written_together(trio, django_capture_on_commit_callbacks):
    """A refresh that fails after writing a Match but before recording match.created leaves neither, and the
    retry writes both; the event then reaches the people (it was sent after the commit before: lost)."""
    from django.db.models.signals import pre_save

    from core.models import OutboxEvent
    from notifications.models import Notification
    from tests.factories import make_member

    owners = [make_member(trio.far.organisation), make_member(trio.capability.organisation)]

    def crash(sender, instance, **kwargs):
        if instance.type == "match.created":
            raise RuntimeError("the worker died here")

    pre_save.connect(crash, sender=OutboxEvent)
    try:
        with pytest.raises(RuntimeError):
            refresh(trio.far)
    finally:
        pre_save.disconnect(crash, sender=OutboxEvent)
    assert not Match.objects.exists() and not OutboxEvent.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        refresh(trio.far)  # the task's retry
    [match] = Match.objects.all()
    [event] = OutboxEvent.objects.filter(type="match.created")
    assert event.payload == {"match_id": match.pk, "need_id": trio.far.pk, "capability_id": trio.capability.pk,
                             "score": match.score, "reasons_zh": match.reasons_zh, "reasons_en": match.reasons_en,
                             "found_by_listing_id": trio.far.pk}
    assert event.processed_at is not None
    assert set(Notification.objects.filter(type="match").values_list("recipient_id", flat=True)) == {
        owner.pk for owner in owners}


def test_matches_rebuild_recomputes_every_stored_match_with_new_weights(trio, monkeypatch, capsys):
    import json
    from io import StringIO

    from django.core.management import call_command

    from matching import scoring

    refresh(trio.capability, trio.close, trio.far)
    before = dict(Match.objects.values_list("need_id", "score"))
    monkeypatch.setitem(scoring.WEIGHTS, "text", 0.3)  # the weights change
    monkeypatch.setitem(scoring.WEIGHTS, "taxonomy", 0.6)
    out = StringIO()

    call_command("matches_rebuild", "--batch-size", "2", stdout=out)

    assert json.loads(out.getvalue()) == {"listings": 3, "refreshed": 3, "created": 0}
    assert "3/3" in capsys.readouterr().err  # the progress bar
    after = dict(Match.objects.values_list("need_id", "score"))
    assert after.keys() == before.keys() and all(after[k] != pytest.approx(before[k]) for k in after)
    rows = set(Match.objects.values_list("pk", "need_id", "capability_id", "found_by_id", "mutual"))
    call_command("matches_rebuild", stdout=StringIO())  # again: nothing changes
    assert set(Match.objects.values_list("pk", "need_id", "capability_id", "found_by_id", "mutual")) == rows
    assert dict(Match.objects.values_list("need_id", "score")) == pytest.approx(after)
