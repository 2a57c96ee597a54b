"""Reads of matchmaking events: lists, the participant directory, proposals, requests, agendas and figures."""
from django.db.models import Count, Prefetch, Q

from accounts.models import Membership
from accounts.permissions import can_act_for

from .models import Event, Meeting, MeetingReport, Participant, Proposal
from .rules import can_organise, organising_organisations

P = Participant.Status
S = Meeting.State
FIGURES = ("registrations", "pending", "requests", "accepted", "placed", "held", "follow_ups")


def events_visible_to(user):
    """Published events for everyone; drafts and cancelled ones for those who organise them."""
    visible = Q(status=Event.Status.PUBLISHED)
    if getattr(user, "is_staff", False):
        return Event.objects.all()
    if getattr(user, "is_authenticated", False):
        visible |= Q(organiser__in=organising_organisations(user))
    return Event.objects.filter(visible)


def event_for(*, user, pk):
    return events_visible_to(user).filter(pk=pk).first()


def user_participants(*, user, event):
    """The user's organisations' participations at the event (any role; viewers read)."""
    if not getattr(user, "is_authenticated", False):
        return []
    org_ids = Membership.objects.filter(user=user).values("organisation_id")
    return list(event.participants.filter(organisation_id__in=org_ids).select_related("organisation"))


def participant_for(*, user, event, pk=None):
    """The participation the user reads the event as: the one asked for, else the first they act for."""
    mine = user_participants(user=user, event=event)
    if pk is not None:
        return next((p for p in mine if str(p.pk) == str(pk)), None)
    acting = [p for p in mine if can_act_for(user, p.organisation)]
    return (acting or mine or [None])[0]


def participants_directory(*, event, text=""):
    """Admitted participants with what they bring, searchable by name, listing title and profile."""
    rows = (event.participants.filter(status=P.APPROVED).select_related("organisation")
            .prefetch_related("listings"))
    text = (text or "").strip()
    if text:
        rows = rows.filter(Q(organisation__name_zh__icontains=text) | Q(organisation__name_en__icontains=text)
                           | Q(listings__title__icontains=text) | Q(offer__icontains=text)
                           | Q(seek__icontains=text)).distinct()
    return rows.order_by("organisation__name_zh")


def proposals_for(*, participant, limit=50):
    """[(proposal, other participant, my listing, their listing, open meeting or None)], best first."""
    if participant is None or participant.status != P.APPROVED:
        return []
    rows = (Proposal.objects.filter(Q(a=participant) | Q(b=participant), a__status=P.APPROVED, b__status=P.APPROVED)
            .select_related("a__organisation", "b__organisation", "a_listing", "b_listing")
            .order_by("-score", "pk")[:limit])
    meetings = {}
    for meeting in Meeting.objects.filter(Q(requester=participant) | Q(invitee=participant),
                                          state__in=[S.REQUESTED, S.ACCEPTED]):
        other_id = meeting.invitee_id if meeting.requester_id == participant.pk else meeting.requester_id
        meetings[other_id] = meeting
    result = []
    for proposal in rows:
        mine_is_a = proposal.a_id == participant.pk
        other = proposal.b if mine_is_a else proposal.a
        result.append({"proposal": proposal, "other": other,
                       "my_listing": proposal.a_listing if mine_is_a else proposal.b_listing,
                       "their_listing": proposal.b_listing if mine_is_a else proposal.a_listing,
                       "meeting": meetings.get(other.pk)})
    return result


def _meetings():
    return Meeting.objects.select_related("requester__organisation", "invitee__organisation", "slot",
                                          "requester_listing", "invitee_listing", "event", "interest")


def meetings_of(*, participant):
    """Every meeting of the participant, incoming and outgoing."""
    return _meetings().filter(Q(requester=participant) | Q(invitee=participant))


def meeting_for(*, user, event, pk):
    """A meeting of one of the user's organisations (or any, for the event's organisers)."""
    rows = _meetings().filter(event=event, pk=pk)
    if not can_organise(user, event):
        org_ids = Membership.objects.filter(user=user).values("organisation_id")
        rows = rows.filter(Q(requester__organisation_id__in=org_ids) | Q(invitee__organisation_id__in=org_ids))
    return rows.prefetch_related(Prefetch("reports", queryset=MeetingReport.objects.select_related("participant")
                                          )).first()


def agenda_for(*, participant):
    """The participant's placed meetings, in time order."""
    return (meetings_of(participant=participant).filter(state=S.ACCEPTED, slot__isnull=False)
            .order_by("slot__starts_at"))


def event_schedule_overview(*, event):
    """For the organiser: placed meetings by slot, and the accepted ones left out with their reason."""
    accepted = _meetings().filter(event=event, state=S.ACCEPTED)
    return {"placed": list(accepted.filter(slot__isnull=False).order_by("slot__starts_at", "table")),
            "unplaced": list(accepted.filter(slot__isnull=True).order_by("-score"))}


def event_figures(event):
    """The event's figures for the organiser's page: see events_figures."""
    return events_figures([event.pk])[event.pk]


def events_figures(event_ids):
    """{event id: figures} of many events at once (the insights list every event held): registrations (admitted)
    and pending ones, meeting requests, accepted, placed, held (at least one side says it took place) and
    follow-ups (meetings turned into an interest). One grouped query per kind of row, whatever the number."""
    ids = list(event_ids)
    figures = {pk: dict.fromkeys(FIGURES, 0) for pk in ids}
    # order_by(): the models' default orderings would otherwise join the GROUP BY.
    for row in (Participant.objects.filter(event_id__in=ids).order_by().values("event_id")
                .annotate(registrations=Count("pk", filter=Q(status=P.APPROVED)),
                          pending=Count("pk", filter=Q(status=P.PENDING)))):
        figures[row.pop("event_id")].update(row)
    for row in (Meeting.objects.filter(event_id__in=ids).order_by().values("event_id")
                .annotate(requests=Count("pk"), accepted=Count("pk", filter=Q(state=S.ACCEPTED)),
                          placed=Count("pk", filter=Q(state=S.ACCEPTED, slot__isnull=False)),
                          follow_ups=Count("pk", filter=Q(interest__isnull=False)))):
        figures[row.pop("event_id")].update(row)
    for event_id, held in (MeetingReport.objects.filter(meeting__event_id__in=ids, held=True).order_by()
                           .values("meeting__event_id").annotate(n=Count("meeting", distinct=True))
                           .values_list("meeting__event_id", "n")):
        figures[event_id]["held"] = held
    return figures
