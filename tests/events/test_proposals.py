"""Proposals come from the matching engine: a stored Match between two participants' listings is used as it is;
pairs the engine never stored are scored by the search backend, on PostgreSQL and on Elasticsearch alike."""
import pytest

from events.models import Proposal
from events.selectors import proposals_for
from events.services.participation import participant_withdraw
from events.services.proposals import proposals_refresh
from matching.models import Match
from matching.services import search_index_sync

pytestmark = pytest.mark.django_db


def test_a_stored_match_between_the_participants_listings_is_the_proposal(sides):
    Match.objects.create(need=sides.need, capability=sides.capability, found_by=sides.need, score=0.91,
                         reasons_zh=["共同领域：博物馆"], reasons_en=["Shared sector: museums"])
    proposals_refresh(event_id=sides.lab_p.event_id)
    proposal = Proposal.objects.get()
    assert (proposal.score, proposal.reasons_en) == (0.91, ["Shared sector: museums"])


def test_missing_pairs_are_scored_by_the_search_backend(sides, backend_name):
    search_index_sync(listing_ids=[sides.need.pk, sides.capability.pk])
    assert not Match.objects.exists()
    assert proposals_refresh(event_id=sides.lab_p.event_id) == 1
    [row] = proposals_for(participant=sides.museum_p)
    assert row["other"] == sides.lab_p and row["their_listing"] == sides.capability
    assert row["proposal"].reasons_en and row["proposal"].reasons_zh


def test_the_participants_listings_are_scored_even_beyond_the_engines_usual_candidates(sides, monkeypatch):
    """The engine scores a listing against a window of counterparts (the newest 500 on the database backend);
    at an event the other participants' listings are scored whatever that window holds."""
    import matching.backends.database.backend as database
    from marketplace.models import Listing
    from tests.factories import make_listing, make_org

    monkeypatch.setattr(database, "MATCH_CANDIDATES", 1)
    for kind in (Listing.Kind.NEED, Listing.Kind.CAPABILITY):  # newer counterparts of organisations not there
        make_listing(make_org(), kind=kind, title="Volumetric capture of artefacts for VR exhibitions")
    proposals_refresh(event_id=sides.lab_p.event_id)
    assert [row["other"] for row in proposals_for(participant=sides.museum_p)] == [sides.lab_p]


def test_refreshing_twice_gives_the_same_rows_and_a_withdrawal_removes_them(sides):
    proposals_refresh(event_id=sides.lab_p.event_id)
    first = list(Proposal.objects.values_list("pk", "a_id", "b_id", "score"))
    proposals_refresh(event_id=sides.lab_p.event_id, participant_id=sides.lab_p.pk)
    again = list(Proposal.objects.values_list("pk", "a_id", "b_id", "score"))
    assert [row[:3] for row in again] == [row[:3] for row in first]  # the same row, updated in place
    assert again[0][3] == pytest.approx(first[0][3], abs=1e-6)  # freshness moves with the clock
    participant_withdraw(user=sides.lab_editor, participant=sides.lab_p)
    assert not Proposal.objects.exists()
    assert proposals_for(participant=sides.museum_p) == []
