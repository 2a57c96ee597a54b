"""Saved searches: the browse page's filters, checked against each newly published listing."""
import pytest
from django.http import QueryDict
from django.urls import reverse

from collaboration.models import SavedSearch
from collaboration.saved_search_matching import ListingFacts, clean_query, listing_fits
from marketplace.models import Listing
from marketplace.services import listing_publish
from notifications.models import Notification
from tests.factories import make_listing, make_member, make_org, make_sector, make_staff, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def listing():
    games = make_sector("games")
    return make_listing(make_org(metro_area="yangtze_delta"), kind=Listing.Kind.NEED, title="Motion capture for games",
                        summary="Studio seeks mocap", keywords=["动作捕捉"], sectors=[games],
                        collaboration_types=["joint_rd"], trl_min=4, trl_max=7, metro_area="yangtze_delta",
                        description="Markerless capture of dancers for a heritage exhibition")


@pytest.mark.parametrize("query, fits", [
    ("kind=need", True),
    ("kind=capability", False),
    ("q=mocap+studio", True),
    ("q=动作捕捉", True),
    ("q=mocap+museum", False),
    ("sector=games&sector=film", True),
    ("sector=film", False),
    ("collaboration=joint_rd", True),
    ("collaboration=licensing", False),
    ("region=yangtze_delta&trl=5", True),
    ("region=greater_bay", False),
    ("trl=9", False),
    ("kind=need&page=3&sort=newest", True),
])
def test_filters_of_the_browse_page_decide_the_fit(listing, query, fits):
    assert bool(listing_fits(clean_query(QueryDict(query)), ListingFacts(listing))) is fits


@pytest.mark.parametrize("query", [
    "q=heritage+exhibition", "q=dancers&kind=need", "q=捕捉", "q=mocap+museum", "region=yangtze_delta",
    "org_kind=enterprise", "org_kind=university", "province=上海", "technology=vr", "trl=4&trl=9", "trl=9",
])
def test_a_saved_search_fits_exactly_what_its_search_shows(listing, query):
    """One set of conditions for both: the search page's results and the alerts of the search saved from it."""
    from django.contrib.auth.models import AnonymousUser

    from matching.forms import SearchForm
    from matching.selectors import search_listings

    data = QueryDict(query)
    shown = search_listings(query=SearchForm(data).to_query(data=data, viewer=AnonymousUser(), page_size=100))
    assert listing_fits(clean_query(data), ListingFacts(listing)) is (listing.pk in [h.listing_id for h in shown.hits])


def test_a_listing_without_a_region_of_its_own_fits_no_region(listing):
    Listing.objects.filter(pk=listing.pk).update(metro_area="")  # its organisation is in the delta: not the listing
    assert not listing_fits({"region": ["yangtze_delta"]}, ListingFacts(listing))


def test_a_saved_query_without_a_search_parameter_fits_nothing(listing):
    assert not listing_fits({"page": ["2"], "sectors": ["games"]}, ListingFacts(listing))


def test_a_published_listing_alerts_fitting_searches_in_their_frequency(listing, django_capture_on_commit_callbacks):
    daily, instant, unrelated = make_user(), make_user(), make_user()
    SavedSearch.objects.create(user=daily, name="games", query={"sector": ["games"]}, frequency="daily")
    SavedSearch.objects.create(user=instant, name="mocap", query={"q": ["mocap"]}, frequency="instant")
    SavedSearch.objects.create(user=unrelated, name="film", query={"sector": ["film"]}, frequency="instant")
    Listing.objects.filter(pk=listing.pk).update(status="submitted")
    listing.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(user=make_staff(), listing=listing)
    alerts = dict(Notification.objects.filter(type="saved_search").values_list("recipient_id", "channel"))
    assert alerts == {daily.pk: "daily", instant.pk: "instant"}
    assert SavedSearch.objects.filter(last_run_at__isnull=False).count() == 2


def test_verified_only_listings_alert_only_members_of_verified_organisations(listing,
                                                                            django_capture_on_commit_callbacks):
    unverified = make_member(make_org())
    verified = make_member(make_org(verified=True))
    for user in (unverified, verified):
        SavedSearch.objects.create(user=user, name="needs", query={"kind": ["need"]}, frequency="instant")
    Listing.objects.filter(pk=listing.pk).update(status="submitted", visibility="verified")
    listing.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(user=make_staff(), listing=listing)
    alerted = Notification.objects.filter(type="saved_search").values_list("recipient_id", flat=True)
    assert list(alerted) == [verified.pk]


def test_saving_and_managing_a_search(client):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("collaboration:saved_search_create"),
                           {"query": "q=VR&sector=games&page=2", "name": "", "frequency": "weekly"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=user)
    assert saved.query == {"q": ["VR"], "sector": ["games"]} and saved.frequency == "weekly" and saved.name
    page = client.get(reverse("collaboration:saved_searches")).content.decode()
    assert f'data-id="{saved.pk}"' in page
    client.post(reverse("collaboration:saved_search_update", args=[saved.pk]), {"frequency": "instant", "name": "VR"})
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("VR", "instant")
    client.force_login(make_user())
    assert client.post(reverse("collaboration:saved_search_delete", args=[saved.pk])).status_code == 404
    client.force_login(user)
    client.post(reverse("collaboration:saved_search_delete", args=[saved.pk]))
    assert not SavedSearch.objects.exists()


def test_an_empty_search_is_not_saved(client):
    client.force_login(make_user())
    client.post(reverse("collaboration:saved_search_create"), {"query": "page=2", "frequency": "daily"})
    assert not SavedSearch.objects.exists()
