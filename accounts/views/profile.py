"""The signed-in person's own profile: the name others see."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

from .. import services
from ..forms import ProfileForm
from .common import add_service_error


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, initial={"display_name": request.user.get_full_name()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.user_update_profile(user=request.user, display_name=form.cleaned_data["display_name"])
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:profile")
        status = 400
    return render(request, "accounts/profile.html", {"form": form}, status=status)
