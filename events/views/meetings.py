"""Requesting, answering, cancelling and reporting meetings, and turning one into an interest."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from collaboration.forms import DeclineForm
from core.exceptions import ApplicationError

from .. import selectors
from ..forms import MeetingRequestForm, ReportForm
from ..services import meetings as services
from .pages import _my_participant, event_or_404, form_error


@login_required
def meeting_request(request, pk, participant_pk):
    event = event_or_404(request, pk)
    requester = _my_participant(request, event)
    invitee = event.participants.filter(pk=participant_pk, status="approved").select_related("organisation").first()
    if invitee is None:
        raise Http404
    form = MeetingRequestForm(request.POST if request.method == "POST" else None, invitee=invitee)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_request(user=request.user, requester=requester, invitee=invitee, **form.cleaned_data)
        except ApplicationError as error:
            form_error(form, error)
        else:
            return redirect(event.get_absolute_url() + "#requests")
    return render(request, "events/meeting_request.html", {"event": event, "invitee": invitee, "form": form},
                  status=400 if form.errors else 200)


def _meeting_or_404(request, pk, meeting_pk):
    event = event_or_404(request, pk)
    meeting = selectors.meeting_for(user=request.user, event=event, pk=meeting_pk)
    if meeting is None:
        raise Http404
    return event, meeting


@login_required
def meeting_detail(request, pk, meeting_pk):
    event, meeting = _meeting_or_404(request, pk, meeting_pk)
    mine = {p.pk for p in selectors.user_participants(user=request.user, event=event)}
    side = next((p for p in (meeting.requester, meeting.invitee) if p.pk in mine), None)
    reports = list(meeting.reports.all())
    started = meeting.slot is not None and meeting.slot.starts_at <= timezone.now()
    return render(request, "events/meeting_detail.html", {
        "event": event, "meeting": meeting, "reports": reports, "side": side,
        "can_report": side is not None and meeting.state == "accepted" and started,
        "held": any(report.held for report in reports),
        "decline_form": DeclineForm(), "report_form": ReportForm(),
    })


def _act(request, pk, meeting_pk, action, form=None):
    event, meeting = _meeting_or_404(request, pk, meeting_pk)
    try:
        if form is not None and not form.is_valid():
            raise ApplicationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        action(meeting, **(form.cleaned_data if form is not None else {}))
    except ApplicationError as error:
        messages.error(request, error.message)
    back = request.POST.get("next") or ""
    return redirect(back if back.startswith("/events/") else meeting.get_absolute_url())


@login_required
@require_POST
def meeting_accept(request, pk, meeting_pk):
    return _act(request, pk, meeting_pk, lambda m: services.meeting_accept(user=request.user, meeting=m))


@login_required
@require_POST
def meeting_decline(request, pk, meeting_pk):
    return _act(request, pk, meeting_pk, lambda m, **data: services.meeting_decline(user=request.user, meeting=m,
                                                                                     **data), DeclineForm(request.POST))


@login_required
@require_POST
def meeting_cancel(request, pk, meeting_pk):
    return _act(request, pk, meeting_pk, lambda m: services.meeting_cancel(user=request.user, meeting=m))


@login_required
@require_POST
def meeting_report(request, pk, meeting_pk):
    return _act(request, pk, meeting_pk, lambda m, **data: services.meeting_report(user=request.user, meeting=m,
                                                                                    **data), ReportForm(request.POST))


@login_required
@require_POST
def meeting_interest(request, pk, meeting_pk):
    event, meeting = _meeting_or_404(request, pk, meeting_pk)
    try:
        interest = services.meeting_to_interest(user=request.user, meeting=meeting)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(meeting.get_absolute_url())
    return redirect(interest.get_absolute_url())
