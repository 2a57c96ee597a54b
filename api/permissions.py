"""Who may call what. Credentials carry scopes; a browser session has every scope of its user. Object-level
rights (editor of the listing's organisation, and so on) are checked by the services, as on the site."""
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from .models import ApiCredential, Scope


def request_credential(request):
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiCredential) else None


def required_scope(request, view):
    """A view names its scopes per action in `scopes`; by default reads need "read" and writes "write"."""
    action = getattr(view, "action", None)
    scopes = getattr(view, "scopes", {})
    if action in scopes:
        return scopes[action]
    if request.method in permissions.SAFE_METHODS:
        return scopes.get("safe", Scope.READ)
    return scopes.get("unsafe", Scope.WRITE)


class ScopedAccess(permissions.BasePermission):
    """Reads are open unless the view says `login_required`; writes need a signed-in user or a credential;
    a credential needs the scope of the action."""

    def has_permission(self, request, view):
        login_required = getattr(view, "login_required", False) or request.method not in permissions.SAFE_METHODS
        if login_required and not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated()
        credential = request_credential(request)
        if credential is not None:
            scope = required_scope(request, view)
            if scope and not credential.has_scope(scope):
                raise exceptions.PermissionDenied(
                    _("This credential lacks the “%(scope)s” scope.") % {"scope": scope}
                )
        return True
