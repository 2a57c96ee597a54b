"""Who hears about listing and match events (tasks run in-process here; the worker tests run the same path
through a real Celery worker)."""
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import Organisation
from core.models import OutboxEvent, OutboxReceipt
from core.outbox import outbox_record
from marketplace.models import Listing
from marketplace.services import listing_publish, listing_reject, listing_submit
from notifications.models import Channel, Notification, NotificationPreference
from tests.factories import make_listing, make_member, make_org, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def firm():
    org = make_org(kind="enterprise")
    owner = make_member(org, role="owner")
    editor = make_member(org, role="editor")
    return SimpleNamespace(org=org, owner=owner, editor=editor)


def recipients(**filters):
    return set(Notification.objects.filter(**filters).values_list("recipient__email", flat=True))


def test_publishing_notifies_the_owners_members_only(firm, django_capture_on_commit_callbacks):
    staff = make_staff()
    bystander = make_member(make_org())
    need = make_listing(firm.org, kind=Listing.Kind.NEED, status=Listing.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(user=staff, listing=need)
    assert recipients(type="listing_review") == {firm.owner.email, firm.editor.email}
    assert bystander.email not in recipients()
    event = OutboxEvent.objects.get(type="listing.published")
    assert event.dispatched_at and event.processed_at
    assert sorted(m.to[0] for m in mail.outbox) == sorted([firm.owner.email, firm.editor.email])
    assert all(n.emailed_at for n in Notification.objects.filter(type="listing_review"))


def test_an_email_subject_names_the_platform_in_the_recipients_language(firm, django_capture_on_commit_callbacks):
    firm.owner.language, firm.editor.language = "zh-hans", "en"
    firm.owner.save(update_fields=["language"])
    firm.editor.save(update_fields=["language"])
    need = make_listing(firm.org, kind=Listing.Kind.NEED, status=Listing.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(user=make_staff(), listing=need)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[firm.owner.email].startswith("[文化科技产学研对接平台] ")
    assert subjects[firm.editor.email].startswith("[CultureTech Exchange] ")


def test_rejection_tells_the_members_why(firm, django_capture_on_commit_callbacks):
    need = make_listing(firm.org, kind=Listing.Kind.NEED, status=Listing.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        listing_reject(user=make_staff(), listing=need, reason="Budget range is missing")
    notification = Notification.objects.get(recipient=firm.owner)
    assert "Budget range is missing" in notification.body
    assert notification.url == need.get_absolute_url()


def test_a_submitted_listing_reaches_staff_in_their_daily_digest(firm, django_capture_on_commit_callbacks):
    staff = make_staff()
    need = make_listing(firm.org, kind=Listing.Kind.NEED, status=Listing.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        listing_submit(user=firm.editor, listing=need)
    notification = Notification.objects.get(recipient=staff, type="moderation")
    assert notification.channel == Channel.DAILY and notification.emailed_at is None
    assert mail.outbox == []


def test_the_event_is_written_in_the_transaction_of_the_change(firm):
    need = make_listing(firm.org, kind=Listing.Kind.NEED, status=Listing.Status.SUBMITTED)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            listing_publish(user=make_staff(), listing=need)
            raise RuntimeError("the change fails after the signal")
    assert not OutboxEvent.objects.exists()


def test_a_match_tells_both_sides_owners_once_per_listing_of_theirs(firm, django_capture_on_commit_callbacks):
    need = make_listing(firm.org, kind=Listing.Kind.NEED)
    labs = [make_org(), make_org()]
    lab_people = [make_member(lab) for lab in labs]
    capabilities = [make_listing(lab, kind=Listing.Kind.CAPABILITY) for lab in labs]
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for capability in capabilities:
                record_match(need, capability)
    assert recipients(type="match") == {firm.owner.email, firm.editor.email} | {p.email for p in lab_people}
    assert Notification.objects.filter(recipient=firm.owner).count() == 1  # one per listing, however many matches
    lab_note = Notification.objects.get(recipient=lab_people[0])
    assert lab_note.url == capabilities[0].get_absolute_url() + "#matches"  # where its matches are listed
    assert need.title in lab_note.body and "技术相同" in lab_note.body


def record_match(need, capability):
    """The event the matching engine records with a new Match (matching.services)."""
    outbox_record(type="match.created", payload={
        "match_id": None, "need_id": need.pk, "capability_id": capability.pk, "score": 0.8,
        "reasons_zh": ["技术相同"], "reasons_en": ["Same technology"], "found_by_listing_id": need.pk})


@pytest.mark.parametrize("newer", ["need", "capability"])
def test_a_match_never_quotes_a_verified_only_listing_to_an_unverified_organisation(firm, newer,
                                                                                  django_capture_on_commit_callbacks):
    """The firm (unverified) and a verified lab whose capability is for verified organisations only: whichever is
    newer, the firm hears nothing of the capability; the lab hears of the firm's public need."""
    need = make_listing(firm.org, kind=Listing.Kind.NEED, title="公开需求")
    lab = make_org(verified=True)
    lab_member = make_member(lab)
    capability = make_listing(lab, kind=Listing.Kind.CAPABILITY, visibility=Listing.Visibility.VERIFIED,
                              title="仅限认证机构的能力")
    older = capability if newer == "need" else need
    Listing.objects.filter(pk=older.pk).update(published_at=older.published_at.replace(year=2020))
    need.refresh_from_db(), capability.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        record_match(need, capability)
    assert recipients(type="match") == {lab_member.email}
    assert not [m for m in mail.outbox if {firm.owner.email, firm.editor.email} & set(m.to)]


def test_preferences_turn_a_type_off_or_keep_it_on_the_site(firm, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=firm.owner, type="listing_review", channel=Channel.OFF)
    NotificationPreference.objects.create(user=firm.editor, type="listing_review", channel=Channel.IN_APP)
    need = make_listing(firm.org, kind=Listing.Kind.NEED, status=Listing.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(user=make_staff(), listing=need)
    assert recipients() == {firm.editor.email}
    assert mail.outbox == []


def test_redelivering_an_event_creates_nothing_new(firm, django_capture_on_commit_callbacks):
    from core.tasks import process_events

    need = make_listing(firm.org, kind=Listing.Kind.NEED, status=Listing.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(user=make_staff(), listing=need)
    event = OutboxEvent.objects.get(type="listing.published")
    for _ in range(3):
        process_events.delay([event.pk])
    assert Notification.objects.filter(event=event).count() == 2
    assert len(mail.outbox) == 2


def test_a_reaction_run_again_after_a_crash_notifies_and_mails_nobody_twice(firm, django_capture_on_commit_callbacks):
    """A worker that died after the notifications and their e-mails went out, before the receipts were written:
    the retry runs the reaction again and finds them."""
    from core.outbox import outbox_process

    need = make_listing(firm.org, kind=Listing.Kind.NEED, status=Listing.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(user=make_staff(), listing=need)
    event = OutboxEvent.objects.get(type="listing.published")
    OutboxReceipt.objects.filter(event=event).delete()
    OutboxEvent.objects.filter(pk=event.pk).update(processed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_process(event_ids=[event.pk])
    assert Notification.objects.filter(event=event).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([firm.owner.email, firm.editor.email])
    assert OutboxEvent.objects.get(pk=event.pk).processed_at


def test_verification_decisions_reach_the_organisations_members(firm, django_capture_on_commit_callbacks):
    from accounts.services import organisation_reject_verification

    Organisation.objects.filter(pk=firm.org.pk).update(verification=Organisation.Verification.PENDING)
    firm.org.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        organisation_reject_verification(user=make_staff(), organisation=firm.org,
                                         reason="The business licence is unreadable")
    assert recipients(type="verification") == {firm.owner.email, firm.editor.email}
    assert "unreadable" in Notification.objects.filter(recipient=firm.owner).get().body


def test_verification_requests_reach_staff(firm, django_capture_on_commit_callbacks):
    from accounts.services import organisation_request_verification

    staff = make_staff()
    with django_capture_on_commit_callbacks(execute=True):
        organisation_request_verification(user=firm.owner, organisation=firm.org)
    assert recipients(type="moderation") == {staff.email}
