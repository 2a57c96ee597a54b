"""The saved-searches page says what each search looks for and how many new results it brought, confirms
every change with a message and asks before deleting."""
import pytest
from django.urls import reverse

from collaboration.models import SavedSearch
from marketplace.models import Sector
from notifications.models import Notification
from tests.factories import make_listing, make_user

pytestmark = pytest.mark.django_db
PAGE = reverse("collaboration:saved_searches")


@pytest.fixture
def person(client):
    user = make_user()
    client.force_login(user)
    return user


def alert(user, saved, listing, read=False):
    from django.utils import timezone

    return Notification.objects.create(recipient=user, type="saved_search", title=listing.title,
                                       key=f"saved_search:{saved.pk}:{listing.pk}", url=listing.get_absolute_url(),
                                       read_at=timezone.now() if read else None)


def test_each_search_is_described_in_words_and_filters_of_the_readers_language(client, person):
    Sector.objects.update_or_create(slug="museums-heritage", defaults={"name_zh": "博物馆与文化遗产",
                                                                       "name_en": "Museums and heritage"})
    SavedSearch.objects.create(user=person, name="三维", frequency="weekly", query={
        "q": ["三维 重建"], "kind": ["need"], "sector": ["museums-heritage"], "province": ["浙江省"]})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(PAGE).content.decode()
    summary = page[page.index('data-testid="saved-search-summary"'):page.index("</dl>")]
    for text in ("Words", "三维 重建", "Kind", "Need", "Sector", "Museums and heritage", "Province", "Zhejiang"):
        assert text in summary
    assert "museums-heritage" not in summary and "Weekly digest" in page


def test_the_number_of_new_results_comes_from_unopened_alerts_and_seeing_them_clears_it(client, person):
    saved = SavedSearch.objects.create(user=person, name="VR", query={"q": ["VR"]})
    other = SavedSearch.objects.create(user=person, name="AR", query={"q": ["AR"]})
    first, second, third = make_listing(), make_listing(), make_listing()
    alert(person, saved, first), alert(person, saved, second), alert(person, saved, third, read=True)
    alert(person, other, first)
    page = client.get(PAGE).content.decode()
    row = page[page.index(f'data-id="{saved.pk}"'):]
    assert 'data-testid="saved-search-new" data-count="2"' in row[:row.index("</li>")]

    response = client.post(reverse("collaboration:saved_search_results", args=[saved.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/search/?") and "q=VR" in response["Location"]
    assert "sort=newest" in response["Location"]
    assert not Notification.objects.filter(key__startswith=f"saved_search:{saved.pk}:", read_at=None).exists()
    assert Notification.objects.filter(key__startswith=f"saved_search:{other.pk}:", read_at=None).count() == 1


def test_saving_updating_and_deleting_each_end_with_a_message(client, person):
    response = client.post(reverse("collaboration:saved_search_create"),
                           {"query": "q=VR", "name": "VR tours", "frequency": "daily"}, follow=True)
    assert "message--success" in response.content.decode() and "VR tours" in response.content.decode()
    saved = SavedSearch.objects.get()
    response = client.post(reverse("collaboration:saved_search_update", args=[saved.pk]),
                           {"name": "VR museum tours", "frequency": "instant"}, follow=True)
    assert "message--success" in response.content.decode()
    response = client.post(reverse("collaboration:saved_search_delete", args=[saved.pk]), follow=True)
    assert "message--success" in response.content.decode() and 'data-testid="saved-searches-empty"' in \
        response.content.decode()


def test_deleting_asks_first_in_a_danger_panel(client, person):
    SavedSearch.objects.create(user=person, name="VR", query={"q": ["VR"]})
    page = client.get(PAGE).content.decode()
    disclosure = page[page.index('data-testid="saved-search-delete"'):]
    disclosure = disclosure[:disclosure.index("</details>")]
    assert "disclosure--danger" in page and "button--danger" in disclosure and 'data-testid="delete-confirm"' in \
        disclosure


def test_saving_without_a_search_says_why(client, person):
    response = client.post(reverse("collaboration:saved_search_create"), {"query": "page=2", "frequency": "daily"},
                           follow=True)
    assert "message--error" in response.content.decode()
    assert not SavedSearch.objects.exists()
