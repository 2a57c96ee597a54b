"""No flood: matches make one notice per listing, gathered in the daily digest unless its owner chose instant
e-mail; curators keep one notice per queue, read once the queue is empty; an interest's notice is read once it is
answered; nobody but staff is offered the staff-only preference (#15 item 2)."""
import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from accounts.services import organisation_approve_verification, organisation_request_verification
from collaboration.services import interest_accept, interest_send
from core.models import OutboxEvent, OutboxReceipt
from core.outbox import outbox_process, outbox_record
from marketplace.models import Listing
from marketplace.services import listing_publish, listing_reject, listing_submit
from matching.models import Match
from notifications.models import Channel, Notification, NotificationPreference
from tests.factories import make_listing, make_member, make_org, make_staff, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def world():
    firm = make_org(kind="enterprise")
    owner = make_member(firm, role="owner")
    need = make_listing(firm, kind=Listing.Kind.NEED, title="Cloud rendering for a museum")
    labs = [make_org() for _ in range(3)]
    capabilities = [make_listing(lab, kind=Listing.Kind.CAPABILITY, title=f"Capability {n}")
                    for n, lab in enumerate(labs)]
    return SimpleNamespace(firm=firm, owner=owner, need=need, labs=labs, capabilities=capabilities)


def match(need, capability):
    """What the matching engine writes: the Match row and its event, in one transaction."""
    row = Match.objects.create(need=need, capability=capability, found_by=capability, score=0.8,
                               reasons_zh=["技术相同", "同城"],
                               reasons_en=["Same technology", "Same city"])
    outbox_record(type="match.created", payload={
        "match_id": row.pk, "need_id": need.pk, "capability_id": capability.pk, "score": 0.8,
        "reasons_zh": row.reasons_zh, "reasons_en": row.reasons_en, "found_by_listing_id": capability.pk})
    return row


def notices(user, **filters):
    return list(Notification.objects.filter(recipient=user, **filters))


def test_three_matches_of_one_listing_make_one_notice_for_the_daily_digest(world, django_capture_on_commit_callbacks):
    world.owner.language = "en"
    world.owner.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        for capability in world.capabilities:
            match(world.need, capability)
    [notice] = notices(world.owner)
    assert notice.title == "3 new matches for your need “Cloud rendering for a museum”"
    assert "Capability 2" in notice.body and "Same technology; Same city" in notice.body
    assert notice.channel == Channel.DAILY and notice.read_at is None and mail.outbox == []
    call_command("send_digests", "daily")
    [digest] = mail.outbox
    assert digest.to == [world.owner.email] and notice.title in digest.body


def test_the_chinese_notice_counts_and_separates_reasons_in_chinese(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        match(world.need, world.capabilities[0])
    [notice] = notices(world.owner)
    assert "1" in notice.title and "Cloud rendering for a museum" in notice.title
    assert "技术相同；同城" in notice.body and ";" not in notice.body


def test_a_read_notice_comes_back_unread_with_the_next_match(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        match(world.need, world.capabilities[0])
    [notice] = notices(world.owner)
    Notification.objects.filter(pk=notice.pk).update(read_at=timezone.now(), emailed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        match(world.need, world.capabilities[1])
    [again] = notices(world.owner)
    assert again.pk == notice.pk and again.read_at is None and again.emailed_at is None
    assert "Capability 1" in again.body and again.created_at > notice.created_at


def test_instant_stays_a_choice_and_mails_once_per_unread_notice(world, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=world.owner, type="match", channel=Channel.INSTANT)
    with django_capture_on_commit_callbacks(execute=True):
        match(world.need, world.capabilities[0])
        match(world.need, world.capabilities[1])  # while the first notice is still unread: no second e-mail
    assert [m.to for m in mail.outbox] == [[world.owner.email]]
    Notification.objects.filter(recipient=world.owner).update(read_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        match(world.need, world.capabilities[2])  # read since: it comes back, and is mailed again
    assert len(mail.outbox) == 2 and "3" in mail.outbox[1].subject


def test_an_event_handed_over_again_does_not_reopen_what_was_read_since(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        match(world.need, world.capabilities[0])
        match(world.need, world.capabilities[1])
    Notification.objects.filter(recipient=world.owner).update(read_at=timezone.now())
    events = list(OutboxEvent.objects.filter(type="match.created"))
    OutboxEvent.objects.update(processed_at=None)
    OutboxReceipt.objects.all().delete()
    outbox_process(event_ids=[event.pk for event in events])
    assert [n.read_at is not None for n in notices(world.owner)] == [True]


def test_curators_keep_one_notice_of_the_queue_read_once_it_is_empty(django_capture_on_commit_callbacks):
    curator = make_staff()
    firm = make_org(kind="enterprise")
    editor = make_member(firm, role="owner")
    drafts = [make_listing(firm, status=Listing.Status.DRAFT, title=f"Draft {n}") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for draft in drafts:
            listing_submit(user=editor, listing=draft)
    [notice] = notices(curator, type="moderation")
    assert notice.read_at is None and "Draft 2" in notice.body
    assert notice.url == reverse("marketplace:moderation_queue")
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(user=curator, listing=drafts[0])
        listing_reject(user=curator, listing=drafts[1], reason="No budget")
    assert Notification.objects.get(pk=notice.pk).read_at is None  # one still waits
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(user=curator, listing=drafts[2])
    assert Notification.objects.get(pk=notice.pk).read_at is not None
    call_command("send_digests", "daily")
    assert not [m for m in mail.outbox if m.to == [curator.email]]  # read: no news for the digest


def test_verification_requests_make_one_notice_read_once_all_are_decided(django_capture_on_commit_callbacks):
    curator = make_staff()
    firms = [make_org(kind="enterprise") for _ in range(2)]
    owners = [make_member(firm, role="owner") for firm in firms]
    with django_capture_on_commit_callbacks(execute=True):
        for firm, owner in zip(firms, owners, strict=True):
            organisation_request_verification(user=owner, organisation=firm)
    [notice] = notices(curator, type="moderation")
    for firm in firms:
        with django_capture_on_commit_callbacks(execute=True):
            organisation_approve_verification(user=curator, organisation=Organisation.objects.get(pk=firm.pk))
    assert Notification.objects.get(pk=notice.pk).read_at is not None


def test_an_interest_notice_is_read_once_the_organisation_answered_it(world, django_capture_on_commit_callbacks):
    lab_person = make_member(world.labs[0], role="owner")
    colleague = make_member(world.firm, role="editor")
    with django_capture_on_commit_callbacks(execute=True):
        interest = interest_send(user=lab_person, organisation=world.labs[0], listing=world.need,
                                 message="We built this for another museum.")
    assert [n.read_at for n in notices(colleague, type="interest")] == [None]
    with django_capture_on_commit_callbacks(execute=True):
        interest_accept(user=world.owner, interest=interest)
    assert all(n.read_at for n in notices(colleague, type="interest"))
    assert [n.read_at for n in notices(lab_person, type="interest")] == [None]  # the answer is news to them


def test_only_staff_are_offered_the_staff_only_preference(client):
    member = make_user()
    client.force_login(member)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="pref-match"' in page and 'name="pref-moderation"' not in page
    assert re.search(r'name="pref-match" value="daily"[^>]*checked', page)  # the digest is the default
    client.post(reverse("notifications:preferences"), {"pref-moderation": "off", "pref-match": "instant"})
    assert dict(NotificationPreference.objects.filter(user=member).values_list("type", "channel")) == {
        "match": "instant"}
    assert 'value="moderation"' not in client.get(reverse("notifications:list")).content.decode()
    client.force_login(make_staff())
    assert 'name="pref-moderation"' in client.get(reverse("notifications:preferences")).content.decode()
