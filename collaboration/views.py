from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.exceptions import ApplicationError, PermissionDeniedError
from marketplace.models import Listing
from marketplace.selectors import listings_visible_to

from . import services
from .forms import DeclineForm, InterestFilterForm, InterestForm, MessageForm, OutcomeForm, SavedSearchForm
from .models import SavedSearch
from .selectors import (
    interest_box_counts,
    interest_for,
    interest_messages,
    interest_options,
    interest_permissions,
    interests_in_box,
    saved_search_rows,
    saved_search_url,
    saved_searches_for,
)

INTERESTS_PER_PAGE = 20


@login_required
def interest_create(request, listing_pk):
    listing = get_object_or_404(listings_visible_to(request.user).select_related("organisation"), pk=listing_pk)
    options = interest_options(user=request.user, listing=listing)
    if options["open_interest"] is not None:
        return redirect(options["open_interest"].get_absolute_url())
    organisations = Organisation.objects.filter(pk__in=[o.pk for o in options["organisations"]])
    form = InterestForm(request.POST or None, organisations=organisations,
                        initial=_initial_from_lead(request, listing, organisations))
    if request.method == "POST" and form.is_valid():
        try:
            interest = services.interest_send(user=request.user, listing=listing, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect(interest.get_absolute_url())
    return render(request, "collaboration/interest_form.html", {"form": form, "listing": listing,
                                                                  "options": options})


def _initial_from_lead(request, listing, organisations):
    """From a lead on the dashboard (?about=<our listing>): on behalf of that listing's organisation, with a first
    message to edit (the message stays required)."""
    about = Listing.objects.filter(pk=request.GET.get("about") or 0, organisation__in=organisations).first()
    if about is None:
        return {}
    return {"organisation": about.organisation_id, "message": _(
        "The platform matched our %(kind)s “%(own)s” with your “%(title)s”. We would like to talk about working "
        "together.") % {"kind": about.get_kind_display(), "own": about.title, "title": listing.title}}


@login_required
def interest_list(request):
    """Tabs (received, awaiting your reply, sent), a status filter, newest first, 20 a page."""
    form = InterestFilterForm(request.GET)
    valid = form.is_valid()
    box = (form.cleaned_data.get("box") if valid else "") or "received"
    state = form.cleaned_data.get("state", "") if valid else ""
    rows = interests_in_box(user=request.user, box=box, state=state)
    page = Paginator(rows, INTERESTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "collaboration/interest_list.html", {
        "box": box, "state": state, "filter_form": form, "page": page,
        "counts": interest_box_counts(user=request.user),
    }, status=200 if valid else 400)


def _interest_or_404(request, pk):
    interest = interest_for(user=request.user, pk=pk)
    if interest is None:
        raise Http404
    return interest


@login_required
def interest_detail(request, pk):
    interest = _interest_or_404(request, pk)
    return render(request, "collaboration/interest_detail.html", {
        "interest": interest, **interest_permissions(user=request.user, interest=interest),
        "thread": interest_messages(interest=interest), "decline_form": DeclineForm(),
        "message_form": MessageForm(), "outcome_form": OutcomeForm(),
    })


def _act(request, pk, action, *, done):
    """Run a service on the interest; back to its page with `done` (or the service's refusal) as a message."""
    interest = _interest_or_404(request, pk)
    try:
        action(interest)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(interest.get_absolute_url())


@login_required
@require_POST
def interest_accept(request, pk):
    return _act(request, pk, lambda interest: services.interest_accept(user=request.user, interest=interest),
                done=_("Accepted. Both contact persons are shown below and you can now exchange messages."))


@login_required
@require_POST
def interest_decline(request, pk):
    form = DeclineForm(request.POST)

    def decline(interest):
        if not form.is_valid():
            raise ApplicationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        services.interest_decline(user=request.user, interest=interest, **form.cleaned_data)

    return _act(request, pk, decline, done=_("Declined. They have been told your reason."))


@login_required
@require_POST
def interest_message(request, pk):
    form = MessageForm(request.POST)

    def post(interest):
        if not form.is_valid():
            raise ApplicationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        services.message_post(user=request.user, interest=interest, **form.cleaned_data)

    return _act(request, pk, post, done=_("Message sent."))


@login_required
@require_POST
def interest_outcome(request, pk):
    form = OutcomeForm(request.POST)

    def record(interest):
        if not form.is_valid():
            raise ApplicationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        services.interest_record_outcome(user=request.user, interest=interest, **form.cleaned_data)

    return _act(request, pk, record, done=_("Outcome recorded."))


@login_required
def saved_search_list(request):
    return render(request, "collaboration/saved_search_list.html", {
        "rows": saved_search_rows(user=request.user), "frequencies": SavedSearch.Frequency.choices,
    })


def _back(request):
    back = request.POST.get("next") or ""
    return back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else ""


@login_required
@require_POST
def saved_search_create(request):
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_back(request) or "collaboration:saved_searches")
    try:
        saved = services.saved_search_create(
            user=request.user, name=form.cleaned_data["name"],
            query=QueryDict(form.cleaned_data["query"] or ""), frequency=form.cleaned_data["frequency"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_back(request) or "collaboration:saved_searches")
    messages.success(request, _("“%(name)s” is saved. Alerts: %(frequency)s.")
                     % {"name": saved.name, "frequency": saved.get_frequency_display()})
    return redirect("collaboration:saved_searches")


@login_required
@require_POST
def saved_search_update(request, pk):
    saved = get_object_or_404(saved_searches_for(user=request.user), pk=pk)
    try:
        services.saved_search_update(user=request.user, saved_search=saved, name=request.POST.get("name"),
                                     frequency=request.POST.get("frequency") or None)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(name)s” is updated.") % {"name": saved.name})
    return redirect("collaboration:saved_searches")


@login_required
@require_POST
def saved_search_results(request, pk):
    """Open the search's results, newest first; its alerts so far count as seen."""
    saved = get_object_or_404(saved_searches_for(user=request.user), pk=pk)
    services.saved_search_mark_seen(user=request.user, saved_search=saved)
    return redirect(saved_search_url(saved, sort="newest"))


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved = get_object_or_404(saved_searches_for(user=request.user), pk=pk)
    services.saved_search_delete(user=request.user, saved_search=saved)
    messages.success(request, _("“%(name)s” is deleted; its alerts have stopped.") % {"name": saved.name})
    return redirect("collaboration:saved_searches")
