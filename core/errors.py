"""The 403 page speaks to the situation. Views raise these refusals (Django's PermissionDenied, so everything
else treats them as any 403); `permission_denied` (handler403) renders templates/403.html with what the person
can do next: nothing to ask for a staff page, an owner to ask for an organisation's page."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _


class StaffOnly(PermissionDenied):
    """A page or action for platform staff alone."""

    def __init__(self, message=None):
        super().__init__(message or _("This page is for platform staff."))


class MembersOnly(PermissionDenied):
    """An organisation's page or action: its owners decide who may."""

    def __init__(self, message, *, organisation):
        super().__init__(message)
        self.organisation = organisation


def permission_denied(request, exception, template_name="403.html"):
    from accounts.selectors import membership_role

    organisation = getattr(exception, "organisation", None)
    reason = str(exception) if exception is not None and exception.args and exception.args[0] else ""
    return render(request, template_name, {
        "reason": reason,
        "staff_only": isinstance(exception, StaffOnly),
        "organisation": organisation,
        "is_member": organisation is not None and membership_role(user=request.user, organisation=organisation),
    }, status=403)
