"""The owners' webhooks page: subscribe, see the delivery log, send a test event, resume, delete."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError

from ..forms import OwnedOrganisationForm
from ..models import WebhookSubscription
from ..selectors import owned_organisations
from ..services.webhooks import (
    SUBSCRIBABLE,
    subscription_create,
    subscription_delete,
    subscription_update,
    webhook_send_test,
)

NEW_SUBSCRIPTION_KEY = "api_new_webhook_subscription"


class SubscriptionForm(OwnedOrganisationForm):
    url = forms.URLField(max_length=500, label=gettext_lazy("URL"), assume_scheme="https")
    events = forms.MultipleChoiceField(choices=[(e, e) for e in SUBSCRIBABLE], widget=forms.CheckboxSelectMultiple,
                                       label=gettext_lazy("Events"))


@login_required
def webhooks_page(request):
    organisations = owned_organisations(user=request.user)
    form = SubscriptionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            created = subscription_create(user=request.user, organisation=form.cleaned_data["organisation"],
                                          url=form.cleaned_data["url"], events=form.cleaned_data["events"])
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session[NEW_SUBSCRIPTION_KEY] = created.pk  # its secret is shown on the next page view only
            return redirect("api:webhooks")
    created = None
    if request.method == "GET" and NEW_SUBSCRIPTION_KEY in request.session:
        created = WebhookSubscription.objects.filter(pk=request.session.pop(NEW_SUBSCRIPTION_KEY),
                                                     organisation__in=organisations).first()
    subscriptions = WebhookSubscription.objects.filter(organisation__in=organisations).select_related("organisation")
    rows = [(subscription, subscription.deliveries.order_by("-created_at", "-id")[:20])
            for subscription in subscriptions]
    return render(request, "api/webhooks.html", {"form": form, "rows": rows, "created": created,
                                                 "organisations": organisations})


def _owned_subscription(request, pk):
    return get_object_or_404(WebhookSubscription, pk=pk, organisation__in=owned_organisations(user=request.user))


@login_required
@require_POST
def webhook_test_view(request, pk):
    webhook_send_test(user=request.user, subscription=_owned_subscription(request, pk))
    messages.success(request, _("A test event is on its way; its result appears in the log below."))
    return redirect("api:webhooks")


@login_required
@require_POST
def webhook_resume_view(request, pk):
    subscription_update(user=request.user, subscription=_owned_subscription(request, pk), paused=False)
    messages.success(request, _("The subscription is active again."))
    return redirect("api:webhooks")


@login_required
@require_POST
def webhook_delete_view(request, pk):
    subscription_delete(user=request.user, subscription=_owned_subscription(request, pk))
    messages.success(request, _("The subscription is deleted."))
    return redirect("api:webhooks")
