from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.exceptions import ApplicationError, PermissionDeniedError
from marketplace.selectors import listings_visible_to

from . import services
from .forms import DeclineForm, InterestForm, MessageForm, OutcomeForm, SavedSearchForm
from .models import SavedSearch
from .selectors import (interest_for, interest_messages, interest_options, interest_permissions, interests_received,
                        interests_sent, saved_searches_for)


@login_required
def interest_create(request, listing_pk):
    listing = get_object_or_404(listings_visible_to(request.user).select_related("organisation"), pk=listing_pk)
    options = interest_options(user=request.user, listing=listing)
    if options["open_interest"] is not None:
        return redirect(options["open_interest"].get_absolute_url())
    organisations = Organisation.objects.filter(pk__in=[o.pk for o in options["organisations"]])
    form = InterestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            interest = services.interest_send(user=request.user, listing=listing, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect(interest.get_absolute_url())
    return render(request, "collaboration/interest_form.html", {"form": form, "listing": listing,
                                                                  "options": options})


@login_required
def interest_list(request):
    box = "sent" if request.GET.get("box") == "sent" else "received"
    rows = interests_sent(user=request.user) if box == "sent" else interests_received(user=request.user)
    state = request.GET.get("state") or ""
    if state:
        rows = rows.filter(state=state)
    return render(request, "collaboration/interest_list.html", {"box": box, "interests": rows[:200],
                                                                  "state": state})


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


def _act(request, pk, action):
    interest = _interest_or_404(request, pk)
    try:
        action(interest)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(interest.get_absolute_url())


@login_required
@require_POST
def interest_accept(request, pk):
    return _act(request, pk, lambda interest: services.interest_accept(user=request.user, interest=interest))


@login_required
@require_POST
def interest_decline(request, pk):
    form = DeclineForm(request.POST)

    def decline(interest):
        if not form.is_valid():
            raise ApplicationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        services.interest_decline(user=request.user, interest=interest, **form.cleaned_data)

    return _act(request, pk, decline)


@login_required
@require_POST
def interest_message(request, pk):
    form = MessageForm(request.POST)

    def post(interest):
        if not form.is_valid():
            raise ApplicationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        services.message_post(user=request.user, interest=interest, **form.cleaned_data)

    return _act(request, pk, post)


@login_required
@require_POST
def interest_outcome(request, pk):
    form = OutcomeForm(request.POST)

    def record(interest):
        if not form.is_valid():
            raise ApplicationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        services.interest_record_outcome(user=request.user, interest=interest, **form.cleaned_data)

    return _act(request, pk, record)


@login_required
def saved_search_list(request):
    return render(request, "collaboration/saved_search_list.html", {
        "saved_searches": saved_searches_for(user=request.user), "frequencies": SavedSearch.Frequency.choices,
    })


@login_required
@require_POST
def saved_search_create(request):
    form = SavedSearchForm(request.POST)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if form.is_valid():
        try:
            services.saved_search_create(
                user=request.user, name=form.cleaned_data["name"],
                query=QueryDict(form.cleaned_data["query"] or ""), frequency=form.cleaned_data["frequency"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(back or "collaboration:saved_searches")
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
    return redirect("collaboration:saved_searches")


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved = get_object_or_404(saved_searches_for(user=request.user), pk=pk)
    services.saved_search_delete(user=request.user, saved_search=saved)
    return redirect("collaboration:saved_searches")
