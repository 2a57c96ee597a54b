"""The owners' page for API credentials: create (the token is shown once, on the answer to the form) and revoke."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError

from ..forms import OwnedOrganisationForm
from ..models import ApiCredential, Scope
from ..selectors import credentials_of, owned_organisations
from ..services.credentials import credential_create, credential_revoke

NEW_TOKEN_KEY = "api_new_credential_token"


class CredentialForm(OwnedOrganisationForm):
    name = forms.CharField(max_length=100, label=gettext_lazy("Name"),
                           help_text=gettext_lazy("Which system uses it, e.g. “University TTO sync”."))
    scopes = forms.MultipleChoiceField(choices=Scope.choices, widget=forms.CheckboxSelectMultiple,
                                       label=gettext_lazy("Scopes"), initial=[Scope.READ])


@login_required
def credentials_page(request):
    organisations = owned_organisations(user=request.user)
    form = CredentialForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            credential, token = credential_create(
                user=request.user, organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            # Post/redirect/get, so that reloading cannot create a second credential; the token rides in the
            # session for the one page view that shows it.
            request.session[NEW_TOKEN_KEY] = token
            return redirect("api:credentials")
    context = {
        "form": form,
        "token": request.session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None,
        "organisations": organisations,
        "credentials": credentials_of(organisations=organisations),
    }
    return render(request, "api/credentials.html", context)


@login_required
@require_POST
def credential_revoke_view(request, pk):
    credential = get_object_or_404(ApiCredential, pk=pk, organisation__in=owned_organisations(user=request.user))
    credential_revoke(user=request.user, credential=credential)
    messages.success(request, _("The credential “%(name)s” is revoked.") % {"name": credential.name})
    return redirect("api:credentials")
