"""What people do with their matches: seen when shown to the listing's organisation, dismissed by its editors
(site and API, permission-checked), contacted when an interest is sent on the pair; refreshes keep all three."""
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership
from api.services.credentials import credential_create
from collaboration.services import interest_send
from marketplace.models import Listing
from matching.backends import SYSTEM_VIEWER, get_search_backend
from matching.models import Match
from matching.services import matches_refresh_for_listing
from tests.factories import make_listing, make_member, make_org, make_sector, make_user

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def pair(db, settings, require_postgres):
    settings.SEARCH_BACKEND = "database"
    games = make_sector("games")
    firm, lab = make_org(kind="enterprise"), make_org()
    p = SimpleNamespace(firm=firm, lab=lab, outsider=make_user(),
                        firm_owner=make_member(firm, role=Membership.Role.OWNER),
                        firm_editor=make_member(firm, role=Membership.Role.EDITOR),
                        firm_viewer=make_member(firm, role=Membership.Role.VIEWER),
                        lab_editor=make_member(lab, role=Membership.Role.EDITOR))
    p.need = make_listing(firm, kind=Listing.Kind.NEED, title="Cloud rendering for our mobile game",
                          summary="Streamed graphics", sectors=[games])
    p.capability = make_listing(lab, kind=Listing.Kind.CAPABILITY, title="Cloud rendering for mobile games",
                                summary="Streamed graphics", sectors=[games])
    matches_refresh_for_listing(p.need.pk)
    p.match = Match.objects.get(need=p.need, capability=p.capability)
    return p


def state(p):
    p.match.refresh_from_db()
    return p.match.state


def shown_on_page(client, listing):
    return client.get(listing.get_absolute_url()).content.decode()


def session(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_matches_shown_to_the_listing_s_organisation_become_seen_not_those_shown_to_others(pair, client):
    assert f'data-listing-id="{pair.capability.pk}"' in shown_on_page(client, pair.need)  # a visitor
    client.force_login(pair.lab_editor)  # the other side, on the need's page
    shown_on_page(client, pair.need)
    assert state(pair) == "new"

    client.force_login(pair.firm_viewer)
    first = shown_on_page(client, pair.need)
    assert 'data-testid="match-new"' in first and state(pair) == "seen"
    assert 'data-testid="match-new"' not in shown_on_page(client, pair.need)
    assert 'data-testid="match-dismiss"' not in first  # viewers read, they do not decide


def test_reading_matches_through_the_api_marks_them_seen_and_says_which_were_new(pair):
    _, token = credential_create(user=pair.firm_owner, organisation=pair.firm, name="sync", scopes=["read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/listings/{pair.need.pk}/matches/"

    [first] = client.get(url).json()["results"]
    assert (first["id"], first["listing"]["id"], first["state"]) == (pair.match.pk, pair.capability.pk, "new")
    assert [m["state"] for m in client.get(url).json()["results"]] == ["seen"]


def test_an_editor_dismisses_a_match_on_the_site_and_neither_listing_shows_it_again(pair, client):
    url = f"/search/matches/{pair.match.pk}/dismiss/"
    client.force_login(pair.outsider)
    assert client.post(url).status_code == 404  # not theirs: as if there were no such match
    client.force_login(pair.firm_viewer)
    assert client.post(url).status_code == 403
    assert state(pair) == "new"

    client.force_login(pair.firm_editor)
    assert 'data-testid="match-dismiss"' in shown_on_page(client, pair.need)
    response = client.post(url)

    assert response.status_code == 303 and response["Location"] == pair.need.get_absolute_url()
    assert state(pair) == "dismissed"
    assert f'data-listing-id="{pair.capability.pk}"' not in shown_on_page(client, pair.need)
    client.force_login(pair.lab_editor)
    assert f'data-listing-id="{pair.need.pk}"' not in shown_on_page(client, pair.capability)
    matches_refresh_for_listing(pair.need.pk)
    matches_refresh_for_listing(pair.capability.pk)
    assert state(pair) == "dismissed"


def test_an_editor_of_either_side_dismisses_a_match_through_the_api(pair):
    url = f"/api/v1/matches/{pair.match.pk}/dismiss/"
    _, token = credential_create(user=pair.firm_owner, organisation=pair.firm, name="read only", scopes=["read"])
    read_only = APIClient()
    read_only.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert read_only.post(url).status_code == 403  # the write scope is needed
    assert session(pair.outsider).post(url).status_code == 404
    assert session(pair.firm_viewer).post(url).status_code == 403
    assert session(pair.lab_editor).post(f"/api/v1/matches/{pair.match.pk + 1000}/dismiss/").status_code == 404
    assert state(pair) == "new"

    response = session(pair.lab_editor).post(url)

    assert response.status_code == 200 and response.json() == {"id": pair.match.pk, "state": "dismissed"}
    assert session(pair.firm_editor).get(f"/api/v1/listings/{pair.need.pk}/matches/").json()["results"] == []


def test_an_interest_sent_on_the_pair_marks_it_contacted_and_a_refresh_keeps_it(pair):
    interest_send(user=pair.lab_editor, organisation=pair.lab, listing=pair.need, message="We render games.")
    assert state(pair) == "contacted"

    Listing.objects.filter(pk=pair.need.pk).update(title="Localisation of printed manuals", summary="Translators")
    pair.need.sectors.clear()
    pair.need.refresh_from_db()
    assert pair.capability.pk not in [r.listing_id for r in get_search_backend().match(pair.need, SYSTEM_VIEWER)]
    matches_refresh_for_listing(pair.need.pk)  # the need found the pair and no longer does: kept, as decided
    assert state(pair) == "contacted"
    results = session(pair.firm_editor).get(f"/api/v1/listings/{pair.need.pk}/matches/").json()["results"]
    assert [(m["listing"]["id"], m["state"]) for m in results] == [(pair.capability.pk, "contacted")]
