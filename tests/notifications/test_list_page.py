"""The notifications page: a filter that says what is wrong, mark one or all read without leaving the list,
20 a page."""
import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import make_user

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")


def note(user, n=0, **extra):
    return Notification.objects.create(recipient=user, type=extra.pop("type", "match"), title=f"Note {n}", **extra)


def test_one_notification_is_marked_read_and_the_list_keeps_its_filters(client):
    user = make_user()
    first, second = note(user, 1), note(user, 2)
    client.force_login(user)
    response = client.post(reverse("notifications:read", args=[first.pk]), {"next": f"{LIST}?unread=1"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?unread=1"
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    page = client.get(LIST, {"unread": "1"}).content.decode()
    assert page.count('data-testid="notification"') == 1


def test_someone_elses_notification_cannot_be_marked_read(client):
    other = note(make_user())
    client.force_login(make_user())
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404


def test_marking_all_read_says_how_many(client):
    user = make_user()
    for n in range(3):
        note(user, n)
    client.force_login(user)
    page = client.post(reverse("notifications:read_all"), follow=True).content.decode()
    assert "message--success" in page and "3" in page[page.index('data-testid="messages"'):][:300]
    assert 'data-testid="mark-all-read"' not in page  # nothing left unread


def test_twenty_a_page_with_numbered_pages(client):
    user = make_user()
    for n in range(45):
        note(user, n)
    client.force_login(user)
    first = client.get(LIST, {"type": "match"}).content.decode()
    assert first.count('data-testid="notification"') == 20
    assert 'href="?type=match&amp;page=3"' in first and 'aria-current="page">1<' in first
    assert client.get(LIST, {"type": "match", "page": 3}).content.decode().count('data-testid="notification"') == 5


def test_an_unknown_type_is_a_400_with_the_field_message(client):
    client.force_login(make_user())
    response = client.get(LIST, {"type": "gossip"})
    assert response.status_code == 400 and 'class="errorlist' in response.content.decode()
