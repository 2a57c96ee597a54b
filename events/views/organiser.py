"""Organisers' pages: create and change an event, publish it, admit participants, plan the schedule, send the
agendas."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError

from .. import rules
from ..forms import EventForm
from ..services import events as services
from ..services.participation import participant_decide
from ..services.schedule import event_schedule_request
from ..tasks import send_agendas
from .pages import event_or_404, form_error


def _organised(request, pk):
    event = event_or_404(request, pk)
    if not rules.can_organise(request.user, event):
        raise PermissionDenied
    return event


@login_required
def event_create(request):
    if not rules.can_create_events(request.user):
        raise PermissionDenied
    organisers = list(rules.organising_organisations(request.user))
    form = EventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Staff create events for the platform; a member of an allowed organisation for that organisation.
        organiser = None if request.user.is_staff else organisers[0]
        try:
            event = services.event_create(user=request.user, organiser=organiser, **form.cleaned_data)
        except ApplicationError as error:
            form_error(form, error)
        else:
            return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def event_edit(request, pk):
    event = _organised(request, pk)
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.event_update(user=request.user, event=event, **data)
        except ApplicationError as error:
            form_error(form, error)
        else:
            return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"form": form, "event": event},
                  status=400 if form.errors else 200)


def _act(request, event, action, success):
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_publish(request, pk):
    event = _organised(request, pk)
    return _act(request, event, lambda: services.event_publish(user=request.user, event=event),
                _("The event is published."))


@login_required
@require_POST
def participant_decision(request, pk, participant_pk):
    event = _organised(request, pk)
    participant = event.participants.filter(pk=participant_pk).first()
    if participant is None:
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    return _act(request, event, lambda: participant_decide(user=request.user, participant=participant,
                                                           approve=approve, note=request.POST.get("note", "")),
                _("Your decision is recorded."))


@login_required
@require_POST
def schedule_plan(request, pk):
    event = _organised(request, pk)
    replan = request.POST.get("replan") == "on"
    return _act(request, event, lambda: event_schedule_request(user=request.user, event=event, replan=replan),
                _("The schedule is being planned; reload the page in a moment."))


@login_required
@require_POST
def agendas_send(request, pk):
    event = _organised(request, pk)
    return _act(request, event, lambda: send_agendas.delay(event.pk), _("The agendas are being sent."))
