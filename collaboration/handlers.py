"""Who hears about interest, message, outcome and reminder events, and which saved searches a newly published
listing alerts (config/reactions.py registers them)."""
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Membership
from marketplace.models import Listing
from marketplace.selectors import readers_of
from notifications.fanout import Audience
from notifications.handlers import member_ids
from notifications.models import NotificationType as T

from .models import Interest, Message, SavedSearch
from .saved_search_matching import ListingFacts, listing_fits


def _members(organisation_id):
    return member_ids(organisation_id)


def _interest(event):
    return (Interest.objects.select_related("listing", "from_organisation", "to_organisation")
            .filter(pk=event.payload.get("interest_id")).first())


def _name(organisation):
    return organisation.display_name(get_language())


def _excerpt(text, length=300):
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length - 1] + "…"


def interest_sent(event):
    interest = _interest(event)
    if interest is None:
        return []
    return [Audience(
        user_ids=_members(interest.to_organisation_id), type=T.INTEREST, url=interest.get_absolute_url(),
        key=f"interest:{interest.pk}",
        render=lambda: (
            _("%(organisation)s is interested in “%(title)s”")
            % {"organisation": _name(interest.from_organisation), "title": interest.listing.title},
            _excerpt(interest.message),
        ),
    )]


def interest_settled(event):
    """Once answered, the receiving organisation's notices of the interest (and its reminder) are read."""
    interest_id = event.payload.get("interest_id")
    return [f"interest:{interest_id}", f"reminder:{interest_id}"]


def interest_answered(event):
    interest = _interest(event)
    if interest is None:
        return []
    accepted = interest.state != Interest.State.DECLINED

    def render():
        values = {"organisation": _name(interest.to_organisation), "title": interest.listing.title}
        if accepted:
            return (_("%(organisation)s accepted your interest in “%(title)s”") % values,
                    _("Their contact person is now visible and you can exchange messages."))
        reason = str(Interest.DeclineReason(interest.decline_reason).label) if interest.decline_reason else ""
        body = _("Reason: %(reason)s") % {"reason": reason}
        if interest.decline_note:
            body += "\n" + interest.decline_note
        return _("%(organisation)s declined your interest in “%(title)s”") % values, body

    return [Audience(user_ids=_members(interest.from_organisation_id), type=T.INTEREST,
                     url=interest.get_absolute_url(), render=render)]


def _other_side(interest, organisation_id):
    if organisation_id == interest.from_organisation_id:
        return interest.to_organisation_id
    return interest.from_organisation_id


def interest_message(event):
    interest = _interest(event)
    message = Message.objects.select_related("organisation").filter(pk=event.payload.get("message_id")).first()
    if interest is None or message is None:
        return []
    return [Audience(
        user_ids=_members(_other_side(interest, message.organisation_id)), type=T.MESSAGE,
        url=interest.get_absolute_url() + f"#message-{message.pk}",
        exclude_user_ids={message.author_id},
        render=lambda: (
            _("New message from %(organisation)s about “%(title)s”")
            % {"organisation": _name(message.organisation), "title": interest.listing.title},
            _excerpt(message.body),
        ),
    )]


def interest_outcome(event):
    interest = _interest(event)
    if interest is None:
        return []
    actor_id = event.payload.get("actor_id")
    actor_org = Membership.objects.filter(
        user_id=actor_id, organisation_id__in=[interest.from_organisation_id, interest.to_organisation_id]
    ).values_list("organisation_id", flat=True).first() or interest.from_organisation_id
    outcome = event.payload.get("outcome")
    labels = {"started": _("the collaboration has started"), "completed": _("the collaboration is completed"),
              "abandoned": _("the collaboration was abandoned")}
    actor_name_org = (interest.from_organisation if actor_org == interest.from_organisation_id
                      else interest.to_organisation)

    def render():
        return (_("%(organisation)s recorded that %(outcome)s: “%(title)s”")
                % {"organisation": _name(actor_name_org), "outcome": labels.get(outcome, outcome),
                   "title": interest.listing.title},
                interest.outcome_note)

    return [Audience(user_ids=_members(_other_side(interest, actor_org)), type=T.OUTCOME,
                     url=interest.get_absolute_url(), exclude_user_ids={actor_id}, render=render)]


def interest_reminder(event):
    interest = _interest(event)
    if interest is None or interest.state != Interest.State.SENT:
        return []
    return [Audience(
        user_ids=_members(interest.to_organisation_id), type=T.INTEREST, url=interest.get_absolute_url(),
        key=f"reminder:{interest.pk}",
        render=lambda: (
            _("%(organisation)s is still waiting for your answer about “%(title)s”")
            % {"organisation": _name(interest.from_organisation), "title": interest.listing.title},
            _("Accept or decline with a reason: a week has passed since they wrote."),
        ),
    )]


def saved_search_alerts(event):
    """A newly published listing: alert every saved search it fits whose owner may read it (not the listing's
    own organisation)."""
    listing = Listing.objects.select_related("organisation").filter(pk=event.payload.get("listing_id")).first()
    if listing is None:
        return []
    facts = ListingFacts(listing)
    own = set(_members(listing.organisation_id))
    hits = [s for s in SavedSearch.objects.exclude(user_id__in=own) if listing_fits(s.query, facts)]
    readers = readers_of(listing, {s.user_id for s in hits})
    hits = [s for s in hits if s.user_id in readers]
    SavedSearch.objects.filter(pk__in=[s.pk for s in hits]).update(last_run_at=timezone.now())
    return [Audience(
        user_ids=[saved.user_id], type=T.SAVED_SEARCH, url=listing.get_absolute_url(), channel=saved.frequency,
        key=f"saved_search:{saved.pk}:{listing.pk}", listing_id=listing.pk,
        render=lambda saved=saved: (
            _("New for your saved search “%(name)s”: %(title)s") % {"name": saved.name, "title": listing.title},
            listing.summary,
        ),
    ) for saved in hits]
