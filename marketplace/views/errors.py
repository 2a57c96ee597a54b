"""Domain errors -> HTTP, in one place: PermissionDeniedError is a 403, any other ApplicationError is shown
to the user on the page they came from."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from core.exceptions import ApplicationError, PermissionDeniedError


def perform(request, action, *, success_message, redirect_to):
    """Run a service call; redirect (303) to `redirect_to` with a success or error message."""
    try:
        action()
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success_message)
    response = redirect(redirect_to)
    response.status_code = 303
    return response


def add_form_error(form, error):
    """Attach a service's ApplicationError to the form field it names (or to the form)."""
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(error.message) from error
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
