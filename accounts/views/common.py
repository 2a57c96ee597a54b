"""Helpers the account views share: domain errors to HTTP, and staff-only access."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.errors import StaffOnly
from core.exceptions import PermissionDeniedError

from ..models import Organisation
from ..permissions import is_curator


def organisation_or_404(slug):
    return get_object_or_404(Organisation, slug=slug)


def add_service_error(form, error):
    """Show an ApplicationError next to its field, or above the form when it names no field of the form."""
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(error.message)
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def staff_required(view):
    """Signed-out visitors are sent to sign in; signed-in people who are not staff get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_curator(request.user):
            raise StaffOnly()
        return view(request, *args, **kwargs)

    return wrapper
