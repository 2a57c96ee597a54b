"""The one place where errors become HTTP responses. Every error body is {"detail": str, "errors": {field: [str]}}
("errors" only when there are field errors)."""
import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import ApplicationError, PermissionDeniedError

logger = logging.getLogger(__name__)


def _flatten(errors, prefix=""):
    """DRF's nested error structures as {"field" or "field.0.sub": [messages]}."""
    result = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _flatten(value, name).items():
                result.setdefault(field, []).extend(messages)
    elif isinstance(errors, list):
        if all(not isinstance(item, (dict, list)) for item in errors):
            result[prefix or "non_field_errors"] = [str(item) for item in errors]
        else:
            for index, item in enumerate(errors):
                if item:
                    result.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        result[prefix or "non_field_errors"] = [str(errors)]
    return result


def _django_validation_errors(error):
    if hasattr(error, "message_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"non_field_errors": [str(m) for m in error.messages]}


def error_body(detail, errors=None):
    body = {"detail": str(detail)}
    if errors:
        body["errors"] = errors
    return body


def api_exception_handler(exc, context):
    if isinstance(exc, PermissionDeniedError):
        return Response(error_body(exc.message), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ApplicationError):
        errors = {exc.field: [str(exc.message)]} if exc.field else None
        return Response(error_body(exc.message, errors), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        return Response(error_body(_("Invalid input."), _django_validation_errors(exc)),
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.ValidationError):
        response = drf_exception_handler(exc, context)
        response.data = error_body(_("Invalid input."), _flatten(exc.detail))
        return response
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: let Django log it and answer 500
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
    response.data = error_body(detail)
    return response
