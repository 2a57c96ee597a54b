from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationType


class NotificationFilterForm(forms.Form):
    """The notifications page's query string."""

    unread = forms.BooleanField(label=_("Unread only"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All types"))] + list(NotificationType.choices))
