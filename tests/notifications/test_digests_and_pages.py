"""Digests, the notification list, the bell and the preferences page."""
import pytest
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from notifications.context_processors import unread_count
from notifications.models import Notification, NotificationPreference
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def note(user, **extra):
    extra.setdefault("type", "match")
    extra.setdefault("title", "A new need fits your capability")
    extra.setdefault("url", "/listings/1/")
    return Notification.objects.create(recipient=user, **extra)


def test_the_daily_digest_gathers_pending_items_once_per_person():
    alice, bob, carol = make_user(), make_user(), make_user()
    note(alice, channel="daily"), note(alice, channel="daily", title="Second")
    note(bob, channel="daily")
    note(carol, channel="weekly")
    call_command("send_digests", "daily")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
    alice_mail = next(m for m in mail.outbox if m.to == [alice.email])
    assert "Second" in alice_mail.body and "/notifications/unsubscribe/" in alice_mail.extra_headers["List-Unsubscribe"]
    call_command("send_digests", "daily")
    assert len(mail.outbox) == 2  # nothing is sent twice
    call_command("send_digests", "weekly")
    assert mail.outbox[-1].to == [carol.email]


def test_a_digest_leaves_out_what_its_reader_may_no_longer_read(django_capture_on_commit_callbacks):
    """A saved-search alert waits for the daily digest; meanwhile the listing is made visible to verified
    organisations only, or closed: the digest checks again and says nothing of it."""
    from collaboration.services import saved_search_create
    from marketplace.models import Listing
    from marketplace.services import listing_close, listing_publish, listing_update
    from tests.factories import make_listing, make_member, make_org, make_staff

    lab = make_org()
    editor = make_member(lab, role="owner")
    reader = make_member(make_org())  # an unverified organisation
    saved_search_create(user=reader, name="动捕", query={"q": ["动作捕捉"]}, frequency="daily")
    titles = ["动作捕捉实验室（之后仅限认证机构）", "动作捕捉外包（之后关闭）", "动作捕捉课程"]
    listings = [make_listing(lab, status=Listing.Status.SUBMITTED, title=title) for title in titles]
    with django_capture_on_commit_callbacks(execute=True):
        for listing in listings:
            listing_publish(user=make_staff(), listing=listing)
    assert Notification.objects.filter(recipient=reader, channel="daily").count() == 3
    listing_update(user=editor, listing=listings[0], visibility=Listing.Visibility.VERIFIED)
    listing_close(user=editor, listing=listings[1], reason="withdrawn")

    call_command("send_digests", "daily")
    [digest] = [m for m in mail.outbox if m.to == [reader.email]]
    assert titles[2] in digest.body and titles[0] not in digest.body and titles[1] not in digest.body
    assert not Notification.objects.filter(recipient=reader, emailed_at__isnull=True).exists()  # settled
    call_command("send_digests", "daily")
    assert len([m for m in mail.outbox if m.to == [reader.email]]) == 1


def test_the_list_filters_and_marks_read(client):
    user = make_user()
    first = note(user, type="match")
    second = note(user, type="interest", url="/collaboration/interests/1/")
    note(make_user())  # someone else's
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count('data-testid="notification"') == 2
    page = client.get(reverse("notifications:list"), {"type": "interest"}).content.decode()
    assert page.count('data-testid="notification"') == 1 and f'data-id="{second.pk}"' in page
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == first.url
    page = client.get(reverse("notifications:list"), {"unread": "1"}).content.decode()
    assert page.count('data-testid="notification"') == 1
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_someone_elses_notification_cannot_be_opened(client):
    client.force_login(make_user())
    other = note(make_user())
    assert client.post(reverse("notifications:open", args=[other.pk])).status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_the_bell_shows_the_unread_count():
    user = make_user()
    note(user), note(user)
    request = RequestFactory().get("/")
    request.user = user
    html = render_to_string("notifications/_bell.html", {**unread_count(request), "user": user})
    assert 'data-testid="notification-count">2<' in html


def test_preferences_store_only_changes_from_the_default(client):
    user = make_user()
    client.force_login(user)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    client.post(reverse("notifications:preferences"), {"pref-match": "weekly", "pref-interest": "instant"})
    assert list(NotificationPreference.objects.values_list("type", "channel")) == [("match", "weekly")]
