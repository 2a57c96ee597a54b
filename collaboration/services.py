"""Writes of the collaboration workflow. Each checks who may do it, moves the state and records the outbox
event that tells the other side, all in one transaction."""
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_act_for, require_acting_member
from core.exceptions import ApplicationError, PermissionDeniedError
from core.outbox import outbox_record
from marketplace.models import Listing
from marketplace.selectors import listing_can_view
from matching.services import matches_mark_contacted

from .models import Interest, Message, SavedSearch
from .saved_search_matching import clean_query

S = Interest.State
OUTCOMES = {"started": S.IN_PROGRESS, "completed": S.COMPLETED, "abandoned": S.ABANDONED}
OUTCOME_FROM = {
    S.IN_PROGRESS: {S.ACCEPTED},
    S.COMPLETED: {S.ACCEPTED, S.IN_PROGRESS},
    S.ABANDONED: {S.ACCEPTED, S.IN_PROGRESS},
}
REMIND_AFTER = timedelta(days=7)


def _side_of(user, interest):
    """The organisation on this interest (sender's or owner's) the user acts for as editor or owner, or refuse:
    viewers read the thread but write nothing in it."""
    for organisation in (interest.from_organisation, interest.to_organisation):
        if can_act_for(user, organisation):
            return organisation
    raise PermissionDeniedError(_("Only editors and owners of the two organisations of this interest may do this."))


@transaction.atomic
def interest_send(*, user, organisation, listing, message, collaboration_type=None, proposal=""):
    require_acting_member(user, organisation)
    if listing.organisation_id == organisation.pk:
        raise ApplicationError(_("You cannot express interest in your own organisation's listing."))
    if listing.status != Listing.Status.PUBLISHED or not listing_can_view(user=user, listing=listing):
        raise ApplicationError(_("This listing is not open for interest."))
    message = (message or "").strip()
    if not message:
        raise ApplicationError(_("Write a short message: who you are and why this fits."), field="message")
    open_states = Interest.OPEN_STATES
    if Interest.objects.filter(listing=listing, from_organisation=organisation, state__in=open_states).exists():
        raise ApplicationError(_("Your organisation already has an open interest in this listing."))
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                listing=listing, from_organisation=organisation, from_user=user,
                to_organisation_id=listing.organisation_id, message=message[:5000],
                collaboration_type=collaboration_type, proposal=(proposal or "").strip()[:5000],
            )
    except IntegrityError:  # a concurrent double submit
        raise ApplicationError(_("Your organisation already has an open interest in this listing.")) from None
    outbox_record(type="interest.sent", payload={"interest_id": interest.pk, "actor_id": user.pk})
    matches_mark_contacted(listing=listing, organisation=organisation)
    return interest


def _locked(interest):
    return Interest.objects.select_for_update().select_related("listing", "from_organisation",
                                                               "to_organisation").get(pk=interest.pk)


def _unanswered(user, interest):
    """The interest, locked, once the user may answer it and nobody has yet."""
    interest = _locked(interest)
    require_acting_member(user, interest.to_organisation)
    if interest.state != S.SENT:
        raise ApplicationError(_("This interest has already been answered."))
    return interest


def _record_answer(user, interest, state):
    interest.state = state
    interest.answered_by = user
    interest.answered_at = timezone.now()
    interest.save()
    outbox_record(type="interest.answered", payload={"interest_id": interest.pk, "actor_id": user.pk})
    return interest


@transaction.atomic
def interest_accept(*, user, interest):
    return _record_answer(user, _unanswered(user, interest), S.ACCEPTED)


@transaction.atomic
def interest_decline(*, user, interest, reason, note=""):
    interest = _unanswered(user, interest)
    if reason not in Interest.DeclineReason.values:
        raise ApplicationError(_("Choose a reason: the sender will see it."), field="reason")
    note = (note or "").strip()
    if reason == Interest.DeclineReason.OTHER and not note:
        raise ApplicationError(_("Explain the reason in a few words."), field="note")
    interest.decline_reason = reason
    interest.decline_note = note[:2000]
    return _record_answer(user, interest, S.DECLINED)


@transaction.atomic
def message_post(*, user, interest, body):
    interest = _locked(interest)
    organisation = _side_of(user, interest)
    if not interest.is_open_for_messages:
        raise ApplicationError(_("Messages open once the interest is accepted, and close with the outcome."))
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("The message is empty."), field="body")
    message = Message.objects.create(interest=interest, author=user, organisation=organisation, body=body[:5000])
    Interest.objects.filter(pk=interest.pk).update(updated_at=timezone.now())
    outbox_record(type="interest.message", payload={"interest_id": interest.pk, "message_id": message.pk,
                                                     "actor_id": user.pk})
    return message


@transaction.atomic
def interest_record_outcome(*, user, interest, outcome, note=""):
    interest = _locked(interest)
    _side_of(user, interest)
    target = OUTCOMES.get(outcome)
    if target is None:
        raise ApplicationError(_("Choose an outcome."), field="outcome")
    if interest.state not in OUTCOME_FROM[target]:
        raise ApplicationError(_("This outcome does not follow from the interest's current state."))
    note = (note or "").strip()
    if target == S.ABANDONED and not note:
        raise ApplicationError(_("Say why the collaboration was abandoned."), field="note")
    interest.state = target
    interest.outcome_by = user
    interest.outcome_at = timezone.now()
    interest.outcome_note = note[:2000]
    interest.save()
    outbox_record(type="interest.outcome", payload={"interest_id": interest.pk, "outcome": outcome,
                                                     "actor_id": user.pk})
    return interest


def interests_remind_unanswered(*, now=None):
    """Remind the owners of interests unanswered for 7 days, once each. Idempotent; run daily."""
    now = now or timezone.now()
    reminded = 0
    due = Interest.objects.filter(state=S.SENT, reminded_at__isnull=True, created_at__lte=now - REMIND_AFTER)
    for interest_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            changed = Interest.objects.filter(pk=interest_id, state=S.SENT, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if changed:
                outbox_record(type="interest.reminder", payload={"interest_id": interest_id})
                reminded += 1
    return reminded


def saved_search_create(*, user, name, query, frequency=SavedSearch.Frequency.DAILY):
    if frequency not in SavedSearch.Frequency.values:
        raise ApplicationError(_("Choose how often to be alerted."), field="frequency")
    query = clean_query(query)
    if not query:
        raise ApplicationError(_("Search or filter first, then save the search."))
    name = (name or "").strip() or " ".join(" ".join(values) for values in query.values())[:120]
    return SavedSearch.objects.create(user=user, name=name[:120], query=query, frequency=frequency)


def saved_search_update(*, user, saved_search, name=None, frequency=None):
    if saved_search.user_id != user.pk:
        raise PermissionDeniedError(_("This is not your saved search."))
    if frequency is not None:
        if frequency not in SavedSearch.Frequency.values:
            raise ApplicationError(_("Choose how often to be alerted."), field="frequency")
        saved_search.frequency = frequency
    if name is not None and name.strip():
        saved_search.name = name.strip()[:120]
    saved_search.save()
    return saved_search


def saved_search_mark_seen(*, user, saved_search):
    """The person looks at the search's results: its alerts so far count as read."""
    from notifications.models import Notification, NotificationType

    if saved_search.user_id != user.pk:
        raise PermissionDeniedError(_("This is not your saved search."))
    return Notification.objects.filter(
        recipient=user, type=NotificationType.SAVED_SEARCH, read_at__isnull=True,
        key__startswith=f"saved_search:{saved_search.pk}:",
    ).update(read_at=timezone.now())


def saved_search_delete(*, user, saved_search):
    if saved_search.user_id != user.pk:
        raise PermissionDeniedError(_("This is not your saved search."))
    saved_search.delete()
