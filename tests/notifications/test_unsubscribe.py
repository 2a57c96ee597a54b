"""One-click unsubscribe links are signed: the real one works, forged or altered ones change nothing."""
import pytest
from django.core import signing
from django.urls import reverse

from notifications.models import NotificationPreference
from notifications.tokens import SALT, unsubscribe_token
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def url(token):
    return reverse("notifications:unsubscribe", args=[token])


def test_the_signed_link_stops_that_types_email_with_one_post(client):
    user = make_user()
    token = unsubscribe_token(user_id=user.pk, ntype="match")
    assert client.get(url(token)).status_code == 200
    assert not NotificationPreference.objects.exists()  # a GET (link scanner) changes nothing
    response = client.post(url(token))
    assert response.status_code == 200 and b'data-testid="unsubscribe-done"' in response.content
    assert NotificationPreference.objects.get(user=user, type="match").channel == "in_app"


@pytest.mark.parametrize("forge", [
    lambda user, other: signing.dumps({"u": other.pk, "t": "match"}, salt="another-salt"),
    lambda user, other: signing.dumps({"u": other.pk, "t": "match"}, salt=SALT, key="not-our-secret"),
    lambda user, other: unsubscribe_token(user_id=user.pk, ntype="match").replace(
        signing.b64_encode(f'{{"u":{user.pk}'.encode()).decode()[:6], "AAAAAA"),
    lambda user, other: unsubscribe_token(user_id=user.pk, ntype="match")[:-3] + "abc",
    lambda user, other: "garbage",
])
def test_forged_links_are_refused(client, forge):
    user, other = make_user(), make_user()
    response = client.post(url(forge(user, other)))
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_a_digest_link_stops_the_digest_for_every_type_in_it(client):
    user = make_user()
    NotificationPreference.objects.create(user=user, type="match", channel="daily")
    client.post(url(unsubscribe_token(user_id=user.pk, ntype="digest-daily")))
    assert NotificationPreference.objects.get(user=user, type="match").channel == "in_app"
