"""Every status transition, legal and illegal, through the services that perform them (table-driven over
TRANSITIONS), with the audit entries and events they leave."""
import datetime
import itertools

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, PermissionDeniedError
from core.models import AuditEntry, OutboxEvent
from marketplace import services
from marketplace.models import Listing
from marketplace.services import TRANSITIONS
from tests.factories import make_listing

pytestmark = pytest.mark.django_db
S = Listing.Status
FUTURE = timezone.localdate() + datetime.timedelta(days=30)


def _perform(target, listing, people):
    """Ask the service that moves a listing to `target` to do it."""
    if target == S.SUBMITTED:
        return services.listing_submit(user=people.editor, listing=listing)
    if target == S.PUBLISHED:
        return services.listing_publish(user=people.staff, listing=listing)
    if target == S.REJECTED:
        return services.listing_reject(user=people.staff, listing=listing, reason="Say which museum.")
    if target == S.CLOSED:
        return services.listing_close(user=people.editor, listing=listing, reason=Listing.CloseReason.FULFILLED)
    if target == S.DRAFT:
        return services.listing_withdraw_submission(user=people.editor, listing=listing)
    raise AssertionError(target)


# Expiry is the scheduler's (tested below); every other target has a service.
TARGETS = [S.SUBMITTED, S.PUBLISHED, S.REJECTED, S.CLOSED, S.DRAFT]
CASES = list(itertools.product(S.values, TARGETS))


def _legal(source, target):
    if target == S.DRAFT:
        # Back to draft is the owner taking a submission back; a rejected listing is edited and resubmitted.
        return source == S.SUBMITTED
    return target in TRANSITIONS[source]


@pytest.mark.parametrize("source,target", CASES, ids=[f"{s}->{t}" for s, t in CASES])
def test_transition_is_allowed_exactly_when_the_workflow_says_so(people, source, target):
    listing = make_listing(people.org, status=source, deadline=FUTURE)
    if _legal(source, target):
        _perform(target, listing, people)
        listing.refresh_from_db()
        assert listing.status == target
    else:
        with pytest.raises(ApplicationError):
            _perform(target, listing, people)
        listing.refresh_from_db()
        assert listing.status == source


def test_every_curation_step_is_audited_with_actor_and_reason(people):
    listing = make_listing(people.org, status=S.DRAFT, deadline=FUTURE)
    services.listing_submit(user=people.editor, listing=listing)
    services.listing_reject(user=people.staff, listing=listing, reason="Too vague: which engine?")
    services.listing_submit(user=people.editor, listing=listing)
    services.listing_publish(user=people.staff, listing=listing)
    services.listing_set_featured(user=people.staff, listing=listing, featured=True)
    services.listing_close(user=people.owner, listing=listing, reason=Listing.CloseReason.WITHDRAWN)
    entries = list(AuditEntry.objects.filter(target_id=listing.pk).order_by("created_at", "pk")
                   .values_list("action", "actor_id", "reason"))
    assert entries == [
        ("listing.submit", people.editor.pk, ""),
        ("listing.reject", people.staff.pk, "Too vague: which engine?"),
        ("listing.submit", people.editor.pk, ""),
        ("listing.approve", people.staff.pk, ""),
        ("listing.feature", people.staff.pk, ""),
        ("listing.close", people.owner.pk, Listing.CloseReason.WITHDRAWN),
    ]
    listing.refresh_from_db()
    assert listing.featured is False and listing.close_reason == "withdrawn" and listing.closed_at


def test_reject_requires_a_reason(people):
    listing = make_listing(people.org, status=S.SUBMITTED)
    with pytest.raises(ApplicationError) as error:
        services.listing_reject(user=people.staff, listing=listing, reason="  ")
    assert error.value.field == "reason"


def test_submitting_with_a_past_deadline_is_refused(people):
    listing = make_listing(people.org, status=S.DRAFT, deadline=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ApplicationError) as error:
        services.listing_submit(user=people.editor, listing=listing)
    assert error.value.field == "deadline"


def test_only_staff_publish_and_only_editors_submit(people):
    listing = make_listing(people.org, status=S.SUBMITTED)
    for user in (people.owner, people.editor, people.viewer, people.outsider):
        with pytest.raises(PermissionDeniedError):
            services.listing_publish(user=user, listing=listing)
    draft = make_listing(people.org, status=S.DRAFT)
    for user in (people.viewer, people.outsider, people.loner):
        with pytest.raises(PermissionDeniedError):
            services.listing_submit(user=user, listing=draft)


def test_expire_moves_only_published_listings_past_their_deadline_and_is_idempotent(people):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    old = make_listing(people.org, status=S.PUBLISHED, deadline=yesterday, featured=True)
    current = make_listing(people.org, status=S.PUBLISHED, deadline=FUTURE)
    old_draft = make_listing(people.org, status=S.DRAFT, deadline=yesterday)
    assert services.listings_expire() == 1
    assert services.listings_expire() == 0
    old.refresh_from_db(), current.refresh_from_db(), old_draft.refresh_from_db()
    assert (old.status, old.featured) == (S.EXPIRED, False)
    assert current.status == S.PUBLISHED and old_draft.status == S.DRAFT
    assert AuditEntry.objects.filter(target_id=old.pk, action="listing.expire", actor=None).count() == 1


def test_services_record_the_event_of_each_change_in_the_outbox(people):
    listing = services.listing_create(user=people.editor, organisation=people.org, kind=Listing.Kind.NEED,
                                      title="Cloud rendering for a museum", summary="We need a render farm.")
    services.listing_update(user=people.editor, listing=listing, summary="We need a render farm soon.")
    services.listing_update(user=people.editor, listing=listing, summary="We need a render farm soon.")  # no change
    services.listing_submit(user=people.editor, listing=listing)
    services.listing_publish(user=people.staff, listing=listing)
    events = OutboxEvent.objects.filter(payload__listing_id=listing.pk).order_by("pk")
    assert [(event.type, event.payload["actor_id"], event.payload["ever_published"]) for event in events] == [
        ("listing.created", people.editor.pk, False), ("listing.updated", people.editor.pk, False),
        ("listing.submitted", people.editor.pk, False), ("listing.published", people.staff.pk, True)]
    audit = AuditEntry.objects.filter(target_id=listing.pk).order_by("pk").values_list("action", "data")
    assert list(audit)[:2] == [("listing.create", {}), ("listing.update", {"fields": ["summary"]})]
