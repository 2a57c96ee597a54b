from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import user_organisations


@login_required
def dashboard(request):
    return render(request, "accounts/dashboard.html", {"organisations": user_organisations(user=request.user)})
