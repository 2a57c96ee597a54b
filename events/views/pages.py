"""The event pages participants use: the list, an event (proposals, directory, requests, agenda), registration,
availability and the .ics agenda."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from accounts.permissions import can_act_for
from collaboration.forms import DeclineForm
from core.exceptions import ApplicationError, PermissionDeniedError

from .. import rules, selectors
from ..calendar import agenda_ics
from ..forms import AvailabilityForm, RegistrationForm
from ..services import participation


def event_or_404(request, pk):
    event = selectors.event_for(user=request.user, pk=pk)
    if event is None:
        raise Http404
    return event


def form_error(form, error):
    """A service's ApplicationError shown on the form field it names (or above the form)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def event_list(request):
    events = selectors.events_visible_to(request.user).prefetch_related("sectors")
    return render(request, "events/event_list.html", {
        "events": events, "can_create": rules.can_create_events(request.user)})


def event_detail(request, pk):
    event = event_or_404(request, pk)
    now = timezone.now()
    participant = selectors.participant_for(user=request.user, event=event, pk=request.GET.get("as"))
    acting = participant is not None and can_act_for(request.user, participant.organisation)
    admitted = participant is not None and participant.status == participant.Status.APPROVED
    booking_started = event.status == event.Status.PUBLISHED and now >= event.booking_opens
    organiser = rules.can_organise(request.user, event)
    context = {
        "event": event, "participant": participant, "acting": acting, "admitted": admitted,
        "mine": selectors.user_participants(user=request.user, event=event),
        "registration_open": rules.registration_open(event, now), "booking_open": rules.booking_open(event, now),
        "booking_started": booking_started, "event_over": rules.event_over(event, now), "organiser": organiser,
        "query": (request.GET.get("q") or "").strip()[:100], "decline_form": DeclineForm(),
        "can_register": bool(_registrable(request.user, event)),
    }
    if admitted:
        meetings = list(selectors.meetings_of(participant=participant).order_by("-created_at"))
        context.update({
            "incoming": [m for m in meetings if m.invitee_id == participant.pk and m.state == "requested"],
            "outgoing": [m for m in meetings if m.requester_id == participant.pk and m.state == "requested"],
            "answered": [m for m in meetings if m.state in ("declined", "cancelled")],
            "agenda": list(selectors.agenda_for(participant=participant)),
            "waiting": [m for m in meetings if m.state == "accepted" and m.slot_id is None],
        })
        if booking_started:
            context["proposals"] = selectors.proposals_for(participant=participant)
    if booking_started and (admitted or organiser):
        context["directory"] = [p for p in selectors.participants_directory(event=event, text=context["query"])
                                if participant is None or p.pk != participant.pk]
    if organiser:
        context.update({"figures": selectors.event_figures(event), "overview": selectors.event_schedule_overview(
            event=event), "pending": event.participants.filter(status="pending").select_related("organisation")})
    return render(request, "events/event_detail.html", context)


def _registrable(user, event):
    """The user's organisations that may still register (editors and owners, not yet registered)."""
    if not getattr(user, "is_authenticated", False):
        return []
    taken = set(event.participants.exclude(status="withdrawn").values_list("organisation_id", flat=True))
    return [org for org in Organisation.objects.filter(memberships__user=user).distinct()
            if org.pk not in taken and can_act_for(user, org)]


def _bring(form):
    """The form's values; nobody ticked means the person filling it in attends."""
    return {**form.cleaned_data, "attendees": list(form.cleaned_data["attendees"]) or None}


@login_required
def register(request, pk):
    event = event_or_404(request, pk)
    organisations = _registrable(request.user, event)
    if not organisations:
        messages.error(request, _("None of your organisations can register for this event."))
        return redirect(event.get_absolute_url())
    organisation = next((o for o in organisations if str(o.pk) == request.GET.get("organisation")), organisations[0])
    form = RegistrationForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            participation.participant_register(user=request.user, event=event, organisation=organisation,
                                               **_bring(form))
        except ApplicationError as error:
            form_error(form, error)
        else:
            return redirect(event.get_absolute_url())
    return render(request, "events/register.html", {"event": event, "form": form, "organisation": organisation,
                                                    "organisations": organisations},
                  status=400 if form.errors else 200)


def _my_participant(request, event):
    participant = selectors.participant_for(user=request.user, event=event, pk=request.GET.get("as"))
    if participant is None or not can_act_for(request.user, participant.organisation):
        raise PermissionDenied
    return participant


@login_required
def participation_edit(request, pk):
    event = event_or_404(request, pk)
    participant = _my_participant(request, event)
    initial = {"listings": participant.listings.all(), "attendees": participant.attendees.all(),
               "offer": participant.offer, "seek": participant.seek}
    form = RegistrationForm(request.POST if request.method == "POST" else None, organisation=participant.organisation,
                            initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            participation.participant_update(user=request.user, participant=participant, **_bring(form))
        except ApplicationError as error:
            form_error(form, error)
        else:
            return redirect(event.get_absolute_url())
    return render(request, "events/register.html", {"event": event, "form": form, "participant": participant,
                                                    "organisation": participant.organisation},
                  status=400 if form.errors else 200)


@login_required
def availability(request, pk):
    event = event_or_404(request, pk)
    participant = _my_participant(request, event)
    form = AvailabilityForm(request.POST if request.method == "POST" else None, event=event,
                            initial={"unavailable_slots": participant.unavailable_slots.all()})
    if request.method == "POST" and form.is_valid():
        try:
            participation.availability_set(user=request.user, participant=participant, **form.cleaned_data)
        except ApplicationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your availability is saved."))
            return redirect(event.get_absolute_url())
    return render(request, "events/availability.html", {"event": event, "form": form, "participant": participant},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def withdraw(request, pk):
    event = event_or_404(request, pk)
    try:
        participation.participant_withdraw(user=request.user, participant=_my_participant(request, event))
    except (ApplicationError, PermissionDeniedError) as error:
        messages.error(request, error.message)
    return redirect(event.get_absolute_url())


@login_required
def agenda_download(request, pk):
    event = event_or_404(request, pk)
    participant = selectors.participant_for(user=request.user, event=event, pk=request.GET.get("as"))
    if participant is None:
        raise Http404
    response = HttpResponse(agenda_ics(participant=participant, language=get_language()),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{event.pk}-{participant.pk}.ics"'
    return response
