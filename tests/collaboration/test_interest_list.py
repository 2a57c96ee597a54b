"""The interests page: tabs (received, awaiting your reply, sent), a status filter, newest first, 20 a page; the
interest page: accept or decline (its reasons open in place), a message after each step."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.models import Interest
from tests.factories import make_listing, make_member, make_org

pytestmark = pytest.mark.django_db
LIST = reverse("collaboration:interests")


def interest(listing, sender, *, state=Interest.State.SENT, days_ago=0):
    row = Interest.objects.create(listing=listing, from_organisation=sender, to_organisation=listing.organisation,
                                  message="Hello", state=state)
    Interest.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return row


def shown(page):
    return [int(part.split('"')[0]) for part in page.split('data-interest-id="')[1:]]


def test_the_tabs_split_received_awaiting_and_sent_newest_first(client, sides):
    other = make_org(kind="enterprise")
    old = interest(sides.capability, sides.firm, state=Interest.State.DECLINED, days_ago=9)
    waiting = interest(sides.capability, other, days_ago=2)
    newest = interest(sides.capability, make_org(), state=Interest.State.ACCEPTED, days_ago=1)
    sent = interest(make_listing(make_org()), sides.lab)
    client.force_login(sides.lab_owner)

    received = client.get(LIST).content.decode()
    assert shown(received) == [newest.pk, waiting.pk, old.pk]
    assert 'data-testid="awaiting-count">1<' in received
    assert shown(client.get(LIST, {"box": "awaiting"}).content.decode()) == [waiting.pk]
    assert shown(client.get(LIST, {"box": "sent"}).content.decode()) == [sent.pk]
    awaiting = client.get(LIST, {"box": "awaiting"}).content.decode()
    assert 'data-testid="interest-age"' in awaiting and 'aria-current="page" data-testid="tab-awaiting"' in awaiting


def test_the_status_filter_keeps_the_tab(client, sides):
    declined = interest(sides.capability, sides.firm, state=Interest.State.DECLINED)
    interest(sides.capability, make_org())
    client.force_login(sides.lab_owner)
    page = client.get(LIST, {"box": "received", "state": "declined"}).content.decode()
    assert shown(page) == [declined.pk]
    assert '<option value="declined" selected>' in page


def test_a_bad_filter_is_a_400_with_the_field_message(client, sides):
    client.force_login(sides.lab_owner)
    response = client.get(LIST, {"state": "lost"})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()


def test_twenty_a_page_with_a_pager_that_keeps_the_filters(client, sides):
    for n in range(23):
        interest(make_listing(sides.lab), make_org(), days_ago=n)
    client.force_login(sides.lab_owner)
    first = client.get(LIST, {"box": "awaiting"}).content.decode()
    assert len(shown(first)) == 20 and 'href="?box=awaiting&amp;page=2"' in first
    assert len(shown(client.get(LIST, {"box": "awaiting", "page": 2}).content.decode())) == 3


def test_accept_and_decline_are_one_clear_choice_and_each_answer_is_confirmed(client, sides):
    row = interest(sides.capability, sides.firm)
    client.force_login(sides.lab_owner)
    page = client.get(row.get_absolute_url()).content.decode()
    answer = page[page.index('data-testid="answer"'):]
    disclosure = answer[answer.index('data-testid="decline-disclosure"'):answer.index("</details>")]
    assert 'data-testid="accept"' in answer[:answer.index('data-testid="decline-disclosure"')]
    assert 'name="reason"' in disclosure and 'data-testid="decline"' in disclosure

    response = client.post(reverse("collaboration:interest_decline", args=[row.pk]), {"reason": "timing"},
                           follow=True)
    assert 'data-testid="messages"' in response.content.decode()
    assert "message--success" in response.content.decode()
    row.refresh_from_db()
    assert row.state == Interest.State.DECLINED


def test_a_viewer_reads_the_interest_without_the_answer(client, sides):
    row = interest(sides.capability, sides.firm)
    client.force_login(make_member(sides.lab, role="viewer"))
    page = client.get(row.get_absolute_url()).content.decode()
    assert 'data-testid="interest-message"' in page and 'data-testid="answer"' not in page
