"""Staff verification of organisations: the queue, approve, reject with a reason."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError, PermissionDeniedError

from .. import selectors, services
from ..forms import RejectVerificationForm
from ..models import Organisation
from ..permissions import can_curate
from .common import staff_required


def _queue_page(request, *, reject_forms=None, status=200):
    reject_forms = reject_forms or {}
    rows = [
        {"organisation": organisation, "can_decide": can_curate(request.user, organisation),
         "reject_form": reject_forms.get(organisation.pk) or RejectVerificationForm(prefix=f"org{organisation.pk}")}
        for organisation in selectors.verification_queue()
    ]
    return render(request, "accounts/staff_verification_queue.html", {"rows": rows}, status=status)


@staff_required
def verification_queue(request):
    return _queue_page(request)


@staff_required
@require_POST
def verification_approve(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        services.organisation_approve_verification(user=request.user, organisation=organisation)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return _queue_page(request, status=400)
    messages.success(request, _("%(organisation)s is verified.") % {"organisation": organisation.display_name()})
    return redirect("accounts:staff_verification_queue")


@staff_required
@require_POST
def verification_reject(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = RejectVerificationForm(request.POST, prefix=f"org{organisation.pk}")
    if form.is_valid():
        try:
            services.organisation_reject_verification(
                user=request.user, organisation=organisation, reason=form.cleaned_data["reason"]
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except ApplicationError as error:
            messages.error(request, error.message)
            return _queue_page(request, status=400)
        messages.success(request, _("Verification of %(organisation)s was rejected.") % {
            "organisation": organisation.display_name(),
        })
        return redirect("accounts:staff_verification_queue")
    return _queue_page(request, reject_forms={organisation.pk: form}, status=400)
